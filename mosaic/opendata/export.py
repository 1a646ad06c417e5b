"""`mosaic export DIR`: one dump of everything the public may see, written safely.

DIR must be a new or an empty folder, so that a dump never mixes with an older one. The dump is
written into a hidden folder beside DIR and renamed to DIR only once complete (datapackage.json
last), so an export that fails or is interrupted leaves no half dump, only nothing.

Everything is read as of one moment: on SQLite a read transaction (Mosaic's own transactions take
the write lock at once, which would hold up every edit for the whole export; a deferred one only
reads a snapshot, and writers go on), on PostgreSQL a read-only repeatable-read transaction.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from mosaic.opendata import authority
from mosaic.opendata.documents import (ingest_record, public_collections, public_documents, record_problems,
                                       subject_headings)
from mosaic.opendata.package import JSON_FILES, PACKAGE_FILE, describe, licence
from mosaic.opendata.tables import CATALOGUE, EMBASSY_CONDITIONS, EVENTS, RELATIONS, TEI_FILES, catalogue_row, \
    embassy_condition_rows, event_rows, relations_rows
from mosaic.opendata.tei import tei_bytes

PATHS = {entry.name: entry.path for entry in JSON_FILES}
COUNTED = ("documents", "tei", "collections", "subjects", "people", "terms", "relations_periods",
           "embassy_conditions", "events")


class ExportError(Exception):
    """The dump cannot be written; the message is one line naming the folder and why."""


@dataclass
class ExportSummary:
    folder: Path
    created: dt.datetime
    counts: dict[str, int]
    bytes: int = 0
    seconds: float = 0.0
    # Records documents.jsonl cannot carry exactly ("public-id: why"), for the curators to look at.
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        counts = self.counts
        return [f"{self.folder}: {counts['documents']:,} documents ({counts['tei']:,} with a public text, as TEI), "
                f"{counts['collections']:,} collections, {counts['subjects']:,} subject headings, "
                f"{counts['people']:,} people and {counts['terms']:,} other authority entries, "
                f"{counts['relations_periods'] + counts['embassy_conditions']:,} context rows, {counts['events']:,} events; "
                f"{self.bytes:,} bytes in {self.seconds:.1f} s."]


def export_dump(target: Path, created: dt.datetime | None = None) -> ExportSummary:
    """Write a dump into `target` (new, or an empty folder) and return what it holds."""
    target = Path(target).absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(f"{target} is not an empty folder: a dump goes into a new or empty folder, "
                          "so that it never mixes with an older one")
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent} does not exist: create it first, or name a folder inside one that does")
    try:
        partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    except OSError as error:
        raise ExportError(f"{target.parent} is not writable ({error.strerror}): choose a folder you may write in") from None
    started = time.monotonic()
    try:
        summary = _write(partial, created or timezone.now().replace(microsecond=0))
        partial.chmod(0o755)  # mkdtemp makes it private; a dump is for everyone
        os.rename(partial, target)  # replaces an empty folder; the dump appears whole or not at all
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    summary.folder, summary.seconds = target, time.monotonic() - started
    return summary


@contextlib.contextmanager
def one_moment():
    """Reads inside describe one state of the archive (see the module's docstring)."""
    if connection.in_atomic_block:  # the caller's transaction is the moment (a test's, say)
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def _write_json_lines(path: Path, values) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        for value in values:
            handle.write(json.dumps(value, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_json(path: Path, value) -> None:
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def _write(folder: Path, created: dt.datetime) -> ExportSummary:
    counts = dict.fromkeys(COUNTED, 0)
    problems: list[str] = []
    chosen_licence = licence()
    with one_moment():
        collections = public_collections()
        memberships: dict[str, list[str]] = {}
        for collection in collections:
            for public_id in collection["documents"]:
                memberships.setdefault(public_id, []).append(collection["slug"])
        headings: set[str] = set()
        rights: Counter[str] = Counter()
        (folder / "tei").mkdir()
        with (folder / PATHS["documents"]).open("x", encoding="utf-8", newline="\n") as records, \
                CATALOGUE.writing(folder) as catalogue, TEI_FILES.writing(folder) as tei_files:
            for document in public_documents():
                facts = document.facts
                record = ingest_record(document)
                records.write(json.dumps(record, ensure_ascii=False) + "\n")
                problems += [f"{facts.public_id}: {problem}" for problem in record_problems(document, record)]
                tei_path = ""
                if document.texts:
                    tei_path = f"tei/{facts.public_id}.xml"
                    content = tei_bytes(document, chosen_licence)
                    (folder / tei_path).write_bytes(content)
                    tei_files({"public_id": facts.public_id, "path": tei_path, "bytes": len(content),
                               "sha256": hashlib.sha256(content).hexdigest(),
                               "languages": "; ".join(dict.fromkeys(text.language for text in document.texts))})
                    counts["tei"] += 1
                catalogue(catalogue_row(document, memberships.get(facts.public_id, []), tei_path))
                headings.update(subject.heading for subject in facts.subjects)
                rights[facts.rights] += 1
                counts["documents"] += 1
        _write_json(folder / PATHS["collections"], {"collections": collections})
        subjects = subject_headings(headings)
        _write_json(folder / PATHS["subjects"], subjects)
        counts["collections"], counts["subjects"] = len(collections), len(subjects)
        counts["people"] = _write_json_lines(folder / PATHS["people"], authority.people())
        counts["terms"] = _write_json_lines(folder / PATHS["terms"], authority.terms())
        counts["relations_periods"] = RELATIONS.write(folder, relations_rows())
        counts["embassy_conditions"] = EMBASSY_CONDITIONS.write(folder, embassy_condition_rows())
        counts["events"] = EVENTS.write(folder, event_rows())
    statements = [{"statement": statement, "documents": number}
                  for statement, number in sorted(rights.items(), key=lambda item: (-item[1], item[0]))]
    package = describe(folder, created, counts, statements)
    _write_json(folder / PACKAGE_FILE, package)
    size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    return ExportSummary(folder, created, counts, bytes=size, problems=problems)
