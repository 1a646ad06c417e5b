from django.apps import AppConfig


class PreservationConfig(AppConfig):
    name = "mosaic.preservation"
    verbose_name = "Preservation: files, fixity, accessions"

    def ready(self):
        from mosaic.preservation import fixity

        fixity.connect_signals()
