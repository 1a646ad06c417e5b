from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "mosaic.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
