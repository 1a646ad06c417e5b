from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IiifConfig(AppConfig):
    name = "mosaic.iiif"
    verbose_name = _("IIIF page images and manifests")
