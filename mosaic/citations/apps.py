from django.apps import AppConfig


class CitationsConfig(AppConfig):
    name = "mosaic.citations"
    label = "citations"
    verbose_name = "Citations"
