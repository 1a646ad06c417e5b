from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "mosaic.publications"
    label = "publications"
    verbose_name = "Publications"
