from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "mosaic.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from mosaic.search import sync  # noqa: F401  (connects the signals that keep the index in step)
