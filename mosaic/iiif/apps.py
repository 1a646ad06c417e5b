from django.apps import AppConfig


class IiifConfig(AppConfig):
    name = "mosaic.iiif"
    verbose_name = "IIIF page images and manifests"
