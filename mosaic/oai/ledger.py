"""The ledger of what harvesters have been shown (`OaiRecord`), kept by the change service.

`follow_documents(ids)` is called by `changes.service` for every document any writer changes or
deletes, within the writer's transaction, as the search index is; saves made outside any writer
are followed together once their transaction commits (`follow_after_commit`). A record's
datestamp moves exactly when what a harvester sees of it changes: the document became public,
stopped being public (withdrawn, made staff-only, embargoed, moved to the trash, given another
public id), or its public facts read differently (`facts.RecordFacts.digest`). A record that was
public once stays listed, as deleted, for ever.

Datestamps are taken again when the writer's transaction commits: a long import's records are
then stamped no earlier than the moment harvesters can first see them, so a harvest that ran
during the import and asks next `from` its own response date still picks them up.

Two changes reach no writer: an embargo ending by itself (`recheck_on` holds the next end; the
protocol looks again at due rows before it answers), and documents that have no row yet (an
archive from before OAI-PMH, or rows written around the writers): `catch_up` after every migrate.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from mosaic.corpus import access
from mosaic.corpus.models import Document, TextLayer
from mosaic.oai.facts import documents_for_records, exposed_sets, record_facts
from mosaic.oai.models import OaiRecord

# Documents looked at together: bounds the memory a restore or a large import needs here.
CHUNK = 500
FIELDS = ["document_id", "public", "listed", "datestamp", "digest", "sets", "recheck_on"]

# Per thread: documents to follow, and rows to stamp again, once the transaction commits.
_pending = threading.local()


def now_to_the_second():
    return timezone.now().replace(microsecond=0)


def follow_documents(document_ids: Iterable[int]) -> None:
    """These documents changed or were deleted: bring their rows up to date, within the caller's
    transaction."""
    ids = sorted(set(document_ids))
    if not ids:
        return
    sets = exposed_sets()
    stamped: dict[str, object] = {}
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            stamped.update(_follow(ids[start:start + CHUNK], sets))
    _restamp_at_commit(stamped)


def follow_after_commit(document_ids: Iterable[int]) -> None:
    """For saves made outside any writer (a shell, a form that is not a writer): follow these
    documents once the transaction commits, together with every other document its saves touch
    (at once outside a transaction). Whatever the ledger says, a document the access policy does
    not let the public see is never shown with its metadata."""
    ids = set(document_ids)
    if not ids:
        return
    if not connection.in_atomic_block:
        follow_documents(ids)
        return
    waiting = getattr(_pending, "follow", None)
    if waiting is None:
        waiting = _pending.follow = set()
    waiting.update(ids)
    # One callback per call; the first to run takes every id gathered, the rest find none. Ids of
    # a rolled-back transaction may ride along: following is idempotent.
    transaction.on_commit(_follow_waiting)


def _follow_waiting() -> None:
    ids, _pending.follow = getattr(_pending, "follow", None) or set(), set()
    follow_documents(ids)


def _follow(ids: list[int], sets) -> dict[str, object]:
    """Returns the datestamps given, by public id."""
    now, today = now_to_the_second(), timezone.localdate()
    documents = {d.pk: d for d in Document.objects.filter(pk__in=ids).only("pk", "public_id", "embargo_until")}
    public = set(access.public_documents().filter(pk__in=ids).values_list("pk", flat=True))
    facts = {d.pk: record_facts(d, sets) for d in documents_for_records(public)}
    embargo_ends = defaultdict(list)  # what may open by itself later, so the protocol looks again then
    for document in documents.values():
        if document.embargo_until and document.embargo_until > today:
            embargo_ends[document.pk].append(document.embargo_until)
    for document_id, day in TextLayer.objects.filter(document_id__in=ids, embargo_until__gt=today).values_list(
            "document_id", "embargo_until"):
        embargo_ends[document_id].append(day)

    rows = {row.public_id: row for row in OaiRecord.objects.filter(
        Q(document_id__in=ids) | Q(public_id__in=[d.public_id for d in documents.values()]))}
    changed, moved, looked_at = {}, [], set(ids)
    for row in rows.values():
        document = documents.get(row.document_id)
        if row.document_id in looked_at and (document is None or document.public_id != row.public_id):
            # Deleted, or the document now goes by another id: this identifier is gone.
            row.document_id, row.recheck_on = None, None
            if row.public:
                row.public, row.digest, row.datestamp = False, "", now
                moved.append(row.public_id)
            changed[row.public_id] = row
    created = []
    for document in documents.values():
        fact = facts.get(document.pk)
        state = {"document_id": document.pk, "public": fact is not None, "digest": fact.digest() if fact else "",
                 "recheck_on": min(embargo_ends[document.pk], default=None)}
        if fact is not None:  # a deleted record keeps the sets it was last harvested in
            state["sets"] = f" {' '.join(fact.set_specs)} " if fact.sets else ""
        row = rows.get(document.public_id)
        if row is None:
            created.append(OaiRecord(public_id=document.public_id, listed=fact is not None, datestamp=now, **state))
            moved.append(document.public_id)
            continue
        if row.public != state["public"] or row.digest != state["digest"]:
            state["datestamp"] = now
            moved.append(row.public_id)
        if fact is not None:
            state["listed"] = True
        if any(getattr(row, name) != value for name, value in state.items()):
            for name, value in state.items():
                setattr(row, name, value)
            changed[row.public_id] = row
    OaiRecord.objects.bulk_create(created)
    OaiRecord.objects.bulk_update(list(changed.values()), FIELDS)
    return {public_id: now for public_id in moved}


def _restamp_at_commit(stamped: dict[str, object]) -> None:
    # Outside a transaction the rows are committed already, with the time they were written.
    if not stamped or not connection.in_atomic_block:
        return
    waiting = getattr(_pending, "restamp", None)
    if waiting is None:
        waiting = _pending.restamp = {}
    waiting.update(stamped)
    transaction.on_commit(_restamp)


def _restamp() -> None:
    """Stamp again, with the time of the commit, the rows this transaction stamped and nothing
    has stamped since."""
    stamped, _pending.restamp = getattr(_pending, "restamp", None) or {}, {}
    by_stamp = defaultdict(list)
    for public_id, stamp in stamped.items():
        by_stamp[stamp].append(public_id)
    now = now_to_the_second()
    for stamp, ids in by_stamp.items():
        for start in range(0, len(ids), CHUNK):
            OaiRecord.objects.filter(public_id__in=ids[start:start + CHUNK], datestamp=stamp).update(datestamp=now)


def catch_up(*, unrecorded: bool = False) -> int:
    """Look again at documents whose next embargo end has come and, with `unrecorded`, at
    documents without a row; returns how many were looked at."""
    today = timezone.localdate()
    due = set(OaiRecord.objects.filter(recheck_on__lte=today, document_id__isnull=False)
              .values_list("document_id", flat=True))
    if unrecorded:
        recorded = OaiRecord.objects.filter(document_id__isnull=False).values("document_id")
        due |= set(Document.objects.exclude(pk__in=recorded).values_list("pk", flat=True))
    if due:
        follow_documents(due)
    return len(due)


def catch_up_after_migrate(sender, using="default", **kwargs) -> None:
    if using != "default" or OaiRecord._meta.db_table not in connection.introspection.table_names():
        return
    catch_up(unrecorded=True)
