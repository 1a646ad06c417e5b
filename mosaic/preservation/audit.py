"""Fixity audit: recompute the checksum of every stored file and text layer and say what is
missing, altered or unaccounted for. Each run is kept, dated, with its findings, for staff.

`repair_store` (`mosaic audit --repair`) removes the stored files no record describes, each named.
Those an interrupted writer's journal names go at once: their writer is provably gone. Any other
goes once it is ORPHAN_GRACE old: an import on another machine sharing the store, or a staff
upload, may be about to commit the record that describes it, and neither is visible from here.
A file a StoredFile row names is never removed, whatever its state."""
from __future__ import annotations

import datetime as dt
import itertools
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, Iterator

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from mosaic.corpus.models import TextLayer
from mosaic.preservation.blob_store import SHA256_NAME, BlobMissing, BlobStore, blob_store
from mosaic.preservation.fixity import text_sha256
from mosaic.preservation.import_journal import clear_interrupted, interrupted, live_names
from mosaic.preservation.models import AuditFinding, AuditRun, StoredFile, TextFixity

ORPHAN_GRACE = dt.timedelta(days=1)


def run_audit(*, run_by: str = "", progress: bool = False) -> AuditRun:
    run = AuditRun(started=timezone.now(), run_by=run_by)
    findings: list[AuditFinding] = []

    def found(kind: str, subject: str, detail: str) -> None:
        findings.append(AuditFinding(run=run, kind=kind, subject=subject, detail=detail))

    store = blob_store()
    known: set[str] = set()
    stored_files = StoredFile.objects.order_by("pk")
    checked = _hashed(store, stored_files.iterator())
    for stored, hashed in tqdm(checked, total=stored_files.count(), desc="files", unit="file",
                               disable=not progress, file=sys.stderr):
        known.add(stored.sha256)
        run.files_checked += 1
        if hashed is None:
            found("file_missing", _describe(stored), f"no file at {store.describe(stored.sha256)}")
            continue
        actual, size = hashed
        run.bytes_checked += size
        if actual != stored.sha256:
            found("file_altered", _describe(stored),
                  f"SHA-256 is now {actual} (was {stored.sha256}); size {size:,} bytes (was {stored.size:,})")
        elif size != stored.size:
            found("file_altered", _describe(stored), f"size {size:,} bytes, catalogue says {stored.size:,}")

    pending, left_by = live_names(), interrupted()
    for key, size in store.blobs():
        name = key.rsplit("/", 1)[-1]
        if name in known or name in pending:  # pending: an import still at work will describe it
            continue
        detail = f"{size:,} bytes in the store that no catalogue record describes"
        if name in left_by:
            detail += f", left by {left_by[name]}"
        found("file_orphaned", key, detail)

    recorded = {row.layer_id: row for row in TextFixity.objects.all()}
    layers = TextLayer.objects.select_related("document").order_by("pk")
    for layer in layers.iterator():
        run.layers_checked += 1
        subject = f"{layer.document.public_id}: {layer.get_kind_display()} ({layer.language}), layer {layer.pk}"
        row = recorded.pop(layer.pk, None)
        if row is None:
            found("text_unrecorded", subject, "a text layer with no recorded checksum: it was not saved through Mosaic")
        elif text_sha256(layer.text) != row.sha256:
            found("text_altered", subject, f"the text no longer matches its checksum of {row.recorded_at:%Y-%m-%d %H:%M} "
                                           f"({len(layer.text):,} characters now, {row.length:,} then)")
    for row in recorded.values():
        found("text_missing", f"{row.document_public_id}: {row.description}, layer {row.layer_id}",
              f"the layer is gone but was not deleted through Mosaic (checksum recorded {row.recorded_at:%Y-%m-%d %H:%M})")

    run.problem_count = len(findings)
    run.finished = timezone.now()
    with transaction.atomic():
        run.save()
        for finding in findings:
            finding.run = run
        AuditFinding.objects.bulk_create(findings)
    return run


def _hashed(store: BlobStore, stored_files: Iterable[StoredFile]) -> Iterator[tuple[StoredFile, tuple[str, int] | None]]:
    """Each file with the SHA-256 and size of its bytes as stored (None when they are missing), in
    order. A bucket is read several objects at a time: each read waits on the network far more
    than on hashing."""
    def hashed(stored: StoredFile) -> tuple[str, int] | None:
        try:
            return store.hash(stored.sha256)
        except BlobMissing:
            return None

    if store.read_concurrency == 1:
        for stored in stored_files:
            yield stored, hashed(stored)
        return
    stored_files = iter(stored_files)
    with ThreadPoolExecutor(store.read_concurrency) as pool:
        # A bounded batch at a time, so a million files are never all queued at once.
        while batch := list(itertools.islice(stored_files, 8 * store.read_concurrency)):
            yield from zip(batch, pool.map(hashed, batch))


def _describe(stored: StoredFile) -> str:
    """A damaged file named with the records it belongs to (asked only for files with a problem)."""
    owners = [link.document.public_id for link in stored.document_links.select_related("document")]
    owners += [link.accession.accession_id for link in stored.accession_links.select_related("accession")]
    return f"{stored.original_name} ({stored.sha256[:12]}…)" + (f" of {', '.join(owners)}" if owners else "")


def repair_store(say: Callable[[str], None]) -> None:
    """Remove the stored files no record describes (see the module's note), saying through `say`
    what was removed, and what was kept and why."""
    store = blob_store()
    for line in clear_interrupted(store):
        say(line)
    known = set(StoredFile.objects.values_list("sha256", flat=True))
    pending = live_names()
    now = dt.datetime.now(dt.timezone.utc)
    for key, size in store.blobs():
        name = key.rsplit("/", 1)[-1]
        if name in known or name in pending:
            continue
        if not SHA256_NAME.fullmatch(name) or key != f"sha256/{name[:2]}/{name}":
            say(f"kept {key} ({size:,} bytes): not where Mosaic stores a file, so not Mosaic's to remove; "
                "look at it and remove it by hand")
            continue
        try:
            written = store.written_at(name)
        except BlobMissing:
            continue  # removed meanwhile
        if now - written < ORPHAN_GRACE:
            say(f"kept {key} ({size:,} bytes, written {written.astimezone():%Y-%m-%d %H:%M}): no record describes it, "
                "but an import on another machine or a staff upload may be about to; removed once a day old")
            continue
        # Asked again just before: a record may have been committed since the list was read.
        if StoredFile.objects.filter(sha256=name).exists():
            continue
        store.delete(name)
        say(f"removed {key} ({size:,} bytes, written {written.astimezone():%Y-%m-%d %H:%M}): no record describes it")
