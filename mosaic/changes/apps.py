from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "mosaic.changes"
    label = "changes"
    verbose_name = "Changes to documents and the work they cause"

    def ready(self):
        from mosaic.changes import signals  # noqa: F401  (edits made outside the writers still reach the service)
