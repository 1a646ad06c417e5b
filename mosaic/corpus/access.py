"""Who may see what: the one policy every page, the API, search, exports and feeds ask.

Staff see everything (pages mark what is not public). Everyone else sees published documents
that are public or past their embargo, only their open text layers, and only published
collections and publications. Callers use these functions through the module
(`access.visible_documents(...)`), so the leak test can switch the policy off route by route
and prove that each route depends on it.
"""
from __future__ import annotations

from django.utils import timezone

from mosaic.corpus.models import Document, TextLayer


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def public_documents():
    return Document.objects.public()


def visible_documents(user):
    return Document.objects.all() if is_staff(user) else public_documents()


def visible_layers(document: Document, user) -> list[TextLayer]:
    layers = list(document.text_layers.all())
    if is_staff(user):
        return layers
    today = timezone.localdate()
    return [layer for layer in layers if layer.is_open_to_public(today)]


def withheld_layers(document: Document, user) -> list[TextLayer]:
    """Layers the reader may not see, so the page can say that they exist without showing them."""
    shown = {layer.pk for layer in visible_layers(document, user)}
    return [layer for layer in document.text_layers.all() if layer.pk not in shown]


def public_collections():
    from mosaic.collections.models import Collection

    return Collection.objects.filter(status="published")


def visible_collections(user):
    from mosaic.collections.models import Collection

    return Collection.objects.all() if is_staff(user) else public_collections()


def public_publications():
    from mosaic.publications.models import Publication

    return Publication.objects.filter(status="published")


def visible_files(document: Document, user) -> list:
    """The scans and PDFs of a document the reader may see (the document itself being visible)."""
    files = list(document.files.select_related("stored_file"))
    if is_staff(user):
        return files
    today = timezone.localdate()
    return [item for item in files if item.is_open_to_public(today)]


def stored_file_visible(stored_file, user) -> bool:
    """Whether the reader may see a stored file's pages: staff always; anyone else when it is an
    open file of a document they may see. Accession files are staff-only."""
    if is_staff(user):
        return True
    today = timezone.localdate()
    for link in stored_file.document_links.select_related("document"):
        if link.is_open_to_public(today) and public_documents().filter(pk=link.document_id).exists():
            return True
    return False
