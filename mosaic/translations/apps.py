from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "mosaic.translations"
    label = "translations"
    verbose_name = "Translation backlog"
