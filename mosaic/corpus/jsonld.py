"""schema.org descriptions of the document and person pages, as JSON-LD, so that search engines,
library discovery services and aggregators read the record's facts rather than guess them.

Built only from what the public sees: a document's description comes from the public text
layers and is made only for a public document (a staff member's page of a draft gets none); a
person's from the authority record the person page shows. `script_element` writes the
description so that no string in it can end the element it sits in.
"""
from __future__ import annotations

import json
import re

from django.utils.safestring import SafeString, mark_safe

from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.safe_urls import is_http_url
from mosaic.lib.source_lines import UNIT_TYPES
from mosaic.lib.vocabularies import DOCUMENT_TYPES

SCHEMA_ORG = "https://schema.org"

# A credit's role as the schema.org property of the work it credits; roles schema.org has no
# word for are contributors.
CREDIT_PROPERTIES = {"translated": "translator", "edited": "editor", "funded": "funder"}

# External ids of the name authority that name a page about the person: (what the id looks like,
# the page's address). history.state.gov's people pages are named by slugs ("kissinger-henry-a");
# its FRUS volumes number people instead, and for those the volume's list of persons (the
# source of the attested forms) is the page.
AUTHORITY_PAGES = {
    "wikidata": (re.compile(r"^Q[1-9][0-9]*$"), "https://www.wikidata.org/wiki/{}"),
    "viaf": (re.compile(r"^[1-9][0-9]*$"), "https://viaf.org/viaf/{}"),
    "history.state.gov": (re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$"), "https://history.state.gov/departmenthistory/people/{}"),
}
HSG_PAGES = "https://history.state.gov/"

# What would end the script element or confuse an HTML parser inside it, written as JSON escapes
# (the parsed JSON is unchanged); U+2028 and U+2029 are line ends to older JavaScript.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_element(description: dict) -> SafeString:
    """The description in a <script type="application/ld+json"> element."""
    text = json.dumps(description, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _iso(partial: str) -> str | None:
    """A partial date as ISO 8601 at its own precision ("1956", "1956-08", "1956-08-31")."""
    try:
        return PartialDate.parse(partial).isoformat() if partial else None
    except InvalidDate:
        return None


def _without_empty(description: dict) -> dict:
    return {key: value for key, value in description.items() if value not in (None, "", [], {})}


def _agent(agent, person_urls: dict[int, str]) -> dict:
    return _without_empty({
        "@type": "Organization" if agent.kind == "organisation" else "Person",
        "name": agent.name,
        "url": person_urls.get(agent.person_id),
    })


def _archive(repository) -> dict:
    return {"@type": "ArchiveOrganization", "name": repository.name, "identifier": repository.code}


def _archival_file(locator) -> dict | None:
    """The unit of the holding archive that holds the document (its fond, opis and delo ...)."""
    units = [f"{unit.label or UNIT_TYPES.get(unit.unit_type, unit.unit_type)} {unit.value}" for unit in locator.units.all()]
    if not units:
        return None
    return _without_empty({"@type": "ArchiveComponent", "name": ", ".join(units),
                           "holdingArchive": _archive(locator.repository) if locator.repository else None})


def _folios(locator) -> str | None:
    if locator.folio_start is None:
        return None
    span = (str(locator.folio_start) if locator.folio_end in (None, locator.folio_start)
            else f"{locator.folio_start}–{locator.folio_end}")
    return f"{locator.folio_term or 'ff.'} {span}"


def document_jsonld(document, *, url: str, layers, person_urls: dict[int, str], publisher: str) -> dict:
    """An ArchiveComponent for a public document. `layers` are its public text layers,
    `person_urls` the person pages of the authority people its names are linked to (by the
    Person's primary key), `url` the page's absolute address."""
    locators = list(document.locators.all())
    agents = [link.agent for link in document.agent_links.all() if link.role == "author"]
    credits: dict[str, list[dict]] = {}
    for credit in document.credits.all():
        credits.setdefault(CREDIT_PROPERTIES.get(credit.role, "contributor"), []).append(_agent(credit.agent, person_urls))
    languages = [document.original_language] if document.original_language else []
    languages += [layer.language for layer in layers if layer.language and layer.language not in languages]
    same_as = list(dict.fromkeys(a for a in (document.held_at, document.source_url) if is_http_url(a)))
    return _without_empty({
        "@context": SCHEMA_ORG,
        "@type": "ArchiveComponent",
        "@id": url,
        "url": url,
        "identifier": document.public_id,
        "name": document.title,
        "description": document.summary,
        "genre": DOCUMENT_TYPES.get(document.doc_type),
        "dateCreated": _iso(document.date),
        "inLanguage": languages,
        "author": [_agent(agent, person_urls) for agent in agents],
        **credits,
        "holdingArchive": [_archive(loc.repository) for loc in locators if loc.repository],
        "isPartOf": [part for part in map(_archival_file, locators) if part],
        "position": next(filter(None, map(_folios, locators)), None),
        "copyrightNotice": document.rights,
        "sameAs": same_as,
        "publisher": {"@type": "Organization", "name": publisher},
        "isAccessibleForFree": True,
    })


def same_as(person, attested_sources: list[str]) -> list[str]:
    """Pages elsewhere about the same person, from the authority's external ids;
    `attested_sources` are where the forms of the name the page lists were seen."""
    pages = []
    for system, value in (person.external_ids or {}).items():
        value = str(value).strip()
        known = AUTHORITY_PAGES.get(system)
        if known and known[0].match(value):
            pages.append(known[1].format(value))
        elif is_http_url(value):
            pages.append(value)
        elif system == "history.state.gov":
            pages += [source for source in attested_sources if source.startswith(HSG_PAGES) and is_http_url(source)]
    return list(dict.fromkeys(pages))


def person_jsonld(person, *, url: str, renderings: dict[str, list[dict]]) -> dict:
    """A Person for an authority record's page: the name, its other renderings (the record's own
    forms, and of the renderings the page lists (`entities.person_page.rendering_groups`) those
    attested in sources and the aliases, not the ones generated by rule), life dates and pages
    elsewhere about them."""
    listed = [form for kind in ("attested", "alias") for row in renderings.get(kind, []) for form in row["forms"]]
    forms = [person.hangul, person.hangul_rok, person.hanja, person.mr, person.rr, person.dprk_official]
    forms += [form["form"] for form in listed]
    alternate = [form for form in dict.fromkeys(f.strip() for f in forms if f) if form != person.display_name]
    attested_sources = [row_form["source"] for row in renderings.get("attested", []) for row_form in row["forms"]
                        if row_form["source"]]
    return _without_empty({
        "@context": SCHEMA_ORG,
        "@type": "Person",
        "@id": url,
        "url": url,
        "identifier": person.person_id,
        "name": person.display_name,
        "alternateName": alternate,
        "birthDate": _iso(person.born),
        "deathDate": _iso(person.died),
        "sameAs": same_as(person, attested_sources),
    })
