"""Who may see which document and which text layer: the one policy every page, the API, search
and exports ask. Staff see everything (marked as not public); everyone else sees published,
public (or past-embargo) documents and only their open text layers."""
from __future__ import annotations

from django.utils import timezone

from mosaic.corpus.models import Document, TextLayer


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def visible_documents(user):
    return Document.objects.all() if is_staff(user) else Document.objects.public()


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
