from django.apps import AppConfig


class LensConfig(AppConfig):
    name = "mosaic.lens"
    label = "lens"
    verbose_name = "Source lens: language markers"

    def ready(self):
        from mosaic.lens import checks  # noqa: F401  (the lexicon check at start-up)
