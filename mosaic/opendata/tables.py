"""The tabular files of a dump, each declared once: its columns in order, with the Table Schema
type and meaning of each. The writer takes the header from the declaration and datapackage.json
its schema, so the two cannot drift apart.

The context tables keep the columns of the seed files `context/seed.load_context` reads (notes
and curators' search keywords are not shown to the public, so they stay out): a dump's context/
folder loads into another Mosaic as it is.
"""
from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from mosaic.context.models import RELATION_STATUSES, EmbassyCondition, Event, RelationsPeriod
from mosaic.context.seed import COUNTRY_CODES
from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.vocabularies import DOCUMENT_TYPES
from mosaic.opendata.documents import PublicDocument

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# A cell a spreadsheet would run as a formula (docs/ingest-format.md, "Odd input").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, boolean, date
    description: str
    constraints: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)  # trueValues and falseValues of a boolean

    def schema(self) -> dict:
        described = {"name": self.name, "type": self.type, "description": self.description, **self.options}
        if self.constraints:
            described["constraints"] = self.constraints
        return described


@dataclass(frozen=True)
class TableFile:
    name: str  # the resource's name in datapackage.json
    path: str
    title: str
    description: str
    columns: tuple[Column, ...]
    delimiter: str = ","
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[dict, ...] = ()
    # Spreadsheets open the catalogue; the context tables are the seed loader's input and stay exact.
    escape_formulas: bool = False

    def schema(self) -> dict:
        schema = {"fields": [column.schema() for column in self.columns]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = list(self.foreign_keys)
        return schema

    @contextlib.contextmanager
    def writing(self, folder: Path) -> Iterator[Callable[[dict], None]]:
        """Open the file under `folder` with its header; yields a function that writes one row (a
        dict keyed by column name)."""
        path = folder / self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        names = [column.name for column in self.columns]
        with path.open("x", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=self.delimiter, lineterminator="\n")
            writer.writerow(names)
            yield lambda row: writer.writerow([self._cell(row.get(name, "")) for name in names])

    def write(self, folder: Path, rows: Iterable[dict]) -> int:
        """Write the header and the rows; returns the number of rows."""
        count = 0
        with self.writing(folder) as write_row:
            for row in rows:
                write_row(row)
                count += 1
        return count

    def _cell(self, value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        text = "" if value is None else str(value)
        if self.escape_formulas and text.startswith(FORMULA_STARTS):
            return "'" + text
        return text


def _string(name: str, description: str, **constraints) -> Column:
    return Column(name, "string", description, constraints)


def _yes_no(name: str, description: str) -> Column:
    return Column(name, "boolean", description, {"required": True}, {"trueValues": ["yes"], "falseValues": ["no"]})


_LIST = f'separated by "{LIST_SEPARATOR}"'

CATALOGUE = TableFile(
    name="catalogue", path="catalogue.csv", title="Catalogue",
    description=("One row per public document: its catalogue facts, flat for spreadsheets. A cell beginning with "
                 "=, +, -, @ or a tab is written after an apostrophe, so that a spreadsheet shows it rather than "
                 "running it as a formula; documents.jsonl has every value exactly."),
    escape_formulas=True, primary_key=("public_id",),
    columns=(
        _string("public_id", "The document's stable id, as in its address and citations.", required=True, unique=True),
        _string("url", "The document's page."),
        _string("title", "The title the archive gives it.", required=True),
        _string("type", "Document type.", enum=list(DOCUMENT_TYPES)),
        _string("date", "The date as known: YYYY, YYYY-MM or YYYY-MM-DD; empty if undated.", pattern=PARTIAL_DATE),
        _string("date_precision", "year, month or day: how much of the date is known.", enum=["year", "month", "day"]),
        Column("date_earliest", "date", "The earliest day the document can have been written."),
        Column("date_latest", "date", "The latest day the document can have been written."),
        _string("date_note", "How the date was established."),
        _string("origin_country", "The author's state."),
        _string("original_language", "The language of the original, an ISO 639-1 code."),
        _string("text_languages", f"The languages of the public texts (codes, {_LIST}); empty when no text is public."),
        _string("repository", f"The holding archives' codes ({_LIST} when the document has several locators)."),
        _string("locator", f"Where the original sits, written out: archive, units, folios ({_LIST} for several)."),
        _string("source_line", "The source line exactly as printed."),
        _string("authors", f"Authors' names, {_LIST}."),
        _string("recipients", f"Recipients' names, {_LIST}."),
        _string("participants", f"Participants' names, {_LIST}."),
        _string("signatories", f"Signatories' names, {_LIST}."),
        _string("mentioned", f"Names the record lists as mentioned, {_LIST}."),
        _string("credits", f"Who obtained, translated, edited, contributed, transcribed or funded it, {_LIST}: "
                           '"role: name", then "for" whom and "[language]" of the version credited, where given.'),
        _string("classification", "The original classification marking, as printed."),
        _string("summary", "The editor's abstract."),
        _string("rights", "The record's rights statement."),
        Column("catalogue_only", "boolean", "true when only the catalogue facts are held here, not the text.",
               {"required": True}),
        _string("held_at", "For catalogue-only records: where the document can be read."),
        _string("source_url", "Where the record came from."),
        _string("subjects", f"Subject headings, {_LIST}."),
        _string("places", f"Places, by their ids in the name authority (authority/terms.jsonl), {_LIST}."),
        _string("collections", f"The collections holding it, by slug (collections.json), {_LIST}."),
        _string("tei", "The document's TEI file in this dump, when it has a public text."),
    ),
)

TEI_FILES = TableFile(
    name="tei-files", path="tei.csv", title="TEI files",
    description=("The TEI P5 files under tei/, one per document with a public text, each with its size and "
                 "SHA-256 checksum (the files are many, so they are listed here rather than one by one above)."),
    primary_key=("path",),
    foreign_keys=({"fields": ["public_id"], "reference": {"resource": "catalogue", "fields": ["public_id"]}},),
    columns=(
        _string("public_id", "The document.", required=True, unique=True),
        _string("path", "The file, relative to the dump's folder.", required=True, unique=True),
        Column("bytes", "integer", "The file's size.", {"required": True, "minimum": 1}),
        _string("sha256", "The file's SHA-256 checksum, in hexadecimal.", required=True, pattern=r"^[0-9a-f]{64}$"),
        _string("languages", f"The languages of its texts, {_LIST}."),
    ),
)

_CONTEXT_COMMON_END = (
    _string("sources", 'The sources of the row, separated by " | ", with addresses where there are any.', required=True),
    _string("confidence", "How sure the claim is.", required=True, enum=["high", "medium", "low"]),
    _yes_no("needs_verification", "yes until a curator has checked the row against its sources."),
)
_DATE_PRECISION = _string("date_precision", 'How precise the dates are (year, month or day); "~" after it: approximate.',
                          required=True, pattern=r"^(year|month|day)~?$")

RELATIONS = TableFile(
    name="relations-periods", path="context/relations_timeline.tsv", title="Relations periods",
    description="The state of each country's relations with the DPRK over time, as curators summarise the scholarship.",
    delimiter="\t", primary_key=("id",),
    columns=(
        _string("id", "The row's stable id.", required=True, unique=True),
        _string("partner_code", "The partner country's code (SU, CN, HU, DD, PL, CS, RO, BG, AL, MN, VN, CU).", required=True),
        _string("partner", "The partner country.", required=True),
        _string("start", "When the period began.", required=True, pattern=PARTIAL_DATE),
        _string("end", "When it ended; empty when the row marks a moment.", pattern=PARTIAL_DATE),
        _DATE_PRECISION,
        _string("status", "The state of relations.", required=True, enum=RELATION_STATUSES),
        _string("summary", "What the period was.", required=True),
        _string("summary_ko", "The same in Korean; empty: not written."),
        *_CONTEXT_COMMON_END,
    ),
)

EMBASSY_CONDITIONS = TableFile(
    name="embassy-conditions", path="context/embassy_conditions.tsv", title="Embassy conditions",
    description="The conditions the allies' missions in Pyongyang worked under: location, staffing, access, restrictions.",
    delimiter="\t", primary_key=("id",),
    columns=(
        _string("id", "The row's stable id.", required=True, unique=True),
        _string("country_code", 'The countries concerned, by code, separated by ","; "ALL" for every mission.', required=True),
        _string("country", "The missions concerned, as the source puts it.", required=True),
        _string("start", "When the condition began.", required=True, pattern=PARTIAL_DATE),
        _string("end", "When it ended; empty when no end is recorded.", pattern=PARTIAL_DATE),
        _DATE_PRECISION,
        _string("condition_type", "What kind of condition (location, staffing, access, ...).", required=True),
        _string("description", "The condition.", required=True),
        _string("description_ko", "The same in Korean; empty: not written."),
        *_CONTEXT_COMMON_END,
    ),
)

EVENTS = TableFile(
    name="events", path="context/events.tsv", title="Events",
    description="Events of modern Korean history as curated context, with whether they were public when they happened.",
    delimiter="\t", primary_key=("id",),
    columns=(
        _string("id", "The event's stable id.", required=True, unique=True),
        _string("date_start", "When it began.", required=True, pattern=PARTIAL_DATE),
        _string("date_end", "When it ended; empty for a moment.", pattern=PARTIAL_DATE),
        _DATE_PRECISION,
        _string("event", "What happened.", required=True),
        _string("event_ko", "The same in Korean; empty: not written."),
        _string("category", "The kind of event.", required=True),
        _string("actors", 'The states and organisations involved, separated by ";".'),
        _string("public_at_time", "Whether (and how) it was public when it happened."),
        *_CONTEXT_COMMON_END,
        _string("lag_notes", "Notes on how late the record reports it."),
    ),
)

ALL_TABLES = (CATALOGUE, TEI_FILES, RELATIONS, EMBASSY_CONDITIONS, EVENTS)


def _joined(values) -> str:
    return LIST_SEPARATOR.join(value for value in values if value)


def _credit_text(credit) -> str:
    text = f"{credit.role}: {credit.name}"
    if credit.on_behalf_of:
        text += f" for {credit.on_behalf_of}"
    return text + (f" [{credit.language}]" if credit.language else "")


def catalogue_row(document: PublicDocument, collections: list[str], tei_path: str) -> dict:
    facts = document.facts
    names = {role: [a.name for a in facts.agents if a.role == role]
             for role in ("author", "recipient", "participant", "signatory", "mentioned")}
    return {
        "public_id": facts.public_id, "url": f"{settings.MOSAIC_BASE_URL}/documents/{facts.public_id}/",
        "title": facts.title, "type": facts.doc_type, "date": facts.date, "date_precision": facts.date_precision,
        "date_earliest": facts.date_earliest, "date_latest": facts.date_latest, "date_note": facts.date_note,
        "origin_country": facts.origin_country, "original_language": facts.original_language,
        "text_languages": _joined(dict.fromkeys(text.language for text in document.texts)),
        "repository": _joined(locator.repository_code for locator in facts.locators),
        "locator": _joined(locator.written_out for locator in facts.locators),
        "source_line": _joined(locator.as_printed for locator in facts.locators),
        "authors": _joined(names["author"]), "recipients": _joined(names["recipient"]),
        "participants": _joined(names["participant"]), "signatories": _joined(names["signatory"]),
        "mentioned": _joined(names["mentioned"]),
        "credits": _joined(_credit_text(credit) for credit in facts.credits),
        "classification": facts.classification, "summary": facts.summary, "rights": facts.rights,
        "catalogue_only": facts.catalogue_only, "held_at": facts.held_at, "source_url": facts.source_url,
        "subjects": _joined(subject.heading for subject in facts.subjects),
        "places": _joined(place.term_id for place in facts.places),
        "collections": _joined(collections), "tei": tei_path,
    }


def _precision(row) -> str:
    try:
        precision = PartialDate.parse(row.start).precision.value
    except InvalidDate:
        precision = "day"
    return precision + ("~" if row.approximate else "")


def _context_common(row) -> dict:
    return {"id": row.row_id, "date_precision": _precision(row), "sources": " | ".join(row.source_list),
            "confidence": row.confidence, "needs_verification": "yes" if row.needs_verification else "no"}


def relations_rows() -> Iterable[dict]:
    codes = {country: code for code, country in COUNTRY_CODES.items()}
    for row in RelationsPeriod.objects.order_by("row_id"):
        yield _context_common(row) | {"partner_code": codes.get(row.country, row.country), "partner": row.country,
                                      "start": row.start, "end": row.end, "status": row.status, "summary": row.summary,
                                      "summary_ko": row.summary_ko}


def embassy_condition_rows() -> Iterable[dict]:
    codes = {country: code for code, country in COUNTRY_CODES.items()}
    for row in EmbassyCondition.objects.order_by("row_id"):
        countries = ",".join(codes.get(country, country) for country in row.countries) or "ALL"
        yield _context_common(row) | {"country_code": countries, "country": row.applies_to, "start": row.start,
                                      "end": row.end, "condition_type": row.condition_type,
                                      "description": row.description, "description_ko": row.description_ko}


def event_rows() -> Iterable[dict]:
    for row in Event.objects.order_by("row_id"):
        yield _context_common(row) | {"date_start": row.start, "date_end": row.end, "event": row.title, "event_ko": row.title_ko,
                                      "category": row.category, "actors": row.actors,
                                      "public_at_time": row.public_at_time, "lag_notes": row.lag_notes}
