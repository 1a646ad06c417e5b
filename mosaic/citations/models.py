from django.db import models
from django.utils.translation import gettext_lazy as _

from mosaic.corpus.models import Document


class KeptCitation(models.Model):
    """A document's citations as its public facts render them, made by a background job when the
    document changes (citations/kept.py), so that no reader's page waits for citeproc. Derived:
    a restore makes them again, so backups leave them out."""

    document = models.OneToOneField(Document, verbose_name=_("document"), on_delete=models.CASCADE, primary_key=True,
                                    related_name="kept_citation")
    key = models.CharField(_("digest of the facts"), max_length=100, unique=True,
                           help_text=_("The styles' version and a SHA-256 of every fact the citations are made of."))
    texts = models.JSONField(_("citations"), help_text=_("The text of each citation style."))
    made_at = models.DateTimeField(_("made at"), auto_now=True)

    class Meta:
        verbose_name = _("kept citation")
        verbose_name_plural = _("kept citations")

    def __str__(self):
        return f"Citations of document {self.document_id}"
