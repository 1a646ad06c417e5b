from django.db import models

from django.utils.translation import gettext, gettext_lazy as _

from mosaic.common.models import TimeStampedModel, translated_choices
from mosaic.lib.vocabularies import DOCUMENT_RELATION_INVERSES, DOCUMENT_RELATIONS


class DocumentRelation(TimeStampedModel):
    """A curator's link between two documents, read from `document` to `related`: "document is a
    reply to related". Stored once; the related document's page reads it with the inverse label.
    Part of the linking document's record, so its history and restores carry it."""

    document = models.ForeignKey("corpus.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="relations_out")
    related = models.ForeignKey("corpus.Document", on_delete=models.CASCADE, related_name="relations_in",
                                verbose_name=_("related document"))
    kind = models.CharField(_("kind"), max_length=24, choices=translated_choices(DOCUMENT_RELATIONS))
    note = models.CharField(_("note"), max_length=500, blank=True,
                            help_text=_("Why the documents belong together, for readers."))

    class Meta:
        ordering = ["document", "kind", "related"]
        verbose_name = _("document relation")
        verbose_name_plural = _("document relations")
        constraints = [
            models.UniqueConstraint(fields=["document", "related", "kind"], name="unique_document_relation"),
            models.CheckConstraint(condition=~models.Q(document=models.F("related")), name="document_relation_not_to_itself"),
        ]

    def __str__(self):
        return f"{self.document.public_id}: {self.label} {self.related.public_id}"

    @property
    def label(self) -> str:
        return gettext(DOCUMENT_RELATIONS[self.kind])

    @property
    def inverse_label(self) -> str:
        return gettext(DOCUMENT_RELATION_INVERSES[self.kind])
