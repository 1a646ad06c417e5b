from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "mosaic.pages"
    label = "pages"
    verbose_name = "Pages"
