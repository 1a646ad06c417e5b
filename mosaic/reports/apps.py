from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "mosaic.reports"
    label = "reports"
    verbose_name = _("Reader reports")
