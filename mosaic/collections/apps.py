from django.apps import AppConfig


class CollectionsConfig(AppConfig):
    name = "mosaic.collections"
    label = "collections"
    verbose_name = "Collections"
