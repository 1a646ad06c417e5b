from django.apps import AppConfig


class BooksConfig(AppConfig):
    name = "mosaic.books"
    label = "books"
    verbose_name = "Books (PDF and EPUB downloads)"
