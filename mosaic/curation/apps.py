from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "mosaic.curation"
    label = "curation"
    verbose_name = "Curation: workflow, history and roles"

    def ready(self):
        from mosaic.curation import history

        history.register_versioned_models()
