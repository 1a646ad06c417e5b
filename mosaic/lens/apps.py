from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LensConfig(AppConfig):
    name = "mosaic.lens"
    label = "lens"
    verbose_name = _("Source lens: language markers")

    def ready(self):
        from mosaic.lens import checks  # noqa: F401  (the lexicon check at start-up)
