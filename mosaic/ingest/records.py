"""Validation of document records (docs/ingest-format.md), before anything touches the database.

`validate_record` turns a reader's raw dict into a `DocumentRecord` with every value normalised
(country and language keys, dates with their interval, the source line parsed into a locator and
credits) or raises `InvalidRecord` with a message a curator can act on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field, fields, is_dataclass

from mosaic.ingest.limits import MAX_FOLIO, MAX_NOTE_CHARS, limit, quoted_list, shown
from mosaic.lib.partial_dates import InvalidDate, PartialDate, parse_day
from mosaic.lib.safe_urls import url_problem
from mosaic.lib.source_lines import ParsedSource, parse_source_line
from mosaic.lib.vocabularies import (
    ACCESS_LEVELS,
    AGENT_ROLES,
    CREDIT_ROLES,
    DOCUMENT_TYPES,
    PUBLICATION_STATUSES,
    TEXT_LAYER_KINDS,
    country_key,
    language_code,
)

PUBLIC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")

FIELDS = {
    "id", "title", "type", "date", "date_min", "date_max", "date_note", "origin_country",
    "original_language", "summary", "classification", "rights", "access", "embargo_until",
    "status", "source", "credits", "agents", "texts", "collections", "source_url",
    "catalogue_only", "held_at", "files", "subjects", "places",
}
CREDIT_FIELDS = {"role", "name", "for", "language"}
AGENT_FIELDS = {"name", "role", "kind", "as_written"}
TEXT_FIELDS = {"kind", "language", "made_by", "text", "access", "embargo_until"}
FILE_FIELDS = {"path", "type", "label", "access", "embargo_until"}
AGENT_KINDS = {"person", "organisation"}
# Lists of a record and the setting that bounds each.
LIST_LIMITS = {"agents": "MOSAIC_INGEST_MAX_AGENTS", "credits": "MOSAIC_INGEST_MAX_CREDITS",
               "texts": "MOSAIC_INGEST_MAX_TEXTS", "files": "MOSAIC_INGEST_MAX_FILES",
               "collections": "MOSAIC_INGEST_MAX_COLLECTIONS"}
# Characters no record needs and that break what comes after: C0 controls other than tab and
# line breaks, DEL, and lone surrogates (which cannot even be written as UTF-8).
FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# In text layers a form feed is a page break (Tesseract and pdftotext end each page with one).
FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")
# Accepted, but worth a warning: markup (stored and shown as the literal text it is) and the
# bidirectional overrides that make a name display as something other than what it is.
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
EARLIEST_PLAUSIBLE_YEAR = 1800


# Lists a record gained after archives had stored fingerprints.
LATER_LISTS = ("subjects", "places")
MAX_TAGS = 200  # subjects or places of one record: a catalogue gives a handful


class InvalidRecord(ValueError):
    pass


@dataclass(frozen=True)
class CreditValue:
    role: str
    name: str
    on_behalf_of: str = ""
    language: str = ""


@dataclass(frozen=True)
class AgentValue:
    name: str
    role: str
    kind: str = "person"
    as_written: str = ""


@dataclass(frozen=True)
class UnitValue:
    unit_type: str
    value: str
    label: str = ""


@dataclass(frozen=True)
class LocatorValue:
    repository_code: str | None
    as_printed: str
    units: tuple[UnitValue, ...] = ()
    folio_start: int | None = None
    folio_end: int | None = None
    folio_term: str = ""


@dataclass(frozen=True)
class TextValue:
    kind: str
    language: str
    text: str
    made_by: str = ""
    access: str = "public"
    embargo_until: dt.date | None = None


@dataclass(frozen=True)
class FileValue:
    """A scan or PDF named by a record; `path` is relative to the ingested file. The pipeline
    fills in `sha256` once it has read the bytes, so a replaced scan changes the fingerprint."""

    path: str
    declared_type: str = ""
    label: str = ""
    access: str = "public"
    embargo_until: dt.date | None = None
    sha256: str = ""


@dataclass(frozen=True)
class DocumentRecord:
    public_id: str
    title: str
    doc_type: str = "other"
    date: str = ""
    date_min: dt.date | None = None
    date_max: dt.date | None = None
    date_note: str = ""
    origin_country: str = ""
    original_language: str = ""
    summary: str = ""
    classification: str = ""
    rights: str = ""
    access: str = "public"
    embargo_until: dt.date | None = None
    status: str = "draft"
    catalogue_only: bool = False
    held_at: str = ""
    source_url: str = ""
    locators: tuple[LocatorValue, ...] = ()
    credits: tuple[CreditValue, ...] = ()
    agents: tuple[AgentValue, ...] = ()
    texts: tuple[TextValue, ...] = ()
    collections: tuple[str, ...] = ()
    files: tuple[FileValue, ...] = ()
    subjects: tuple[str, ...] = ()  # headings of the subject vocabulary, as written
    places: tuple[str, ...] = ()    # places of the name authority: term ids or preferred names
    unparsed_source: str = field(default="", compare=False)

    def fingerprint(self) -> str:
        """A digest of everything the record would write; equal digests mean nothing changed.
        The digest of `dataclasses.asdict(self)` in sorted-key JSON, as archives store it."""
        plain = _as_plain(self)
        for key in LATER_LISTS:  # absent when empty: records stored before these existed stay unchanged
            if not plain[key]:
                del plain[key]
        payload = json.dumps(plain, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _as_plain(value):
    """What `dataclasses.asdict` makes of a record, as JSON writes it, without its deep copies
    (a quarter of a large import's validation time)."""
    kind = type(value)
    if kind in (tuple, list):
        return [_as_plain(item) for item in value]
    if is_dataclass(kind):
        if kind not in _FIELD_NAMES:
            _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
        return {name: _as_plain(getattr(value, name)) for name in _FIELD_NAMES[kind]}
    return value


JSON_TYPES = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "an object"}


