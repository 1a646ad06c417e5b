"""Ingest one file: read → validate every record → store all of them in one transaction.

Nothing from a file is stored unless every record in it is valid and stored cleanly; the report
names each bad line as `FILE:LINE: problem`.
"""
from __future__ import annotations

import dataclasses
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from mosaic.changes.service import collecting, hand_over_derived_work
from mosaic.ingest.history_bulk import BulkHistory
from mosaic.ingest.readers import Problem, ReaderOutput, SourceRecord, UnreadableFile
from mosaic.ingest.readers.csv_table import read_csv
from mosaic.ingest.readers.jsonl import read_jsonl
from mosaic.ingest.readers.tei import load_frus_persons, read_tei
from mosaic.ingest.readers.wilson_catalogue import is_wilson_catalogue, read_wilson_catalogue
from mosaic.ingest.records import DocumentRecord, InvalidRecord, validate_record
from mosaic.ingest.store import RecordWriter, StoreCache
from mosaic.ingest.limits import limit, shown
from mosaic.preservation.store import RejectedFile, file_beside, removing_new_files_on_failure, sha256_of_path
from mosaic.search.index import get_backend

PROGRESS_THRESHOLD = 200  # records; below this a bar is noise
# Validated records between two freezes of what the cyclic collector has seen (`_kept_apart`).
FREEZE_EVERY = 1000


@dataclass
class FileReport:
    path: Path
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # edited by staff since their last import, so left as they are
    rejected: int = 0
    kept_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # accepted, but worth a look (docs/ingest-format.md)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.ok:
            return f"{self.path}: rejected, nothing stored ({self.rejected} records; {len(self.errors)} problems)"
        summary = f"{self.path}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.kept:
            shown = ", ".join(self.kept_ids[:10]) + (" …" if self.kept > 10 else "")
            summary += (f", {self.kept} kept because staff edited them since their last import ({shown}); "
                        f"--replace-edited overwrites them (their edits stay in the history)")
        if self.warnings:
            summary += f"; {len(self.warnings)} warning{'s' if len(self.warnings) > 1 else ''} (above)"
        return summary


def read_tei_with_persons(path: Path) -> ReaderOutput:
    """TEI, with person ids resolved from `<volume>_persons.tsv` beside the file when there is one.

    FRUS volumes keep their persons list apart from the documents; `frus1969-76v19p1_excerpt.xml`
    looks for `frus1969-76v19p1_persons.tsv`.
    """
    persons_file = path.with_name(f"{path.stem.split('_')[0]}_persons.tsv")
    persons = None
    if persons_file.is_file():
        try:
            persons = load_frus_persons(persons_file)
        except UnreadableFile as error:
            # The TEI file is refused; the message names the table and the table's own line.
            where = f"{persons_file.name}, line {error.line}" if error.line else persons_file.name
            raise UnreadableFile(f"{where}: {error.message}") from None
    return read_tei(path, persons=persons)


def choose_reader(path: Path) -> Callable[[Path], ReaderOutput]:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return read_jsonl
    if suffix == ".csv":
        return read_csv
    if suffix == ".xml":
        return read_tei_with_persons
    if suffix == ".tsv" and is_wilson_catalogue(path):
        return read_wilson_catalogue
    raise UnreadableFile(
        f'cannot tell the format from "{shown(path.name)}": use .jsonl, .csv, .xml (TEI) or a Wilson catalogue .tsv'
    )


