from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BooksConfig(AppConfig):
    name = "mosaic.books"
    label = "books"
    verbose_name = _("Books (PDF and EPUB downloads)")
