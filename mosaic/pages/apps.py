from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PagesConfig(AppConfig):
    name = "mosaic.pages"
    label = "pages"
    verbose_name = pgettext_lazy("the app of public pages", "Pages")  # not the pages of a document (쪽)