def type_name(value) -> str:
    return JSON_TYPES.get(type(value), type(value).__name__)


def _text(data: dict, key: str, *, required: bool = False, limit: int | None = None) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        # No coercion: a number where text belongs is usually a column shifted by one.
        raise InvalidRecord(f'"{key}" must be text, not {type_name(value)}')
    value = value.strip()
    if required and not value:
        raise InvalidRecord(f'"{key}" is required')
    if limit and len(value) > limit:
        raise InvalidRecord(f'"{key}" is longer than {limit:,} characters')
    return value


def check_characters(data: dict, warnings: list[str] | None = None) -> None:
    """Refuse forbidden characters in any key or string of a raw record, naming where; note markup
    and bidirectional overrides in `warnings`. Walks with a stack, not recursion, so a deeply
    nested value cannot exhaust Python's stack, and builds a field's label only to report it."""
    stack: list[tuple[str, dict | list]] = [("", data)]
    while stack:
        where, value = stack.pop()
        for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
            if isinstance(key, str) and FORBIDDEN_CHARACTER.search(key):
                raise InvalidRecord(f"a field name {_what_character(key)}")
            if isinstance(item, str):
                _check_string(where, key, item, warnings)
            elif isinstance(item, (dict, list)):
                stack.append((_label(where, key), item))


def _label(where: str, key) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{shown(key, 40)}" if where else f'"{shown(key, 40)}"'


def _check_string(where: str, key, value: str, warnings: list[str] | None) -> None:
    in_text = where.startswith('"texts"')
    if (FORBIDDEN_IN_TEXT if in_text else FORBIDDEN_CHARACTER).search(value):
        raise InvalidRecord(f"{_label(where, key)} {_what_character(value)}")
    # Text layers are running text, in which "<" is ordinary and Arabic or Hebrew passages
    # legitimately carry direction controls; in a title or a name both are worth a look.
    if warnings is None or in_text:
        return
    if BIDI_CONTROL.search(value):
        warnings.append(f"{_label(where, key)} holds a bidirectional override (U+202A–U+202E, U+2066–U+2069); kept")
    if not (markup := MARKUP.search(value)):
        return
    warnings.append(f'{_label(where, key)} looks like HTML ("{shown(markup.group(0), 30)}"); '
                    "kept as plain text, shown escaped")