@contextmanager
def _kept_apart() -> Iterator[None]:
    """Within: objects that exist when `gc.freeze()` is called are left out of the cyclic
    collector's full passes until the block ends.

    A file's validated records (some 40 objects each) stay alive for the whole import, and each
    batch the store writes leaves enough surviving objects to start a full pass over everything
    alive; at 10,000 records those passes took 13 % of the import, growing with the file. The
    records, and Django's own objects, cannot be garbage while the import runs, so they are frozen
    as they accumulate; what the import makes and drops is collected as before. Unfrozen at the
    end, they are collected normally again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _read_and_validate(path: Path, report: FileReport) -> list[tuple[int, DocumentRecord]]:
    reader = choose_reader(path)
    records: list[tuple[int, DocumentRecord]] = []
    first_line_of: dict[str, int] = {}
    for item in reader(path):
        if isinstance(item, Problem):
            report.errors.append(f"{path}:{item.line}: {item.message}")
            continue
        assert isinstance(item, SourceRecord)
        warnings: list[str] = []
        try:
            record = validate_record(item.data, warnings)
        except InvalidRecord as error:
            report.errors.append(f"{path}:{item.line}: {error}")
            continue
        if record.public_id in first_line_of:
            report.errors.append(
                f"{path}:{item.line}: id \"{record.public_id}\" already used on line {first_line_of[record.public_id]}"
            )
            continue
        first_line_of[record.public_id] = item.line
        report.warnings += [f"{path}:{item.line}: warning: {warning}" for warning in warnings]
        try:
            record = resolve_files(record, path.parent)
        except InvalidRecord as error:
            report.errors.append(f"{path}:{item.line}: {error}")
            continue
        records.append((item.line, record))
        if len(records) % FREEZE_EVERY == 0:
            gc.freeze()  # see `_kept_apart`
    gc.freeze()
    return records


def resolve_files(record: DocumentRecord, folder: Path) -> DocumentRecord:
    """The record with each named scan found beside the ingested file and its checksum taken."""
    if not record.files:
        return record
    resolved = []
    for value in record.files:
        try:
            file_path = file_beside(folder, value.path)
        except RejectedFile as error:
            raise InvalidRecord(str(error)) from None
        resolved.append(dataclasses.replace(value, sha256=sha256_of_path(file_path)))
    return dataclasses.replace(record, files=tuple(resolved))


def ingest_file(path: Path, *, progress: bool | None = None, replace_edited: bool = False) -> FileReport:
    with _kept_apart():
        return _ingest(Path(path), progress=progress, replace_edited=replace_edited)


def _ingest(path: Path, *, progress: bool | None, replace_edited: bool) -> FileReport:
    report = FileReport(path)
    max_bytes = limit("MOSAIC_INGEST_MAX_BYTES")
    try:
        if not path.is_file():
            raise UnreadableFile("no such file")
        if path.stat().st_size > max_bytes:
            raise UnreadableFile(f"file is {path.stat().st_size:,} bytes, over the {max_bytes:,}-byte limit "
                                 "(MOSAIC_INGEST_MAX_BYTES)")
        from mosaic.preservation.accession_ingest import ingest_accessions, is_accession_file

        if is_accession_file(path):
            ingest_accessions(path, report)
            return report
        records = _read_and_validate(path, report)
    except UnreadableFile as error:
        report.errors.append(f"{path}:{error.line}: {error.message}" if error.line else f"{path}: {error.message}")
        return report
    if report.errors:
        report.rejected = len(records) + len(report.errors)
        return report

    show_bar = progress if progress is not None else (len(records) >= PROGRESS_THRESHOLD and sys.stderr.isatty())
    try:
        # The importer knows what it changed: saves are not listened to, so bulk writes stay fast.
        with removing_new_files_on_failure(), collecting(f"imported from {path.name}", from_signals=False) as changes:
            # The index's words of a batch may be finished while the next is prepared; all are
            # written when this block ends, before the derived work (the index's upkeep) is queued.
            with get_backend().writing_in_batches():
                cache = StoreCache([record.public_id for _, record in records], replace_edited=replace_edited,
                                   folder=path.parent)
                # Each imported state is a version in the documents' history, all in one revision.
                writer = RecordWriter(cache, path.name, BulkHistory(comment=f"Imported from {path.name}"))
                for line, record in tqdm(records, desc=path.name, unit="doc", disable=not show_bar, file=sys.stderr):
                    try:
                        outcome = writer.store(record)
                    except InvalidRecord as error:
                        report.errors.append(f"{path}:{line}: {error}")
                        raise _RollBack from None
                    setattr(report, outcome, getattr(report, outcome) + 1)
                    if outcome == "kept":
                        report.kept_ids.append(record.public_id)
                writer.finish()
            # New records were indexed and their texts checksummed as they were written: only
            # their markers and name links are left. Updated ones go to the change service whole,
            # at the end of the file's transaction.
            if writer.created_ids:
                hand_over_derived_work(writer.created_ids, changes.reason)
            changes.add(writer.updated_ids)
    except _RollBack:
        report.created = report.updated = report.unchanged = report.kept = 0
        report.kept_ids = []
        report.rejected = len(records)
    return report


class _RollBack(Exception):
    """Raised inside the file's transaction to undo every record of a file with a bad one."""
