from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectsConfig(AppConfig):
    name = "mosaic.subjects"
    verbose_name = _("Subjects and places")

    def ready(self):
        from mosaic.subjects import signals  # noqa: F401  (edits to tags reach the change service)
