"""Keeping the index in step with the archive: the one place that turns documents into entries."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from mosaic.corpus.models import Document
from mosaic.search.backends.base import SearchBackend
from mosaic.search.entries import documents_for_indexing, index_entry

BATCH = 500


@cache
def _backend_for(vendor: str) -> SearchBackend:
    if vendor == "sqlite":
        from mosaic.search.backends.sqlite_fts import SqliteFtsBackend

        return SqliteFtsBackend()
    raise ImproperlyConfigured(
        f"Mosaic's search runs on SQLite; there is no search backend for a {vendor} database yet"
    )


def get_backend() -> SearchBackend:
    return _backend_for(connection.vendor)


def update_documents(doc_ids: Iterable[int]) -> None:
    """Re-index these documents: public ones get fresh entries, the rest leave the index."""
    doc_ids = list(set(doc_ids))
    backend = get_backend()
    for start in range(0, len(doc_ids), BATCH):
        chunk = doc_ids[start:start + BATCH]
        entries = [index_entry(document) for document in documents_for_indexing(chunk)]
        indexed = {entry.doc_id for entry in entries}
        backend.replace(entries, remove_ids=[pk for pk in chunk if pk not in indexed])


def rebuild() -> int:
    """Empty the index and index every public document again; returns how many were indexed."""
    backend = get_backend()
    backend.clear()
    ids = list(Document.objects.public().values_list("pk", flat=True))
    update_documents(ids)
    return len(ids)
