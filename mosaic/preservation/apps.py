from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreservationConfig(AppConfig):
    name = "mosaic.preservation"
    verbose_name = _("Preservation: files, fixity, accessions")

    def ready(self):
        from mosaic.preservation import fixity

        fixity.connect_signals()