def _what_character(value: str) -> str:
    char = FORBIDDEN_CHARACTER.search(value).group(0)
    if char == "\x00":
        return "contains a NUL character (U+0000)"
    if "\ud800" <= char <= "\udfff":
        return f"contains half of a UTF-16 surrogate pair (U+{ord(char):04X}), which is not a character"
    return f"contains the control character U+{ord(char):04X}"


def check_count(key: str, count: int) -> None:
    """InvalidRecord when a record's list `key` would have more entries than its setting allows.
    Readers that build the lists (CSV cells, catalogue names) call it before building them."""
    setting = LIST_LIMITS[key]
    if count > limit(setting):
        raise InvalidRecord(f'"{key}" has {count:,} entries, over the limit of {limit(setting):,} ({setting})')


def _check_list_sizes(data: dict) -> None:
    """Before any entry is looked at: a record with two million agents is refused at once."""
    for key in LIST_LIMITS:
        value = data.get(key)
        if isinstance(value, list):
            check_count(key, len(value))


def _url(data: dict, key: str) -> str:
    value = _text(data, key, limit=500)
    if value and (problem := url_problem(value)):
        raise InvalidRecord(f'{key} "{shown(value)}" {problem}')
    return value


def _choice(value: str, vocabulary: dict, what: str, default: str) -> str:
    if not value:
        return default
    if value not in vocabulary:
        raise InvalidRecord(f'{what} "{shown(value)}" is not one of: {", ".join(vocabulary)}')
    return value


def _language(value: str, what: str) -> str:
    if not value:
        return ""
    code = language_code(value)
    if code is None:
        raise InvalidRecord(f'{what} "{shown(value)}" is not a language we know (use an ISO 639-1 code such as "ru")')
    return code


def _ascii_date(value: str, key: str) -> None:
    # Python's \d and int() read Arabic-Indic or full-width digits as a date; the record would
    # then say one thing and show another.
    if not value.isascii():
        raise InvalidRecord(f'"{key}" "{shown(value)}" must be written with ASCII digits (YYYY-MM-DD)')


def _day(value: str, key: str) -> dt.date | None:
    if not value:
        return None
    _ascii_date(value, key)
    try:
        return parse_day(value)
    except InvalidDate as error:
        raise InvalidRecord(f'"{key}": {shown(error, 200)}') from None


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidRecord(f'"{key}" must be a list, not {type_name(value)}')
    return value


def _check_keys(item: dict, allowed: set[str], where: str) -> None:
    if not isinstance(item, dict):
        raise InvalidRecord(f"each entry of {where} must be an object, not {type_name(item)}")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise InvalidRecord(f'unknown field{"s" if len(unknown) > 1 else ""} {quoted_list(unknown)} in {where} (allowed: {", ".join(sorted(allowed))})')


def _dates(data: dict, warnings: list[str] | None = None) -> tuple[str, dt.date | None, dt.date | None]:
    text = _text(data, "date")
    date_min = _day(_text(data, "date_min"), "date_min")
    date_max = _day(_text(data, "date_max"), "date_max")
    partial = None
    if text:
        _ascii_date(text, "date")
        try:
            partial = PartialDate.parse(text)
        except InvalidDate as error:
            raise InvalidRecord(f"date {shown(error, 200)}") from None
    if date_min and date_max and date_min > date_max:
        raise InvalidRecord(f"date_min {date_min} is after date_max {date_max}")
    if partial:
        interval = partial.interval()
        date_min = date_min or interval.start
        date_max = date_max or interval.end
        if date_max < interval.start or date_min > interval.end:
            raise InvalidRecord(f"date {text} lies outside its interval {date_min}..{date_max}")
    if date_min and date_min > dt.date.today():
        raise InvalidRecord(f"date {text or date_min} is in the future")
    if warnings is not None and date_max and date_max.year < EARLIEST_PLAUSIBLE_YEAR:
        warnings.append(f"date {text or date_max} is before {EARLIEST_PLAUSIBLE_YEAR}; kept, but check it")
    return (partial.isoformat() if partial else ""), date_min, date_max


