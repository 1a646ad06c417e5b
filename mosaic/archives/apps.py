from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "mosaic.archives"
    label = "archives"
    verbose_name = "Holding archives"
