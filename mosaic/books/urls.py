from django.urls import path

from mosaic.books import views

app_name = "books"
urlpatterns = [
    path("publications/<slug:slug>/book.pdf", views.publication_book, {"fmt": "pdf"}, name="publication-pdf"),
    path("publications/<slug:slug>/book.epub", views.publication_book, {"fmt": "epub"}, name="publication-epub"),
    path("documents/<slug:public_id>/document.pdf", views.document_pdf, name="document-pdf"),
]
