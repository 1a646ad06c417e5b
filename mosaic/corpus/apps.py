from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "mosaic.corpus"
    label = "corpus"
    verbose_name = "Documents"
