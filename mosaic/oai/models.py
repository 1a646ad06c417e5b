"""What harvesters have been shown: one row per identifier ever given out (a document's public id),
kept after the document is withdrawn, made non-public or deleted, so that the record can be
reported as deleted for ever (the protocol's deletedRecord "persistent")."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class OaiRecord(models.Model):
    public_id = models.CharField(_("public identifier"), max_length=120, unique=True,
                                 help_text=_("The document's public id: the identifier's last part."))
    # A plain number, not a foreign key: the row outlives its document (trash, a changed public id).
    document_id = models.BigIntegerField(_("document id"), null=True, blank=True, db_index=True)
    public = models.BooleanField(_("public"), default=False, help_text=_("Public at the last look: shown with its metadata."))
    listed = models.BooleanField(_("listed"), default=False,
                                 help_text=_("Public at some time, so harvested for ever (as deleted once not public)."))
    datestamp = models.DateTimeField(_("datestamp"),
                                     help_text=_("When what harvesters see of it last changed (whole seconds, UTC)."))
    digest = models.CharField(_("digest"), max_length=64, blank=True,
                              help_text=_("SHA-256 of the public facts last shown; empty when not public."))
    # " spec other:spec ": spaces around each, so a set and its subsets are found with `contains`.
    sets = models.TextField(_("sets"), blank=True, help_text=_("The setSpecs it was in when last public."))
    recheck_on = models.DateField(_("recheck on"), null=True, blank=True, db_index=True,
                                  help_text=_("The next embargo end that may change what the public sees of it."))

    class Meta:
        indexes = [models.Index(fields=["datestamp", "public_id"], name="oai_record_harvest_order")]
        verbose_name = _("OAI-PMH record")
        verbose_name_plural = _("OAI-PMH records")

    def __str__(self):
        return f"{self.public_id} ({'public' if self.public else 'deleted' if self.listed else 'never public'})"

    def set_specs(self) -> list[str]:
        return self.sets.split()
