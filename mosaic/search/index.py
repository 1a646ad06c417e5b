"""Keeping the index in step with the archive: the one place that turns documents into entries."""
from __future__ import annotations

from collections.abc import Iterable
import datetime as dt
from functools import cache

from django.db import connection
from django.utils import timezone

from mosaic.search.backends import backend_for_vendor
from mosaic.search.backends.base import SearchBackend
from mosaic.search.entries import documents_for_indexing, index_entry
from mosaic.corpus import access

BATCH = 500


_backend_for = cache(backend_for_vendor)


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


_embargoes_checked_on: dt.date | None = None


def refresh_ended_embargoes(today: dt.date | None = None) -> int:
    """Index the documents whose own embargo, or a text layer's, has ended by today. An embargo
    ends by the calendar, not by an edit, so no signal announces it."""
    from django.db.models import Q

    from mosaic.corpus.models import Document

    today = today or timezone.localdate()
    ended = Q(access="embargoed", embargo_until__lte=today) | Q(text_layers__access="embargoed", text_layers__embargo_until__lte=today)
    ids = set(Document.objects.filter(ended).values_list("pk", flat=True))
    update_documents(ids)
    return len(ids)


def search(query):
    """Run a search; on the first search of each day, first index what an ended embargo opened."""
    global _embargoes_checked_on
    today = timezone.localdate()
    if _embargoes_checked_on != today:
        refresh_ended_embargoes(today)
        _embargoes_checked_on = today
    return get_backend().search(query)


def rebuild() -> int:
    """Empty the index and index every public document again; returns how many were indexed."""
    backend = get_backend()
    backend.clear()
    ids = list(access.public_documents().values_list("pk", flat=True))
    with backend.bulk_loading():
        update_documents(ids)
    return len(ids)


def queue_upkeep() -> None:
    """Queue the backend's background upkeep (search.tasks) if it has some and none is queued."""
    from mosaic.jobs.queue import job_waiting
    from mosaic.search.tasks import keep_index_up

    if get_backend().upkeep_due() and not job_waiting(keep_index_up):
        keep_index_up.enqueue()
