"""Problems readers report about a document (a wrong name, a bad date, a missing page), queued for curators."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mosaic.common.models import TimeStampedModel
from mosaic.corpus.models import Document

MESSAGE_MAX_LENGTH = 2000


class ProblemReport(TimeStampedModel):
    KINDS = {
        "wrong_name": _("Wrong or misspelled name"),
        "wrong_date": _("Wrong date"),
        "missing_page": _("Missing or misordered page"),
        "translation_error": _("Translation error"),
        "wrong_archive_reference": _("Wrong archive reference"),
        "other": _("Other"),
    }
    OPEN, IN_PROGRESS, RESOLVED, DISMISSED = "open", "in_progress", "resolved", "dismissed"
    STATUSES = {OPEN: _("Open"), IN_PROGRESS: _("In progress"), RESOLVED: _("Resolved"), DISMISSED: _("Dismissed")}

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="problem_reports")
    kind = models.CharField(_("problem"), max_length=30, choices=list(KINDS.items()))
    message = models.TextField(_("description"), max_length=MESSAGE_MAX_LENGTH)
    contact_email = models.EmailField(_("contact email"), blank=True,
                                      help_text=_("Given by the reader to hear back; never published."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reader"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="problem_reports",
                             help_text=_("The signed-in reader, if any."))
    # A keyed hash, not the address: enough to throttle one sender, useless for finding out who it was.
    client_hash = models.CharField(_("sender (hashed address)"), max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=list(STATUSES.items()), default=OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="handled_problem_reports")
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    curator_note = models.TextField(_("curator's note"), blank=True,
                                    help_text=_("For staff only: what was done, or why it was dismissed."))

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["client_hash", "created"]),
            models.Index(fields=["status", "created"]),
        ]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")

    def __str__(self):
        return f"{self.get_kind_display()} in {self.document.public_id}"
