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
from dataclasses import asdict, dataclass, field

from mosaic.lib.partial_dates import InvalidDate, PartialDate, parse_day
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
    "catalogue_only", "held_at", "files",
}
CREDIT_FIELDS = {"role", "name", "for", "language"}
AGENT_FIELDS = {"name", "role", "kind", "as_written"}
TEXT_FIELDS = {"kind", "language", "made_by", "text", "access", "embargo_until"}
FILE_FIELDS = {"path", "type", "label", "access", "embargo_until"}
AGENT_KINDS = {"person", "organisation"}


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
    unparsed_source: str = field(default="", compare=False)

    def fingerprint(self) -> str:
        """A digest of everything the record would write; equal digests mean nothing changed."""
        payload = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _text(data: dict, key: str, *, required: bool = False, limit: int | None = None) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidRecord(f'"{key}" must be text, not {type(value).__name__}')
    value = value.strip()
    if required and not value:
        raise InvalidRecord(f'"{key}" is required')
    if limit and len(value) > limit:
        raise InvalidRecord(f'"{key}" is longer than {limit} characters')
    return value


def _choice(value: str, vocabulary: dict, what: str, default: str) -> str:
    if not value:
        return default
    if value not in vocabulary:
        raise InvalidRecord(f'{what} "{value}" is not one of: {", ".join(vocabulary)}')
    return value


def _language(value: str, what: str) -> str:
    if not value:
        return ""
    code = language_code(value)
    if code is None:
        raise InvalidRecord(f'{what} "{value}" is not a language we know (use an ISO 639-1 code such as "ru")')
    return code


def _day(value: str, key: str) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_day(value)
    except InvalidDate as error:
        raise InvalidRecord(f'"{key}": {error}') from None


def _list(data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise InvalidRecord(f'"{key}" must be a list')
    return value


def _check_keys(item: dict, allowed: set[str], where: str) -> None:
    if not isinstance(item, dict):
        raise InvalidRecord(f"each entry of {where} must be an object")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise InvalidRecord(f'unknown field{"s" if len(unknown) > 1 else ""} {", ".join(map(repr, unknown))} in {where} (allowed: {", ".join(sorted(allowed))})')


def _dates(data: dict) -> tuple[str, dt.date | None, dt.date | None]:
    text = _text(data, "date")
    date_min = _day(_text(data, "date_min"), "date_min")
    date_max = _day(_text(data, "date_max"), "date_max")
    partial = None
    if text:
        try:
            partial = PartialDate.parse(text)
        except InvalidDate as error:
            raise InvalidRecord(f"date {error}") from None
    if date_min and date_max and date_min > date_max:
        raise InvalidRecord(f"date_min {date_min} is after date_max {date_max}")
    if partial:
        interval = partial.interval()
        date_min = date_min or interval.start
        date_max = date_max or interval.end
        if date_max < interval.start or date_min > interval.end:
            raise InvalidRecord(f"date {text} lies outside its interval {date_min}..{date_max}")
    return (partial.isoformat() if partial else ""), date_min, date_max


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
            raise InvalidRecord(f'agent kind "{kind}" is not one of: person, organisation')
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
            raise InvalidRecord(f'file path "{path}" must be relative to the ingested file and stay beside it')
        access = _choice(_text(item, "access"), ACCESS_LEVELS, "file access", "public")
        embargo = _day(_text(item, "embargo_until"), "files.embargo_until")
        if access == "embargoed" and not embargo:
            raise InvalidRecord("an embargoed file needs embargo_until")
        files.append(FileValue(path=path, declared_type=_text(item, "type", limit=40), label=_text(item, "label", limit=255),
                               access=access, embargo_until=embargo))
    return tuple(files)


def validate_record(data: dict) -> DocumentRecord:
    if not isinstance(data, dict):
        raise InvalidRecord("a record must be a JSON object")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise InvalidRecord(
            f'unknown field{"s" if len(unknown) > 1 else ""} {", ".join(map(repr, unknown))} '
            "(see docs/ingest-format.md for the fields a record may have)"
        )
    public_id = _text(data, "id", required=True)
    if not PUBLIC_ID.match(public_id):
        raise InvalidRecord(f'id "{public_id}" must be lower-case letters, digits, ".", "_" or "-" (at most 120)')
    date, date_min, date_max = _dates(data)

    country = _text(data, "origin_country")
    if country and country_key(country) is None:
        raise InvalidRecord(f'origin_country "{country}" is not a country we know')
    access = _choice(_text(data, "access"), ACCESS_LEVELS, "access", "public")
    embargo = _day(_text(data, "embargo_until"), "embargo_until")
    if access == "embargoed" and not embargo:
        raise InvalidRecord('access "embargoed" needs embargo_until')
    catalogue_only = data.get("catalogue_only", False)
    if not isinstance(catalogue_only, bool):
        raise InvalidRecord('"catalogue_only" must be true or false')

    source = _text(data, "source")
    parsed = parse_source_line(source) if source else None
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
        date_note=_text(data, "date_note"),
        origin_country=country_key(country) if country else "",
        original_language=_language(_text(data, "original_language"), "original_language"),
        summary=_text(data, "summary"),
        classification=_text(data, "classification", limit=120),
        rights=_text(data, "rights"),
        access=access,
        embargo_until=embargo,
        status=_choice(_text(data, "status"), PUBLICATION_STATUSES, "status", "draft"),
        catalogue_only=catalogue_only,
        held_at=_text(data, "held_at", limit=500),
        source_url=_text(data, "source_url", limit=500),
        locators=(_locator(parsed),) if parsed and (parsed.repository or parsed.units or parsed.folios or parsed.unparsed) else (),
        credits=_credits(data, parsed),
        agents=_agents(data),
        texts=_texts(data),
        files=_files(data),
        collections=tuple(dict.fromkeys(slug.strip() for slug in collections)),
        unparsed_source=parsed.unparsed if parsed else "",
    )
