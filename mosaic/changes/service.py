"""The one place that hears "these documents changed", and does what follows from it.

Every writer (import, staff edits, restoring a version, OCR, translation approval, workflow
moves, restoring a backup) tells `documents_changed` which documents it changed and why. Within
the writer's transaction this re-indexes them for search and records their text checksums (both
cheap, and both must never lag behind the text: a reader must not find what is gone, and the audit
must not take an edit for tampering). Everything derived from the texts that costs real time is
handed to background jobs (`changes/tasks.py`: language markers, name links, citations), queued in
the same transaction, so the jobs exist exactly when the change does.

Writers either call `documents_changed(ids, reason)` at the end of their work, or do their work
inside `collecting(reason)`, which gathers the documents their saves touch (through the signals
in `changes/signals.py`, or added by hand) and calls the service once, at the end, still inside
the transaction. Saves made outside any writer (a shell session, a form that is not a writer)
are caught by those signals too (`note_edit`).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus

from mosaic.changes.models import PendingAnalysis
from mosaic.common.page_cache import pages_changed

# Documents per job: large enough that a job's set-up (the lexicon, the name matcher) is paid
# rarely, small enough that a failing document holds up few others.
DOCUMENTS_PER_JOB = 100


class DerivedWorkFailed(RuntimeError):
    """A job run where it was queued (MOSAIC_JOBS_RUN=immediately) raised."""


@dataclass
class Batch:
    reason: str
    from_signals: bool
    document_ids: set[int] = field(default_factory=set)
    index_only_ids: set[int] = field(default_factory=set)  # only what the index shows changed

    def add(self, document_ids: Iterable[int], *, texts: bool = True) -> None:
        (self.document_ids if texts else self.index_only_ids).update(document_ids)


_state = threading.local()


def _batches() -> list[Batch]:
    if not hasattr(_state, "batches"):
        _state.batches = []
    return _state.batches


@contextmanager
def collecting(reason: str, *, from_signals: bool = True) -> Iterator[Batch]:
    """One transaction whose changed documents go to the service once, at its end. With
    `from_signals`, every save of a document or of a part of one adds that document; without,
    saves are not listened to (a bulk writer that knows what it changed adds ids itself, and
    pays for no signal work)."""
    batch = Batch(reason, from_signals)
    with transaction.atomic():
        _batches().append(batch)
        try:
            yield batch
        finally:
            _batches().pop()
        documents_changed(batch.document_ids, reason)
        _index_and_checksum(batch.index_only_ids - batch.document_ids)


def note_edit(document_ids: Iterable[int], *, texts: bool = True, reason: str = "edited") -> None:
    """A save seen by the signals; `texts` is False for a save that changes only what the index
    shows (an agent's name, a repository, a collection), from which no job derives anything.
    Inside a writer's `collecting`, it joins that batch (or is left to the writer). Outside any
    writer, the index and checksums follow at once, within the saving transaction, and the
    derived work is handed over once the transaction commits, when all the saves that belong
    together are done."""
    document_ids = set(document_ids)
    if not document_ids:
        return
    pages_changed()  # readers' kept pages are forgotten once this commits
    batches = _batches()
    if batches:
        if batches[-1].from_signals:
            batches[-1].add(document_ids, texts=texts)
        return
    _index_and_checksum(document_ids, follow=False)
    # Harvesters (OAI-PMH) hear of it once all the saves that belong together are committed.
    from mosaic.oai.ledger import follow_after_commit

    follow_after_commit(document_ids)
    if not texts:
        return
    waiting = getattr(_state, "after_commit", None)
    if waiting is None:
        waiting = _state.after_commit = set()
    waiting.update(document_ids)
    transaction.on_commit(lambda: _hand_over_after_commit(reason))


def _hand_over_after_commit(reason: str) -> None:
    # One callback per save is registered; the first takes every id gathered, the rest find none.
    # Ids of a rolled-back transaction may still sit here and ride along: the jobs are idempotent.
    document_ids, _state.after_commit = getattr(_state, "after_commit", None) or set(), None
    if document_ids:
        with transaction.atomic():
            _queue_derived_work(document_ids, reason)


def documents_changed(document_ids: Iterable[int], reason: str) -> None:
    """These documents changed (or were deleted), because of `reason` ("imported from x.jsonl",
    "restored a version", ...): re-index them and record their text checksums now, within the
    caller's transaction, and queue what is derived from them."""
    document_ids = set(document_ids)
    if not document_ids:
        return
    with transaction.atomic():
        pages_changed()  # readers' kept pages are forgotten once this commits
        _index_and_checksum(document_ids)
        _queue_derived_work(document_ids, reason)


def _index_and_checksum(document_ids: set[int], *, follow: bool = True) -> None:
    if not document_ids:
        return
    from mosaic.oai.ledger import follow_documents
    from mosaic.preservation.fixity import record_documents
    from mosaic.search.index import update_documents

    update_documents(document_ids)  # deleted and non-public documents leave the index
    record_documents(document_ids)
    if follow:
        follow_documents(document_ids)  # what OAI-PMH harvesters see, deletions included


def hand_over_derived_work(document_ids: Iterable[int], reason: str) -> None:
    """Queue the derived work of these documents (those that still exist) and mark it pending,
    and queue telling harvesters about them (all of them: a deleted one is reported as deleted).
    For a writer that keeps the index and the checksums itself: an import's new records, and
    restoring a backup, which brings both back as they were. Harvesters hear of an import once a
    worker has followed it (about 1.5 ms a document, which would be half of an import's time);
    the datestamp is then the moment they can first see the record, so none is missed."""
    from mosaic.changes.tasks import follow_for_harvesters

    document_ids = sorted(set(document_ids))
    for start in range(0, len(document_ids), DOCUMENTS_PER_JOB * 5):
        _enqueue(follow_for_harvesters, document_ids[start:start + DOCUMENTS_PER_JOB * 5], reason)
    _queue_derived_work(document_ids, reason)


def _queue_derived_work(document_ids: Iterable[int], reason: str) -> None:
    from mosaic.changes.tasks import keep_citations, link_names, refresh_markers
    from mosaic.corpus.models import Document
    from mosaic.search.index import queue_upkeep

    queue_upkeep()  # the index's own catching up (PostgreSQL: recent words into RUM)
    # A restored backup brings back documents the kept pages never showed.
    pages_changed()
    existing = sorted(Document.objects.filter(pk__in=set(document_ids)).values_list("pk", flat=True))
    if not existing:
        return
    _mark_pending(existing, timezone.now())
    for start in range(0, len(existing), DOCUMENTS_PER_JOB):
        chunk = existing[start:start + DOCUMENTS_PER_JOB]
        for job in (refresh_markers, link_names, keep_citations):
            _enqueue(job, chunk, reason)


def queue_missing_citations() -> int:
    """Queue the citations of the documents that have none stored (an archive made before
    citations were derived work), for `mosaic init` to bring such an archive up to date. Returns
    how many documents' citations were queued."""
    from mosaic.changes.tasks import keep_citations
    from mosaic.corpus.models import Document

    missing = list(Document.objects.filter(kept_citation__isnull=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(missing), DOCUMENTS_PER_JOB):
        _enqueue(keep_citations, missing[start:start + DOCUMENTS_PER_JOB], "citations an earlier version did not store")
    return len(missing)


def _enqueue(job, document_ids: list[int], reason: str) -> None:
    """Queue one job; where jobs run as they are queued (MOSAIC_JOBS_RUN=immediately), its failure
    is the writer's."""
    result = job.enqueue(document_ids, reason[:200])
    if result.status == TaskResultStatus.FAILED:
        raise DerivedWorkFailed(f"{job.name} for {reason}: {result.errors[-1].traceback}")


def _mark_pending(document_ids: list[int], now) -> None:
    """A `PendingAnalysis` row of each kind for each document, requested `now` (an older row of the
    same document and kind is moved to `now`). Plain rows, not instances: an import of 20,000
    records marks 40,000, and making each an instance for `bulk_create` cost more than writing it."""
    meta = PendingAnalysis._meta
    requested_at = meta.get_field("requested_at").get_db_prep_save(now, connection)
    quote = connection.ops.quote_name
    columns = [meta.get_field(name).column for name in ("document", "kind", "requested_at")]
    rows = [(pk, kind, requested_at) for pk in document_ids for kind in (PendingAnalysis.MARKERS, PendingAnalysis.NAMES)]
    per_statement = min(500, (connection.features.max_query_params or 65535) // len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            # The constraint one_pending_analysis_per_kind is the conflict; SQLite and PostgreSQL say it alike.
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) "
                f"VALUES {', '.join(['(%s, %s, %s)'] * len(chunk))} "
                f"ON CONFLICT ({quote(columns[0])}, {quote(columns[1])}) "
                f"DO UPDATE SET {quote(columns[2])} = excluded.{quote(columns[2])}",
                [value for row in chunk for value in row],
            )


def markers_pending(document) -> bool:
    return PendingAnalysis.objects.filter(document=document, kind=PendingAnalysis.MARKERS).exists()


def finish_pending(document_ids: Iterable[int], kind: str, since) -> None:
    """A job did `kind` for these documents from their state at `since`; a change requested
    after that keeps its row, since its own job is still to come."""
    PendingAnalysis.objects.filter(document_id__in=list(document_ids), kind=kind, requested_at__lte=since).delete()
