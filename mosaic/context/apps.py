from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "mosaic.context"
    label = "context"
    verbose_name = "Source lens: historical context"
