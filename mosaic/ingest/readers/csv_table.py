"""CSV: one document record per row, list cells separated by "; " (docs/ingest-format.md)."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from mosaic.ingest.limits import limit, quoted_list, shown
from mosaic.ingest.readers import Problem, ReaderOutput, SourceRecord, UnreadableFile
from mosaic.ingest.readers.text_files import text_lines
from mosaic.ingest.records import FIELDS, InvalidRecord, check_count

AGENT_COLUMNS = {"authors": "author", "recipients": "recipient", "participants": "participant",
                 "signatories": "signatory", "mentioned": "mentioned"}
TEXT_COLUMNS = {"text": "text", "text_kind": "kind", "text_language": "language", "text_by": "made_by",
                "text_access": "access"}
LIST_SEPARATOR = ";"
# Columns that only exist in JSON form (lists of objects) are replaced by the flat columns above.
SCALAR_COLUMNS = FIELDS - {"credits", "agents", "texts", "collections", "catalogue_only", "subjects", "places"}
ALLOWED_COLUMNS = SCALAR_COLUMNS | set(AGENT_COLUMNS) | set(TEXT_COLUMNS) | {"collections", "funders", "catalogue_only", "subjects", "places"}
TRUE_CELLS, FALSE_CELLS = {"true", "yes", "1"}, {"false", "no", "0"}


def cells_bounded() -> None:
    """Let one cell be as long as a line may be. The csv module's own cap (128 KB) is
    process-wide and would refuse a long text cell with a message about csv internals."""
    csv.field_size_limit(max(csv.field_size_limit(), limit("MOSAIC_INGEST_MAX_LINE_BYTES")))


def boolean_cell(cell: str):
    """True or False for the spellings a spreadsheet uses; anything else is passed on as text,
    so that validation refuses it ("maybe" is not a yes)."""
    value = cell.strip().lower()
    if value in TRUE_CELLS:
        return True
    if value in FALSE_CELLS:
        return False
    return cell


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _most_entries(*cells: str) -> int:
    """An upper bound on the entries of the cells, counted without splitting them."""
    return sum(cell.count(LIST_SEPARATOR) + 1 for cell in cells if cell)


def row_to_record(row: dict[str, str]) -> dict:
    """The row as a document record; InvalidRecord if a list cell is over its limit, checked
    before a cell of two million names becomes two million objects."""
    check_count("agents", _most_entries(*(row.get(column, "") for column in AGENT_COLUMNS)))
    check_count("collections", _most_entries(row.get("collections", "")))
    check_count("credits", _most_entries(row.get("funders", "")))
    record: dict = {key: value for key, value in row.items() if key in SCALAR_COLUMNS and value}
    agents = [
        {"name": name, "role": role}
        for column, role in AGENT_COLUMNS.items()
        for name in _split(row.get(column, ""))
    ]
    if agents:
        record["agents"] = agents
    for column in ("collections", "subjects", "places"):
        if row.get(column):
            record[column] = _split(row[column])
    if row.get("funders"):
        record["credits"] = [{"role": "funded", "name": name} for name in _split(row["funders"])]
    if row.get("catalogue_only"):
        record["catalogue_only"] = boolean_cell(row["catalogue_only"])
    text = {key: row[column] for column, key in TEXT_COLUMNS.items() if row.get(column)}
    if text:
        record["texts"] = [text]
    return record


def read_csv(path: Path) -> ReaderOutput:
    cells_bounded()
    reader = csv.DictReader(text_lines(path), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise UnreadableFile(f"CSV header cannot be read ({shown(error)})", 1) from None
    unknown = [column for column in header if column not in ALLOWED_COLUMNS]
    if unknown:
        raise UnreadableFile(f"unknown column{'s' if len(unknown) > 1 else ''} {quoted_list(unknown)} (see docs/ingest-format.md)", 1)
    repeated = sorted(column for column, count in Counter(header).items() if count > 1)
    if repeated:
        # DictReader would keep the last of two equal columns and drop the first unseen.
        raise UnreadableFile(f"column{'s' if len(repeated) > 1 else ''} {quoted_list(repeated)} appear{'' if len(repeated) > 1 else 's'} twice in the header", 1)
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(value is None for value in row.values()):
                yield Problem(line, f"row has {len(header)} columns in the header but a different number here")
                continue
            try:
                yield SourceRecord(line, row_to_record(row))
            except InvalidRecord as error:
                yield Problem(line, str(error))
    except csv.Error as error:
        # DictReader.line_num is only updated after a row is read; the inner reader's is current.
        yield Problem(reader.reader.line_num, f"CSV cannot be read ({shown(error)})")
