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
from django.utils.translation import gettext_noop

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



CATALOGUE = TableFile(
    name="catalogue", path="catalogue.csv", title=gettext_noop("Catalogue"),
    description=gettext_noop("One row per public document: its catalogue facts, flat for spreadsheets. A cell "
                             "beginning with "
                 "=, +, -, @ or a tab is written after an apostrophe, so that a spreadsheet shows it rather than "
                 "running it as a formula; documents.jsonl has every value exactly."),
    escape_formulas=True, primary_key=("public_id",),
    columns=(
        _string("public_id", gettext_noop("The document's stable id, as in its address and citations."), required=True, unique=True),
        _string("url", gettext_noop("The document's page.")),
        _string("title", gettext_noop("The title the archive gives it."), required=True),
        _string("type", gettext_noop("Document type."), enum=list(DOCUMENT_TYPES)),
        _string("date", gettext_noop("The date as known: YYYY, YYYY-MM or YYYY-MM-DD; empty if undated."), pattern=PARTIAL_DATE),
        _string("date_precision", gettext_noop("year, month or day: how much of the date is known."), enum=["year", "month", "day"]),
        Column("date_earliest", "date", gettext_noop("The earliest day the document can have been written.")),
        Column("date_latest", "date", gettext_noop("The latest day the document can have been written.")),
        _string("date_note", gettext_noop("How the date was established.")),
        _string("origin_country", gettext_noop("The author's state.")),
        _string("original_language", gettext_noop("The language of the original, an ISO 639-1 code.")),
        _string("text_languages", gettext_noop("The languages of the public texts (codes, separated by \"; \"); "
                                               "empty when no text is public.")),
        _string("repository", gettext_noop("The holding archives' codes (separated by \"; \" when the document "
                                           "has several locators).")),
        _string("locator", gettext_noop("Where the original sits, written out: archive, units, folios "
                                        "(separated by \"; \" for several).")),
        _string("source_line", gettext_noop("The source line exactly as printed.")),
        _string("authors", gettext_noop("Authors' names, separated by \"; \".")),
        _string("recipients", gettext_noop("Recipients' names, separated by \"; \".")),
        _string("participants", gettext_noop("Participants' names, separated by \"; \".")),
        _string("signatories", gettext_noop("Signatories' names, separated by \"; \".")),
        _string("mentioned", gettext_noop("Names the record lists as mentioned, separated by \"; \".")),
        _string("credits", gettext_noop("Who obtained, translated, edited, contributed, transcribed or funded "
                                        "it, separated by \"; \": "
                           '"role: name", then "for" whom and "[language]" of the version credited, where given.')),
        _string("classification", gettext_noop("The original classification marking, as printed.")),
        _string("summary", gettext_noop("The editor's abstract.")),
        _string("rights", gettext_noop("The record's rights statement.")),
        Column("catalogue_only", "boolean", gettext_noop("true when only the catalogue facts are held here, not "
                                                         "the text."),
               {"required": True}),
        _string("held_at", gettext_noop("For catalogue-only records: where the document can be read.")),
        _string("source_url", gettext_noop("Where the record came from.")),
        _string("subjects", gettext_noop("Subject headings, separated by \"; \".")),
        _string("places", gettext_noop("Places, by their ids in the name authority (authority/terms.jsonl), "
                                       "separated by \"; \".")),
        _string("collections", gettext_noop("The collections holding it, by slug (collections.json), separated "
                                            "by \"; \".")),
        _string("tei", gettext_noop("The document's TEI file in this dump, when it has a public text.")),
    ),
)

TEI_FILES = TableFile(
    name="tei-files", path="tei.csv", title=gettext_noop("TEI files"),
    description=gettext_noop("The TEI P5 files under tei/, one per document with a public text, each with its size and "
                 "SHA-256 checksum (the files are many, so they are listed here rather than one by one above)."),
    primary_key=("path",),
    foreign_keys=({"fields": ["public_id"], "reference": {"resource": "catalogue", "fields": ["public_id"]}},),
    columns=(
        _string("public_id", gettext_noop("The document."), required=True, unique=True),
        _string("path", gettext_noop("The file, relative to the dump's folder."), required=True, unique=True),
        Column("bytes", "integer", gettext_noop("The file's size."), {"required": True, "minimum": 1}),
        _string("sha256", gettext_noop("The file's SHA-256 checksum, in hexadecimal."), required=True, pattern=r"^[0-9a-f]{64}$"),
        _string("languages", gettext_noop("The languages of its texts, separated by \"; \".")),
    ),
)

