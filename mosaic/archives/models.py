from django.db import models

from mosaic.common.models import TimeStampedModel
from mosaic.common.validators import validate_http_url


class Repository(TimeStampedModel):
    """An archive that holds originals: AVPRF, RGANI, MOL, PolA AA, ..."""

    code = models.CharField(max_length=40, unique=True, help_text="Short form used in citations, e.g. RGANI.")
    name = models.CharField(max_length=255)
    country = models.CharField(max_length=60, blank=True, help_text="The state whose records it holds.")
    aliases = models.JSONField(default=list, blank=True, help_text="Other names and abbreviations, as a list.")
    url = models.URLField(blank=True, validators=[validate_http_url], help_text="An http:// or https:// address.")

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "repositories"

    def __str__(self):
        return f"{self.name} ({self.code})"
