from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "mosaic.annotations"
    label = "annotations"
    verbose_name = "Annotations"
