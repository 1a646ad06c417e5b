from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "mosaic.search"
    label = "search"
    verbose_name = "Search"
