from django.db import models
from django.utils.translation import gettext_lazy as _

from mosaic.common.models import TimeStampedModel
from mosaic.common.validators import validate_http_url


class Repository(TimeStampedModel):
    """An archive that holds originals: AVPRF, RGANI, MOL, PolA AA, ..."""

    code = models.CharField(_("short code"), max_length=40, unique=True,
                            help_text=_("Short form used in citations, e.g. RGANI."))
    name = models.CharField(_("name"), max_length=255)
    country = models.CharField(_("country"), max_length=60, blank=True,
                               help_text=_("The state whose records it holds."))
    aliases = models.JSONField(_("other names"), default=list, blank=True,
                               help_text=_("Other names and abbreviations, as a list."))
    url = models.URLField(_("website"), blank=True, validators=[validate_http_url],
                          help_text=_("An http:// or https:// address."))

    class Meta:
        ordering = ["code"]
        verbose_name = _("repository")
        verbose_name_plural = _("repositories")

    def __str__(self):
        return f"{self.name} ({self.code})"
