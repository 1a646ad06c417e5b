from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorpusConfig(AppConfig):
    name = "mosaic.corpus"
    label = "corpus"
    verbose_name = _("Documents")
