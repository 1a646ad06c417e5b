from django.apps import AppConfig


class LensConfig(AppConfig):
    name = "mosaic.lens"
    label = "lens"
    verbose_name = "Source lens: language markers"

    def ready(self):
        from mosaic.lens import checks, signals  # noqa: F401  (lexicon check at start-up; recompute a layer's markers when saved)
