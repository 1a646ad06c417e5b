from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "mosaic.changes"
    label = "changes"
    verbose_name = _("Changes to documents and the work they cause")

    def ready(self):
        from mosaic.changes import signals  # noqa: F401  (edits made outside the writers still reach the service)
