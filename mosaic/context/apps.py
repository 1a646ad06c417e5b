from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContextConfig(AppConfig):
    name = "mosaic.context"
    label = "context"
    verbose_name = _("Source lens: historical context")
