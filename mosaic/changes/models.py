from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingAnalysis(models.Model):
    """Derived work handed to a background job and not yet done for this document: while a row
    is here, pages say the analysis is being computed instead of showing stale or empty results."""

    MARKERS = "markers"
    NAMES = "names"
    KINDS = [(MARKERS, _("language markers")), (NAMES, _("name links"))]

    document = models.ForeignKey("corpus.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="pending_analyses")
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    requested_at = models.DateTimeField(_("requested at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "kind"], name="one_pending_analysis_per_kind")]
        verbose_name = _("pending analysis")
        verbose_name_plural = _("pending analyses")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of document {self.document_id}"
