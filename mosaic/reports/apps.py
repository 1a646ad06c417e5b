from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mosaic.reports"
    label = "reports"
    verbose_name = "Reader reports"
