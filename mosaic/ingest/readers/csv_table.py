"""CSV: one document record per row, list cells separated by "; " (docs/ingest-format.md)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from mosaic.ingest.readers import Problem, ReaderOutput, SourceRecord, UnreadableFile
from mosaic.ingest.readers.text_files import read_utf8
from mosaic.ingest.records import FIELDS

AGENT_COLUMNS = {"authors": "author", "recipients": "recipient", "participants": "participant",
                 "signatories": "signatory", "mentioned": "mentioned"}
TEXT_COLUMNS = {"text": "text", "text_kind": "kind", "text_language": "language", "text_by": "made_by",
                "text_access": "access"}
LIST_SEPARATOR = ";"
# Columns that only exist in JSON form (lists of objects) are replaced by the flat columns above.
SCALAR_COLUMNS = FIELDS - {"credits", "agents", "texts", "collections", "catalogue_only"}
ALLOWED_COLUMNS = SCALAR_COLUMNS | set(AGENT_COLUMNS) | set(TEXT_COLUMNS) | {"collections", "funders", "catalogue_only"}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def row_to_record(row: dict[str, str]) -> dict:
    record: dict = {key: value for key, value in row.items() if key in SCALAR_COLUMNS and value}
    agents = [
        {"name": name, "role": role}
        for column, role in AGENT_COLUMNS.items()
        for name in _split(row.get(column, ""))
    ]
    if agents:
        record["agents"] = agents
    if row.get("collections"):
        record["collections"] = _split(row["collections"])
    if row.get("funders"):
        record["credits"] = [{"role": "funded", "name": name} for name in _split(row["funders"])]
    if row.get("catalogue_only"):
        record["catalogue_only"] = row["catalogue_only"].strip().lower() in {"true", "yes", "1"}
    text = {key: row[column] for column, key in TEXT_COLUMNS.items() if row.get(column)}
    if text:
        record["texts"] = [text]
    return record


def read_csv(path: Path) -> ReaderOutput:
    reader = csv.DictReader(io.StringIO(read_utf8(path), newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise UnreadableFile(f"CSV header cannot be read ({error})", 1) from None
    unknown = [column for column in header if column not in ALLOWED_COLUMNS]
    if unknown:
        raise UnreadableFile(f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} (see docs/ingest-format.md)", 1)
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(value is None for value in row.values()):
                yield Problem(line, f"row has {len(header)} columns in the header but a different number here")
                continue
            yield SourceRecord(line, row_to_record(row))
    except csv.Error as error:
        yield Problem(reader.line_num, f"CSV cannot be read ({error})")