def _parse_source(source: str) -> ParsedSource | None:
    if not source:
        return None
    try:
        parsed = parse_source_line(source)
    except ValueError:  # a number of thousands of digits (Python's int-str limit)
        raise InvalidRecord(f'source "{shown(source)}" holds a number too long to be a folio or unit') from None
    if parsed.folios and max(parsed.folios.start or 0, parsed.folios.end or 0) > MAX_FOLIO:
        raise InvalidRecord(f"source names folio {shown(max(parsed.folios.start or 0, parsed.folios.end or 0), 20)}, "
                            f"beyond {MAX_FOLIO:,}: check the source line")
    return parsed


def _locator(parsed: ParsedSource) -> LocatorValue:
    return LocatorValue(
        repository_code=parsed.repository.code if parsed.repository else None,
        as_printed=parsed.as_printed,
        units=tuple(UnitValue(u.type, u.value, u.label or "") for u in parsed.units),
        folio_start=parsed.folios.start if parsed.folios else None,
        folio_end=parsed.folios.end if parsed.folios else None,
        folio_term=parsed.folio_term or "",
    )


def _credits(data: dict, parsed: ParsedSource | None) -> tuple[CreditValue, ...]:
    credits = []
    if parsed:
        credits += [CreditValue(c.role, c.name, c.on_behalf_of or "") for c in parsed.credits]
    for item in _list(data, "credits"):
        _check_keys(item, CREDIT_FIELDS, "credits")
        role = _choice(_text(item, "role", required=True), CREDIT_ROLES, "credit role", "")
        credits.append(
            CreditValue(
                role=role,
                name=_text(item, "name", required=True, limit=255),
                on_behalf_of=_text(item, "for", limit=120),
                language=_language(_text(item, "language"), "credit language"),
            )
        )
    return tuple(dict.fromkeys(credits))  # the same credit printed twice is one credit


def _agents(data: dict) -> tuple[AgentValue, ...]:
    agents = []
    for item in _list(data, "agents"):
        _check_keys(item, AGENT_FIELDS, "agents")
        name = _text(item, "name", required=True, limit=255)
        kind = _text(item, "kind") or "person"
        if kind not in AGENT_KINDS:
            raise InvalidRecord(f'agent kind "{shown(kind)}" is not one of: person, organisation')
        agents.append(
            AgentValue(
                name=name,
                role=_choice(_text(item, "role", required=True), AGENT_ROLES, "agent role", ""),
                kind=kind,
                as_written=_text(item, "as_written", limit=255) or name,
            )
        )
    return tuple(dict.fromkeys(agents))


def _texts(data: dict) -> tuple[TextValue, ...]:
    texts = []
    for item in _list(data, "texts"):
        _check_keys(item, TEXT_FIELDS, "texts")
        language = _language(_text(item, "language", required=True), "text language")
        access = _choice(_text(item, "access"), ACCESS_LEVELS, "text access", "public")
        embargo = _day(_text(item, "embargo_until"), "texts.embargo_until")
        if access == "embargoed" and not embargo:
            raise InvalidRecord("an embargoed text needs embargo_until")
        body = item.get("text")
        if not isinstance(body, str) or not body.strip():
            raise InvalidRecord('each text needs a non-empty "text"')
        if len(body) > (most := limit("MOSAIC_INGEST_MAX_TEXT_CHARS")):
            raise InvalidRecord(f"a text of {len(body):,} characters is over the limit of {most:,} "
                                "(MOSAIC_INGEST_MAX_TEXT_CHARS)")
        texts.append(
            TextValue(
                kind=_choice(_text(item, "kind", required=True), TEXT_LAYER_KINDS, "text kind", ""),
                language=language,
                text=body.strip(),
                made_by=_text(item, "made_by", limit=255),
                access=access,
                embargo_until=embargo,
            )
        )
    return tuple(texts)


def _files(data: dict) -> tuple[FileValue, ...]:
    files = []
    for item in _list(data, "files"):
        _check_keys(item, FILE_FIELDS, "files")
        path = _text(item, "path", required=True, limit=500)
        if path.startswith("/") or ".." in path.replace("\\", "/").split("/"):
            raise InvalidRecord(f'file path "{shown(path)}" must be relative to the ingested file and stay beside it')
        access = _choice(_text(item, "access"), ACCESS_LEVELS, "file access", "public")
        embargo = _day(_text(item, "embargo_until"), "files.embargo_until")
        if access == "embargoed" and not embargo:
            raise InvalidRecord("an embargoed file needs embargo_until")
        files.append(FileValue(path=path, declared_type=_text(item, "type", limit=40), label=_text(item, "label", limit=255),
                               access=access, embargo_until=embargo))
    return tuple(files)