_CONTEXT_COMMON_END = (
    _string("sources", gettext_noop('The sources of the row, separated by " | ", with addresses where there are any.'), required=True),
    _string("confidence", gettext_noop("How sure the claim is."), required=True, enum=["high", "medium", "low"]),
    _yes_no("needs_verification", gettext_noop("yes until a curator has checked the row against its sources.")),
)
_DATE_PRECISION = _string("date_precision", gettext_noop('How precise the dates are (year, month or day); "~" after it: approximate.'),
                          required=True, pattern=r"^(year|month|day)~?$")

RELATIONS = TableFile(
    name="relations-periods", path="context/relations_timeline.tsv", title=gettext_noop("Relations periods"),
    description=gettext_noop("The state of each country's relations with the DPRK over time, as curators "
                             "summarise the scholarship."),
    delimiter="\t", primary_key=("id",),
    columns=(
        _string("id", gettext_noop("The row's stable id."), required=True, unique=True),
        _string("partner_code", gettext_noop("The partner country's code (SU, CN, HU, DD, PL, CS, RO, BG, AL, "
                                             "MN, VN, CU)."), required=True),
        _string("partner", gettext_noop("The partner country."), required=True),
        _string("start", gettext_noop("When the period began."), required=True, pattern=PARTIAL_DATE),
        _string("end", gettext_noop("When it ended; empty when the row marks a moment."), pattern=PARTIAL_DATE),
        _DATE_PRECISION,
        _string("status", gettext_noop("The state of relations."), required=True, enum=RELATION_STATUSES),
        _string("summary", gettext_noop("What the period was."), required=True),
        _string("summary_ko", gettext_noop("The same in Korean; empty: not written.")),
        *_CONTEXT_COMMON_END,
    ),
)

EMBASSY_CONDITIONS = TableFile(
    name="embassy-conditions", path="context/embassy_conditions.tsv", title=gettext_noop("Embassy conditions"),
    description=gettext_noop("The conditions the allies' missions in Pyongyang worked under: location, "
                             "staffing, access, restrictions."),
    delimiter="\t", primary_key=("id",),
    columns=(
        _string("id", gettext_noop("The row's stable id."), required=True, unique=True),
        _string("country_code", gettext_noop('The countries concerned, by code, separated by ","; "ALL" for every mission.'), required=True),
        _string("country", gettext_noop("The missions concerned, as the source puts it."), required=True),
        _string("start", gettext_noop("When the condition began."), required=True, pattern=PARTIAL_DATE),
        _string("end", gettext_noop("When it ended; empty when no end is recorded."), pattern=PARTIAL_DATE),
        _DATE_PRECISION,
        _string("condition_type", gettext_noop("What kind of condition (location, staffing, access, ...)."), required=True),
        _string("description", gettext_noop("The condition."), required=True),
        _string("description_ko", gettext_noop("The same in Korean; empty: not written.")),
        *_CONTEXT_COMMON_END,
    ),
)

EVENTS = TableFile(
    name="events", path="context/events.tsv", title=gettext_noop("Events"),
    description=gettext_noop("Events of modern Korean history as curated context, with whether they were public "
                             "when they happened."),
    delimiter="\t", primary_key=("id",),
    columns=(
        _string("id", gettext_noop("The event's stable id."), required=True, unique=True),
        _string("date_start", gettext_noop("When it began."), required=True, pattern=PARTIAL_DATE),
        _string("date_end", gettext_noop("When it ended; empty for a moment."), pattern=PARTIAL_DATE),
        _DATE_PRECISION,
        _string("event", gettext_noop("What happened."), required=True),
        _string("event_ko", gettext_noop("The same in Korean; empty: not written.")),
        _string("category", gettext_noop("The kind of event."), required=True),
        _string("actors", gettext_noop('The states and organisations involved, separated by ";".')),
        _string("public_at_time", gettext_noop("Whether (and how) it was public when it happened.")),
        *_CONTEXT_COMMON_END,
        _string("lag_notes", gettext_noop("Notes on how late the record reports it.")),
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
