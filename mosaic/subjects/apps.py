from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "mosaic.subjects"
    verbose_name = "Subjects and places"

    def ready(self):
        from mosaic.subjects import signals  # noqa: F401  (edits to tags reach the change service)
