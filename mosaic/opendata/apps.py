from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "mosaic.opendata"
    label = "opendata"
    verbose_name = "Open data"
