from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "mosaic.translations"
    label = "translations"
    verbose_name = _("Translation backlog")