def _tags(data: dict, key: str) -> tuple[str, ...]:
    """Subject headings or place references: non-empty text, each once. Whether each exists is
    the store's to check, with the vocabulary and the authority at hand."""
    values = _list(data, key)
    if len(values) > MAX_TAGS:
        raise InvalidRecord(f'"{key}" has {len(values):,} entries, over the limit of {MAX_TAGS}')
    if not all(isinstance(value, str) and value.strip() for value in values):
        what = "subject headings" if key == "subjects" else "place ids or names"
        raise InvalidRecord(f'"{key}" must be a list of {what} (text)')
    if any(len(value) > 255 for value in values):
        raise InvalidRecord(f'an entry of "{key}" is longer than 255 characters')
    return tuple(dict.fromkeys(" ".join(value.split()) for value in values))


def validate_record(data: dict, warnings: list[str] | None = None) -> DocumentRecord:
    """The record as a DocumentRecord, or InvalidRecord. Accepted oddities (markup, very early
    dates, bidirectional overrides) are appended to `warnings` when a list is given."""
    if not isinstance(data, dict):
        raise InvalidRecord("a record must be a JSON object")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise InvalidRecord(
            f'unknown field{"s" if len(unknown) > 1 else ""} {quoted_list(unknown)} '
            "(see docs/ingest-format.md for the fields a record may have)"
        )
    _check_list_sizes(data)
    check_characters(data, warnings)
    public_id = _text(data, "id", required=True)
    if not PUBLIC_ID.match(public_id):
        raise InvalidRecord(f'id "{shown(public_id)}" must be lower-case letters, digits, ".", "_" or "-" (at most 120)')
    date, date_min, date_max = _dates(data, warnings)

    country = _text(data, "origin_country")
    if country and country_key(country) is None:
        raise InvalidRecord(f'origin_country "{shown(country)}" is not a country we know')
    access = _choice(_text(data, "access"), ACCESS_LEVELS, "access", "public")
    embargo = _day(_text(data, "embargo_until"), "embargo_until")
    if access == "embargoed" and not embargo:
        raise InvalidRecord('access "embargoed" needs embargo_until')
    catalogue_only = data.get("catalogue_only", False)
    if not isinstance(catalogue_only, bool):
        raise InvalidRecord('"catalogue_only" must be true or false')

    source = _text(data, "source", limit=MAX_NOTE_CHARS)
    parsed = _parse_source(source)
    collections = _list(data, "collections")
    if not all(isinstance(slug, str) and slug.strip() for slug in collections):
        raise InvalidRecord('"collections" must be a list of collection slugs')

    return DocumentRecord(
        public_id=public_id,
        title=_text(data, "title", required=True, limit=500),
        doc_type=_choice(_text(data, "type"), DOCUMENT_TYPES, "type", "other"),
        date=date,
        date_min=date_min,
        date_max=date_max,
        date_note=_text(data, "date_note", limit=MAX_NOTE_CHARS),
        origin_country=country_key(country) if country else "",
        original_language=_language(_text(data, "original_language"), "original_language"),
        summary=_text(data, "summary", limit=MAX_NOTE_CHARS),
        classification=_text(data, "classification", limit=120),
        rights=_text(data, "rights", limit=MAX_NOTE_CHARS),
        access=access,
        embargo_until=embargo,
        status=_choice(_text(data, "status"), PUBLICATION_STATUSES, "status", "draft"),
        catalogue_only=catalogue_only,
        held_at=_url(data, "held_at"),
        source_url=_url(data, "source_url"),
        locators=(_locator(parsed),) if parsed and (parsed.repository or parsed.units or parsed.folios or parsed.unparsed) else (),
        credits=_credits(data, parsed),
        agents=_agents(data),
        texts=_texts(data),
        files=_files(data),
        collections=tuple(dict.fromkeys(slug.strip() for slug in collections)),
        subjects=_tags(data, "subjects"),
        places=_tags(data, "places"),
        unparsed_source=parsed.unparsed if parsed else "",
    )
