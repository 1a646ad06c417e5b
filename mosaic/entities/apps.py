from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "mosaic.entities"
    label = "entities"
    verbose_name = "People and organisations"
