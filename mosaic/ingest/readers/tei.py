"""Reader for TEI P5 in the style of the Foreign Relations of the United States (FRUS).

Each `div[@type="document"]` of a FRUS volume (https://github.com/HistoryAtState/frus) becomes
one document record (docs/ingest-format.md). The volume's person ids (`corresp="#p_NRM1"`) are
resolved through the persons table, which `load_frus_persons` reads.

XML is parsed with defusedxml, so a DOCTYPE that declares entities (entity-expansion bombs,
external entities pointing at local files) is refused instead of expanded.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import xml.etree.ElementTree as stdlib_etree
from pathlib import Path
from typing import Iterator
from xml.parsers import expat

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser

from mosaic.ingest.limits import MAX_XML_DEPTH, limit, shown
from mosaic.ingest.readers import Problem, SourceRecord, UnreadableFile
from mosaic.ingest.readers.csv_table import cells_bounded
from mosaic.ingest.readers.text_files import text_lines
from mosaic.lib.partial_dates import DateInterval, InvalidDate, PartialDate
from mosaic.lib.person_names import natural_name
from mosaic.lib.vocabularies import document_type_from_title

__all__ = ["read_tei", "load_frus_persons"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
DATETIME_MIN = f"{{{FRUS_NS}}}doc-dateTime-min"
DATETIME_MAX = f"{{{FRUS_NS}}}doc-dateTime-max"

EDITION_MAKER = "Office of the Historian, U.S. Department of State"
RIGHTS = "Public domain (work of the United States Government, 17 U.S.C. §105)."
DOCUMENT_URL = "https://history.state.gov/historicaldocuments/{volume}/{document}"

# Elements whose content is a paragraph of its own in the plain text.
PARAGRAPH_ELEMENTS = {
    "p", "head", "item", "dateline", "closer", "signed", "salute", "opener", "list", "ab",
    "postscript", "row", "table", "lg", "l", "div", "byline", "docDate", "argument", "trailer",
}
# Elements whose words are separated from their neighbours even when the XML has no whitespace.
WORD_BREAKING_ELEMENTS = {"lb", "cell"}

# A classification is a sentence of its own in the source note: "... Nos. 1–42. Secret. A copy
# was sent ..." or "Secret; Sensitive." The look-behind keeps "Secretary" and "kept secret" out.
CLASSIFICATION = re.compile(
    r"(?:^|(?<=[.)\]]\s))"
    r"((?:Top Secret|Secret|Confidential|Limited Official Use|Unclassified)"
    r"(?:;\s*[A-Z][A-Za-z/-]*(?:\s+[A-Za-z/-]+)*)*)\."
)
LEADING_NUMBER = re.compile(r"^\s*\d+[A-Za-z]?\.\s+")
ENCODING_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
ISO_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$")
FEED_CHARS = 1024 * 1024
SURROGATE = re.compile("[\ud800-\udfff]")
# Codecs Python knows that turn escapes into characters (and so into lone surrogates or NULs)
# rather than decode a file's bytes.
NOT_FILE_ENCODINGS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"}
NAME_SUFFIXES = {"Jr.", "Sr.", "II", "III", "IV"}


class DocumentProblem(ValueError):
    """One document division cannot become a record; the reader reports it and goes on."""


# ---------------------------------------------------------------------------------------------
# Persons


def load_frus_persons(path: Path) -> dict[str, str]:
    """Read a FRUS persons table (TSV) into {frus_person_xmlid: name in natural order}.

    The table is an input file like the TEI beside it: read strictly as UTF-8, line by line with
    the line limit. A problem is an UnreadableFile with the table's own line number."""
    size = path.stat().st_size
    if size > limit("MOSAIC_INGEST_MAX_BYTES"):
        raise UnreadableFile(f"file is {size:,} bytes, over the {limit('MOSAIC_INGEST_MAX_BYTES'):,}-byte limit")
    cells_bounded()
    rows = csv.DictReader(text_lines(path), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        missing = {"frus_person_xmlid", "name_as_written_in_volume"} - set(rows.fieldnames or [])
        if missing:
            raise UnreadableFile(f"persons table lacks column(s) {', '.join(sorted(missing))}", 1)
        persons = {}
        for row in rows:
            person, written = row["frus_person_xmlid"], row["name_as_written_in_volume"]
            if person and written:
                if "\x00" in written or "\x00" in person:
                    raise UnreadableFile("NUL character in the persons table", rows.reader.line_num)
                persons[person.strip()] = natural_name(written)
        return persons
    except csv.Error as error:
        raise UnreadableFile(f"persons table cannot be read ({shown(error)})", rows.reader.line_num) from None


# ---------------------------------------------------------------------------------------------
# Reading the file


def read_tei(path: Path, persons: dict[str, str] | None = None) -> Iterator[SourceRecord | Problem]:
    """Yield one SourceRecord per FRUS document division, or a Problem for a division that is bad."""
    persons = persons or {}
    root, lines = parse_safely(Path(path).read_bytes())
    if local_name(root.tag) not in {"TEI", "teiCorpus"}:
        raise UnreadableFile(
            f"root element is <{local_name(root.tag)}>, not TEI: "
            'no TEI document divisions (div type="document") found',
            lines.get(root, 1),
        )
    divisions = [div for div in root.iter() if is_document_division(div)]
    if not divisions:
        raise UnreadableFile('no TEI document divisions (div type="document") found', lines.get(root, 1))
    volume = volume_id(root, lines)
    for division in divisions:
        line = lines.get(division, 0)
        try:
            yield SourceRecord(line=line, data=document_record(division, volume, persons))
        except DocumentProblem as problem:
            yield Problem(line, str(problem))


class LineRecordingBuilder(stdlib_etree.TreeBuilder):
    """A TreeBuilder that remembers the line of each element's start tag.

    ElementTree keeps no source positions, but records and Problems must name `file:line`.
    expat knows the current line while it reports a start tag, so we read it there; the
    elements are keys of a dict because C Elements cannot carry extra attributes.
    """

    def __init__(self):
        super().__init__()
        self.expat = None
        self.lines: dict[stdlib_etree.Element, int] = {}
        self.depth = 0
        # Characters in the document division being read. Its plain text (whitespace collapsed)
        # is checked exactly against the text limit later; twice the limit in raw character
        # data stops the parse at once, so a 50 MB division is never built as a tree.
        self.most_characters = 2 * limit("MOSAIC_INGEST_MAX_TEXT_CHARS")
        self.division_depth = 0
        self.division_characters = 0

    def start(self, tag, attrs):
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            # The reader walks divisions recursively; refuse before Python's stack is the limit.
            raise _StopParsing(self.expat.CurrentLineNumber,
                               f"XML elements are nested more than {MAX_XML_DEPTH} deep; refused")
        if not self.division_depth and local_name(tag) == "div" and attrs.get("type") == "document":
            self.division_depth, self.division_characters = self.depth, 0
        element = super().start(tag, attrs)
        self.lines[element] = self.expat.CurrentLineNumber
        return element

    def data(self, data):
        if self.division_depth:
            self.division_characters += len(data)
            if self.division_characters > self.most_characters:
                raise _StopParsing(self.expat.CurrentLineNumber,
                                   f"a document division holds over {self.most_characters:,} characters of text, "
                                   f"far over the limit of {limit('MOSAIC_INGEST_MAX_TEXT_CHARS'):,} "
                                   "(MOSAIC_INGEST_MAX_TEXT_CHARS); reading stopped")
        return super().data(data)

    def end(self, tag):
        if self.depth == self.division_depth:
            self.division_depth = 0
        self.depth -= 1
        return super().end(tag)


class _StopParsing(Exception):
    """Raised from the builder's callbacks to abandon a file that is over a limit."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_safely(data: bytes) -> tuple[stdlib_etree.Element, dict[stdlib_etree.Element, int]]:
    """Parse XML bytes with entity declarations forbidden; return the root and the line map."""
    text = decode(data)
    del data  # the caller's bytes are not kept alongside the text
    builder = LineRecordingBuilder()
    parser = DefusedXMLParser(target=builder)  # forbids entity declarations and external refs
    builder.expat = parser.parser
    try:
        # A str is fed so that expat reads what `decode` checked (pyexpat then ignores the
        # declared encoding, which `decode` has already applied); in pieces, so that expat's
        # own UTF-8 copy is one piece at a time, not a second copy of the file.
        for start in range(0, len(text), FEED_CHARS):
            parser.feed(text[start:start + FEED_CHARS])
        root = parser.close()
    except _StopParsing as error:
        raise UnreadableFile(error.message, error.line) from None
    except EntitiesForbidden:
        raise UnreadableFile(
            "XML declares entities (possible entity-expansion attack); refused",
            parser.parser.CurrentLineNumber,
        ) from None
    except DefusedXmlException:
        raise UnreadableFile(
            "XML refers to an external entity or DTD; refused", parser.parser.CurrentLineNumber
        ) from None
    except stdlib_etree.ParseError as error:
        line, column = error.position
        raise UnreadableFile(
            f"XML is not well-formed: {expat.ErrorString(error.code)} (column {column + 1})", line
        ) from None
    return root, builder.lines


def decode(data: bytes) -> str:
    """Decode the file in its declared encoding (UTF-8 by default), refusing bytes that don't fit."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, label, data = "utf-8", "UTF-8", data[len(codecs.BOM_UTF8):]
    else:
        declared = ENCODING_DECLARATION.match(data)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
        label = f"{encoding} (its declared encoding)" if declared else "UTF-8"
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise UnreadableFile(f'XML declares an unknown encoding "{shown(encoding)}"', 1) from None
    if codec.name in NOT_FILE_ENCODINGS:
        raise UnreadableFile(f'XML declares "{shown(encoding)}", which is not a character encoding for files', 1)
    try:
        text = data.decode(encoding)
    except LookupError:  # base64, hex, zlib, rot13: codecs, but not text encodings
        raise UnreadableFile(f'XML declares "{shown(encoding)}", which is not a character encoding for files', 1) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise UnreadableFile(
            f"file is not valid {label}: byte 0x{data[error.start]:02x} at column {column} "
            "cannot be decoded",
            line,
        ) from None
    except UnicodeError as error:  # codecs such as "undefined" fail without a position
        raise UnreadableFile(f"file is not valid {label} ({shown(error)})", 1) from None
    if SURROGATE.search(text):
        # UTF-16 and UTF-7 can carry half a character pair; no parser or database takes it.
        line = text.count("\n", 0, SURROGATE.search(text).start()) + 1
        raise UnreadableFile(f"file is not valid {label}: it holds half of a UTF-16 surrogate pair", line)
    return text


def local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def is_document_division(element) -> bool:
    return local_name(element.tag) == "div" and element.get("type") == "document"


def volume_id(root, lines) -> str:
    volume = root.get(XML_ID)
    if not volume:
        idno = next(
            (e for e in root.iter() if local_name(e.tag) == "idno" and e.get("type") == "frus"), None
        )
        volume = normalise_space(idno.text or "") if idno is not None else ""
    if not volume:
        raise UnreadableFile('no volume id (TEI xml:id or idno type="frus") found', lines.get(root, 1))
    return volume


# ---------------------------------------------------------------------------------------------
# One document


def document_record(division, volume: str, persons: dict[str, str]) -> dict:
    document = division.get(XML_ID)
    if not document:
        raise DocumentProblem('document division has no xml:id')
    title = document_title(division)
    if not title:
        raise DocumentProblem(f"document {shown(document)} has no title (head)")
    record = {
        "id": f"{volume}-{document}".lower(),
        "title": title,
        "type": document_type_from_title(title),
        **date_fields(division, shown(document)),
        "origin_country": "USA",
        "original_language": "en",
    }
    source = source_note(division)
    if source is not None:
        source_text = normalise_space("".join(source.itertext()))
        classification = classification_in(source_text)
        if classification:
            record["classification"] = classification
        record["source"] = source_text
    record.update(
        rights=RIGHTS,
        access="public",
        status="published",
        agents=agents_in(division, persons),
        texts=[{
            "kind": "original",
            "language": "en",
            "made_by": EDITION_MAKER,
            "text": plain_text(division),
        }],
        source_url=DOCUMENT_URL.format(volume=volume, document=document),
    )
    return record


def document_title(division) -> str:
    """The head's words without its footnotes and without the FRUS document number ("2. ")."""
    head = next((child for child in division if local_name(child.tag) == "head"), None)
    if head is None:
        return ""
    return LEADING_NUMBER.sub("", normalise_space(text_without_notes(head)))


def source_note(division):
    return next(
        (e for e in division.iter() if local_name(e.tag) == "note" and e.get("type") == "source"),
        None,
    )


def classification_in(source_text: str) -> str | None:
    match = CLASSIFICATION.search(source_text)
    return match.group(1) if match else None


# ---------------------------------------------------------------------------------------------
# Dates


def date_fields(division, document: str) -> dict:
    """date, date_min, date_max (and date_note) from frus:doc-dateTime-min/max or date/@when."""
    earliest_text, latest_text = division.get(DATETIME_MIN), division.get(DATETIME_MAX)
    if earliest_text is None and latest_text is None:
        return dateline_date_fields(division, document)
    if earliest_text is None or latest_text is None:
        present = "frus:doc-dateTime-min" if earliest_text is not None else "frus:doc-dateTime-max"
        raise DocumentProblem(f"document {document} has {present} but not its counterpart")
    earliest = parse_date_time(earliest_text, f"document {document}: frus:doc-dateTime-min")
    latest = parse_date_time(latest_text, f"document {document}: frus:doc-dateTime-max")
    if comparable(earliest, latest) and earliest > latest:
        raise DocumentProblem(
            f'document {document}: frus:doc-dateTime-min "{shown(earliest_text)}" is after '
            f'frus:doc-dateTime-max "{shown(latest_text)}"'
        )
    # The local calendar day as the volume states it: a meeting at 23:00 in Seoul stays on its
    # Korean date, whatever day it was in Washington.
    first_day, last_day = earliest.date(), latest.date()
    fields = {}
    if first_day <= last_day:
        fields["date"] = DateInterval(first_day, last_day).common_partial_date().isoformat()
    fields["date_min"] = first_day.isoformat()
    fields["date_max"] = last_day.isoformat()
    note = time_note(earliest, latest)
    if note:
        fields["date_note"] = note
    return fields


def parse_date_time(value: str, what: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        if ISO_DATE_SHAPE.match(value.strip()):
            raise DocumentProblem(f'{what} "{shown(value)}" is not a real date') from None
        raise DocumentProblem(f'{what} "{shown(value)}" is not an ISO date-time') from None


def comparable(first: dt.datetime, second: dt.datetime) -> bool:
    return (first.tzinfo is None) == (second.tzinfo is None)


def time_note(earliest: dt.datetime, latest: dt.datetime) -> str | None:
    """Say what the times were when the interval is not a run of whole days."""
    whole_days = earliest.time() == dt.time(0, 0) and latest.time() >= dt.time(23, 59)
    if whole_days:
        return None
    prefix = "Interval from frus:doc-dateTime-min/max; "
    if earliest.date() == latest.date():
        if earliest.utcoffset() == latest.utcoffset():
            return prefix + f"time {clock(earliest)}–{clock(latest)}{offset(earliest)}"
        return prefix + f"time {clock(earliest)}{offset(earliest)}–{clock(latest)}{offset(latest)}"
    return prefix + (
        f"from {earliest.date().isoformat()} {clock(earliest)}{offset(earliest)} "
        f"to {latest.date().isoformat()} {clock(latest)}{offset(latest)}"
    )


def clock(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def offset(moment: dt.datetime) -> str:
    """' (UTC−05:00)' with a true minus sign, or '' for a time without an offset."""
    delta = moment.utcoffset()
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    sign = "−" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f" (UTC{sign}{hours:02d}:{minutes:02d})"


def dateline_date_fields(division, document: str) -> dict:
    """Fallback for divisions without frus:doc-dateTime-*: the first date/@when outside notes."""
    when = next(
        (e.get("when") for e in elements_outside_notes(division)
         if local_name(e.tag) == "date" and e.get("when")),
        None,
    )
    if when is None:
        return {}  # undated documents are allowed
    day_part = when.strip().split("T", 1)[0]
    try:
        partial = PartialDate.parse(day_part)
    except InvalidDate:
        raise DocumentProblem(f'document {document}: date/@when "{shown(when)}" is not a real ISO date') from None
    return {"date": partial.isoformat(), "date_min": partial.earliest().isoformat(), "date_max": partial.latest().isoformat()}


# ---------------------------------------------------------------------------------------------
# Agents


# Role of a persName by the part of the document it stands in (anywhere else: "mentioned").
PERSON_ROLE = {"signed": "signatory", "participants": "participant", "to": "recipient", "from": "author"}


def agents_in(division, persons: dict[str, str]) -> list[dict]:
    """People named in the document (and the offices it is addressed to), first appearance first.

    persNames in the source note are left out: "Nixon Presidential Materials" names a collection,
    not a person in the document.
    """
    agents, seen = [], set()

    def add(name: str, role: str, kind: str, as_written: str):
        if name and (name, role) not in seen:
            seen.add((name, role))
            agents.append({"name": name, "role": role, "kind": kind, "as_written": as_written})

    def visit(element, context: str):
        tag = local_name(element.tag)
        if tag == "note" and element.get("type") == "source":
            return
        if tag == "list" and element.get("type") in {"to", "participants", "from"}:
            context = element.get("type")
        elif tag == "signed":
            context = "signed"
        if tag == "persName":
            as_written = normalise_space(text_without_notes(element))
            for person_id in person_ids(element) or [None]:
                name = persons.get(person_id, as_written) if person_id else as_written
                add(name, PERSON_ROLE.get(context, "mentioned"), "person", as_written)
            return
        if tag == "item" and context == "to" and not any(
            local_name(e.tag) == "persName" for e in element.iter()
        ):
            office = normalise_space(text_without_notes(element))
            add(office, "recipient", "organisation", office)
            return
        for child in element:
            visit(child, context)

    visit(division, "")
    return agents


def person_ids(element) -> list[str]:
    return [token.lstrip("#") for token in (element.get("corresp") or "").split() if token.strip("#")]


# ---------------------------------------------------------------------------------------------
# Text


class PlainText:
    """Collects a division's readable text: paragraphs, then its footnotes under "Notes".

    The source note is archival metadata (it becomes `source`), so it is left out; other notes
    leave a "[n]" marker where they stood and move to the end, so the reading flow is kept.
    """

    def __init__(self):
        self.paragraphs: list[str] = []
        self.notes: list[str] = []
        self.words: list[str] = []
        self.label_pending = False

    def add_words(self, text: str | None):
        if text:
            self.words.append(text)

    def end_paragraph(self):
        paragraph = normalise_space("".join(self.words))
        if paragraph:
            self.paragraphs.append(paragraph)
        self.words = []

    def visit(self, element):
        tag = local_name(element.tag)
        if tag == "note":
            self.add_note(element)
        elif tag in {"pb", "milestone", "fw"}:
            pass  # page furniture, not words
        elif tag in WORD_BREAKING_ELEMENTS:
            self.add_words(" ")
            self.visit_content(element)
            self.add_words(" ")
        elif tag == "label":
            # A list label ("1.") belongs at the start of the item that follows it.
            self.end_paragraph()
            self.visit_content(element)
            self.add_words(" ")
            self.label_pending = True
        elif tag in PARAGRAPH_ELEMENTS:
            if self.label_pending:
                self.label_pending = False
            else:
                self.end_paragraph()
            self.visit_content(element)
            self.end_paragraph()
        else:
            self.visit_content(element)

    def visit_content(self, element):
        self.add_words(element.text)
        for child in element:
            self.visit(child)
            self.add_words(child.tail)

    def add_note(self, note):
        if note.get("type") == "source":
            return
        marker = f"[{note.get('n') or len(self.notes) + 1}]"
        self.add_words(marker)
        inner = PlainText()
        inner.visit_content(note)
        inner.end_paragraph()
        self.notes.append(" ".join([marker, *inner.paragraphs]))
        self.notes.extend(inner.notes)  # a note inside a note, should one ever occur

    def text(self) -> str:
        self.end_paragraph()
        body = "\n\n".join(self.paragraphs)
        if not self.notes:
            return body
        return body + "\n\nNotes\n" + "\n".join(self.notes)


def plain_text(division) -> str:
    collector = PlainText()
    collector.visit_content(division)
    return collector.text()


def text_without_notes(element) -> str:
    """All words inside the element except those of footnotes (the element's own tail excluded)."""
    parts = [element.text or ""]
    for child in element:
        if local_name(child.tag) in WORD_BREAKING_ELEMENTS:
            parts.append(" ")
        if local_name(child.tag) not in {"note", "pb"}:
            parts.append(text_without_notes(child))
        parts.append(child.tail or "")
    return "".join(parts)


def elements_outside_notes(element):
    for child in element:
        if local_name(child.tag) == "note":
            continue
        yield child
        yield from elements_outside_notes(child)


def normalise_space(text: str) -> str:
    return " ".join(text.split())
