from django.db import models


class PendingAnalysis(models.Model):
    """Derived work handed to a background job and not yet done for this document: while a row
    is here, pages say the analysis is being computed instead of showing stale or empty results."""

    MARKERS = "markers"
    NAMES = "names"
    KINDS = [(MARKERS, "language markers"), (NAMES, "name links")]

    document = models.ForeignKey("corpus.Document", on_delete=models.CASCADE, related_name="pending_analyses")
    kind = models.CharField(max_length=20, choices=KINDS)
    requested_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "kind"], name="one_pending_analysis_per_kind")]
        verbose_name_plural = "pending analyses"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of document {self.document_id}"
