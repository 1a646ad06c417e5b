from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "mosaic.ingest"
    label = "ingest"
    verbose_name = "Ingest"
