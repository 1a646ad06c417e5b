from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "mosaic.common"
    label = "common"
    verbose_name = "Common"
