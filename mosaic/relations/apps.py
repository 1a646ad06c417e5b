from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "mosaic.relations"
    label = "relations"
    verbose_name = "Related documents"
