"""Checksums of text layers, kept up to date whenever Mosaic itself saves or deletes a layer, so
that the audit can tell an edit made through Mosaic (recorded, with history) from a change made
behind its back. Saves reach `record_documents` through the change service (changes/service.py),
within the saving transaction; a deleted layer's checksum goes with it."""
from __future__ import annotations

import hashlib

from django.db.models.signals import post_delete

from mosaic.corpus.models import TextLayer


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe(layer: TextLayer) -> str:
    return f"{layer.get_kind_display()} ({layer.language})"


def record_layers(layers) -> int:
    """Record (or refresh) the checksums of these layers; bulk-created layers come this way."""
    from mosaic.preservation.models import TextFixity

    rows = [
        TextFixity(layer_id=layer.pk, document_public_id=layer.document.public_id, description=describe(layer),
                   sha256=text_sha256(layer.text), length=len(layer.text))
        for layer in layers
    ]
    TextFixity.objects.bulk_create(rows, update_conflicts=True, unique_fields=["layer_id"],
                                   update_fields=["document_public_id", "description", "sha256", "length", "recorded_at"])
    return len(rows)


def record_documents(document_ids) -> int:
    return record_layers(TextLayer.objects.filter(document_id__in=list(document_ids)).select_related("document"))


def _layer_deleted(sender, instance: TextLayer, **kwargs):
    from mosaic.preservation.models import TextFixity

    TextFixity.objects.filter(layer_id=instance.pk).delete()


def connect_signals() -> None:
    post_delete.connect(_layer_deleted, sender=TextLayer, dispatch_uid="text-fixity-delete")
