"""Catalogue facts of Wilson Center Digital Archive records, as catalogue-only documents.

The TSV (see mosaic/data/demo/wilson_records_dev.tsv) has no document text: each row becomes a
record marked "text not held here" that links to the page where the document can be read.
"""
from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from mosaic.ingest.limits import shown
from mosaic.ingest.readers import Problem, ReaderOutput, SourceRecord, UnreadableFile
from mosaic.ingest.readers.csv_table import cells_bounded
from mosaic.ingest.readers.text_files import text_lines
from mosaic.ingest.records import InvalidRecord, check_count
from mosaic.lib.vocabularies import document_type_from_title

COLUMNS = [
    "evidence", "record_id", "canonical_url", "stored_page_url", "date", "title", "archive_citation",
    "credit", "funding_credit", "original_language", "origin_country", "person_names", "notes",
]
ID_PREFIX = "wcda-"
BRACKETED = re.compile(r"\s*\[[^\]]*\]")


def is_wilson_catalogue(path: Path) -> bool:
    with path.open("rb") as handle:
        first_line = handle.readline(200)  # the header's start is all we need to see
    return first_line.decode("utf-8-sig", errors="replace").startswith("evidence\trecord_id\tcanonical_url")


def public_id(row: dict[str, str]) -> str:
    """`wcda-<record id or slug>`; rows seen only in listings have neither, so their date and title stand in."""
    record_id = row["record_id"].strip().lower()
    if not record_id:
        digest = hashlib.sha1(row["title"].strip().encode("utf-8")).hexdigest()[:10]
        record_id = f"{row['date'].strip() or 'undated'}-{digest}"
    candidate = ID_PREFIX + re.sub(r"[^a-z0-9._-]+", "-", record_id)
    if len(candidate) > 120:  # long slugs: keep a readable head and a digest of the whole
        candidate = candidate[:109] + "-" + hashlib.sha1(record_id.encode()).hexdigest()[:10]
    return candidate


def _same_document_key(row: dict[str, str]) -> tuple[str, str]:
    return row["date"].strip(), " ".join(row["title"].casefold().split())


def row_to_record(row: dict[str, str]) -> dict:
    # Counted before the lists are built (InvalidRecord for a row over a limit).
    check_count("agents", row["person_names"].count(";") + 1)
    check_count("credits", row["funding_credit"].count(",") + 1)
    url = row["canonical_url"].strip() or row["stored_page_url"].strip()
    source = " ".join(part.strip() for part in (row["archive_citation"], row["credit"]) if part.strip())
    names = [name.strip() for name in row["person_names"].split(";") if name.strip()]
    notes = row["notes"].strip()
    record = {
        "id": public_id(row),
        "title": row["title"].strip(),
        "type": document_type_from_title(row["title"]),
        "date": row["date"].strip(),
        "origin_country": row["origin_country"].strip(),
        "original_language": row["original_language"].strip(),
        "source": source,
        "credits": [{"role": "funded", "name": funder.strip()} for funder in row["funding_credit"].split(",") if funder.strip()],
        "agents": [
            {"name": BRACKETED.sub("", name).strip() or name, "role": "mentioned", "as_written": name}
            for name in names
        ],
        "catalogue_only": True,
        "held_at": url,
        "source_url": url,
        "status": "published",
    }
    if "date" in notes:
        record["date_note"] = notes
    return {key: value for key, value in record.items() if value not in ("", [], None)}


def _rows(rows) -> Iterator[tuple[int, list[str]]]:
    try:
        for cells in rows:
            yield rows.line_num, cells
    except csv.Error as error:
        raise UnreadableFile(f"TSV cannot be read ({shown(error)})", rows.line_num) from None


def read_wilson_catalogue(path: Path) -> ReaderOutput:
    cells_bounded()
    rows = csv.reader(text_lines(path), delimiter="\t")
    try:
        header = next(rows, None)
    except csv.Error as error:
        raise UnreadableFile(f"header cannot be read ({shown(error)})", 1) from None
    if header != COLUMNS:
        raise UnreadableFile(f"header is not the Wilson catalogue header ({', '.join(COLUMNS)})", 1)
    documented = set()
    parsed = []
    for line, cells in _rows(rows):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(COLUMNS):
            yield Problem(line, f"expected {len(COLUMNS)} tab-separated columns, found {len(cells)}")
            continue
        row = dict(zip(COLUMNS, cells))
        if not row["title"].strip():
            yield Problem(line, "title is empty")
            continue
        if row["evidence"] == "document_page":
            documented.add(_same_document_key(row))
        parsed.append((line, row))
    for line, row in parsed:
        # A listing row that repeats a record we also have from its own page adds nothing.
        if row["evidence"] == "listing" and _same_document_key(row) in documented:
            continue
        try:
            yield SourceRecord(line, row_to_record(row))
        except InvalidRecord as error:
            yield Problem(line, str(error))
