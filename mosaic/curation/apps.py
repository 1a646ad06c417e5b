from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    name = "mosaic.curation"
    label = "curation"
    verbose_name = _("Curation: workflow, history and roles")

    def ready(self):
        from mosaic.curation import history

        history.register_versioned_models()
