"""`mosaic ingest` for accessions: a JSON Lines file whose records carry an `accession_id`
describes how sets of pages reached us, with the scans that came with them (format in
docs/ingest-format.md). Like document files, the whole file is one transaction and every bad
line is reported as `FILE:LINE: problem`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from mosaic.archives.models import Repository
from mosaic.ingest.limits import MAX_COPY_GENERATION, MAX_FOLIO, MAX_NOTE_CHARS, quoted_list, shown
from mosaic.ingest.readers import Problem, UnreadableFile
from mosaic.ingest.readers.jsonl import parse_line, read_jsonl
from mosaic.ingest.readers.text_files import decode_line, raw_lines
from mosaic.ingest.records import (
    FILE_FIELDS,
    InvalidRecord,
    _check_keys,
    _day,
    _files,
    _list,
    _text,
    check_characters,
    check_count,
    type_name,
)
from mosaic.lib.foliation import FolioError, format_folios, parse_folios
from mosaic.lib.source_lines import UnitListError, format_unit_list, parse_unit_list
from mosaic.preservation.models import MEDIA, Accession, AccessionFile, ArchivalFile
from mosaic.preservation.store import (
    RejectedFile,
    file_beside,
    removing_new_files_on_failure,
    sha256_of_path,
    store_path,
)

FIELDS = {"accession_id", "received", "repository", "units", "file_title", "total_folios", "medium", "reel",
          "copy_generation", "copied_on", "obtained_by", "folios", "note", "files"}
ACCESSION_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$"
# A folio number of more digits than MAX_FOLIO has is refused before it is converted.
LONG_NUMBER = re.compile(r"\d{%d,}" % (len(str(MAX_FOLIO)) + 1))


def is_accession_file(path: Path) -> bool:
    """A JSON Lines file is read as accessions when its first record has an accession_id."""
    if path.suffix.lower() not in {".jsonl", ".ndjson"}:
        return False
    try:
        for number, data in raw_lines(path):
            if data is None:
                return False
            if data.strip():
                return "accession_id" in parse_line(decode_line(data, number))
    except (UnreadableFile, ValueError, OSError):
        return False  # the document reader reports the problem with its line number
    return False


@dataclass
class AccessionRecord:
    accession_id: str
    fields: dict
    repository: str
    units: str
    file_title: str
    total_folios: int | None
    files: list[tuple]  # (FileValue, folios, sha256)


def _folios(text: str, what: str) -> str:
    if LONG_NUMBER.search(text):
        raise InvalidRecord(f'{what}"{shown(text)}" names a leaf beyond {MAX_FOLIO:,}')
    try:
        return format_folios(parse_folios(text))
    except FolioError as error:
        raise InvalidRecord(f"{what}{shown(error, 200)}") from None


def _whole_number(data: dict, key: str, most: int, default=None):
    value = data.get(key)
    if value is None:  # absent or null: both mean "not given"
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidRecord(f'"{key}" must be a whole number, not {type_name(value)}')
    if value < 0:
        raise InvalidRecord(f'"{key}" must be a whole number, not {shown(value, 20)}')
    if value > most:
        raise InvalidRecord(f'"{key}" is {shown(value, 20)}, more than {most:,}')
    return value


def validate_accession(data: dict, folder: Path) -> AccessionRecord:
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise InvalidRecord(f"unknown field{'s' if len(unknown) > 1 else ''} {quoted_list(unknown)} in an "
                            f"accession (allowed: {', '.join(sorted(FIELDS))})")
    if isinstance(data.get("files"), list):
        check_count("files", len(data["files"]))  # before any of them is looked at
    check_characters(data)
    accession_id = _text(data, "accession_id", required=True)
    if not re.match(ACCESSION_ID, accession_id):
        raise InvalidRecord(f'accession_id "{shown(accession_id)}" must be letters, digits, "_" or "-" (at most 60)')
    received = _day(_text(data, "received", required=True), "received")
    units_text = _text(data, "units", required=True, limit=500)
    try:
        units = format_unit_list(parse_unit_list(units_text))
    except UnitListError as error:
        raise InvalidRecord(shown(error, 200)) from None
    if len(units) > 255:  # the archival file's column
        raise InvalidRecord(f'units "{shown(units)}" are longer than 255 characters')
    folios = _folios(_text(data, "folios", required=True, limit=MAX_NOTE_CHARS), "")
    medium = _text(data, "medium", required=True)
    if medium not in dict(MEDIA):
        raise InvalidRecord(f'medium "{shown(medium)}" is not one of: {", ".join(dict(MEDIA))}')
    generation = _whole_number(data, "copy_generation", MAX_COPY_GENERATION, default=0)
    total = _whole_number(data, "total_folios", MAX_FOLIO)
    files = []
    for item in _list(data, "files"):
        _check_keys(item, FILE_FIELDS | {"folios"}, "files")
        (value,) = _files({"files": [{key: v for key, v in item.items() if key != "folios"}]})
        file_folios = _folios(_text(item, "folios", limit=MAX_NOTE_CHARS), "files: ")
        try:
            real = file_beside(folder, value.path)
        except RejectedFile as error:
            raise InvalidRecord(str(error)) from None
        files.append((value, file_folios, sha256_of_path(real)))
    return AccessionRecord(
        accession_id=accession_id,
        fields={"received": received, "medium": medium, "reel": _text(data, "reel", limit=60),
                "copy_generation": generation, "copied_on": _day(_text(data, "copied_on"), "copied_on"),
                "obtained_by": _text(data, "obtained_by", limit=255), "folios": folios,
                "note": _text(data, "note", limit=MAX_NOTE_CHARS)},
        repository=_text(data, "repository", required=True), units=units,
        file_title=_text(data, "file_title", limit=500), total_folios=total, files=files,
    )


def ingest_accessions(path: Path, report) -> None:
    """Read, validate and store every accession of the file into `report` (an ingest FileReport)."""
    records: list[tuple[int, AccessionRecord]] = []
    seen: dict[str, int] = {}
    for item in read_jsonl(path):
        if isinstance(item, Problem):
            report.errors.append(f"{path}:{item.line}: {item.message}")
            continue
        try:
            record = validate_accession(item.data, path.parent)
        except InvalidRecord as error:
            report.errors.append(f"{path}:{item.line}: {error}")
            continue
        if record.accession_id in seen:
            report.errors.append(f'{path}:{item.line}: accession_id "{record.accession_id}" already used on line '
                                 f"{seen[record.accession_id]}")
            continue
        seen[record.accession_id] = item.line
        records.append((item.line, record))
    if report.errors:
        report.rejected = len(records) + len(report.errors)
        return
    try:
        with removing_new_files_on_failure(), transaction.atomic():
            for line, record in records:
                try:
                    outcome = _store(record, path.parent)
                except InvalidRecord as error:
                    report.errors.append(f"{path}:{line}: {error}")
                    raise _RollBack from None
                setattr(report, outcome, getattr(report, outcome) + 1)
    except _RollBack:
        report.created = report.updated = report.unchanged = 0
        report.rejected = len(records)


class _RollBack(Exception):
    pass


def _store(record: AccessionRecord, folder: Path) -> str:
    repository = Repository.objects.filter(code=record.repository).first()
    if repository is None:
        raise InvalidRecord(f'repository "{shown(record.repository)}" is not in the archive (add it in the admin under Repositories)')
    archival_file, _ = ArchivalFile.objects.get_or_create(repository=repository, units=record.units)
    changed_file = False
    if record.file_title and archival_file.title != record.file_title:
        archival_file.title, changed_file = record.file_title, True
    if record.total_folios is not None and archival_file.total_folios != record.total_folios:
        archival_file.total_folios, changed_file = record.total_folios, True
    if changed_file:
        archival_file.save()
    accession = Accession.objects.filter(accession_id=record.accession_id).first()
    wanted_files = [(sha, value.label, folios, value.access, value.embargo_until) for value, folios, sha in record.files]
    if accession:
        current = {name: getattr(accession, name) for name in record.fields}
        current_files = [(f.stored_file.sha256, f.label, f.folios, f.access, f.embargo_until)
                         for f in accession.files.select_related("stored_file")]
        if (current == record.fields and accession.archival_file_id == archival_file.pk
                and current_files == wanted_files):
            return "unchanged"
        outcome = "updated"
    else:
        accession, outcome = Accession(accession_id=record.accession_id), "created"
    for name, value in record.fields.items():
        setattr(accession, name, value)
    accession.archival_file = archival_file
    accession.save()
    accession.files.all().delete()  # the stored bytes stay
    for order, (value, folios, sha) in enumerate(record.files):
        try:
            stored = store_path(file_beside(folder, value.path), name=value.path, declared_type=value.declared_type)
        except RejectedFile as error:
            raise InvalidRecord(str(error)) from None
        if stored.sha256 != sha:
            raise InvalidRecord(f'file "{value.path}" changed while it was being imported')
        AccessionFile.objects.create(accession=accession, stored_file=stored, order=order, label=value.label,
                                     folios=folios, access=value.access, embargo_until=value.embargo_until)
    return outcome
