"""The two metadata formats a harvester may ask for, each built from a record's public facts
(`facts.RecordFacts`) with lxml:

- `oai_dc`: unqualified Dublin Core, which every harvester reads;
- `mosaic`: the documented Mosaic document record (`schemas/mosaic-document-1.xsd`), which keeps
  what Dublin Core flattens: the structured locator, credits per role and language version, the
  public texts' kinds and languages, the date's precision and interval.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from lxml import etree

from mosaic.lib.vocabularies import CREDIT_ROLES, DOCUMENT_TYPES, LANGUAGES
from mosaic.oai.facts import RecordFacts

XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MOSAIC = "urn:mosaic-archive:document:1"
MOSAIC_SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "mosaic-document-1.xsd"
MOSAIC_SCHEMA_ROUTE = "/oai/mosaic-document-1.xsd"

# Characters XML 1.0 cannot carry (C0 controls other than tab, newline and return; lone
# surrogates; U+FFFE and U+FFFF): a record imported before validation could hold one.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The credits that name a contribution to the document as it is published here (a funder is not one).
CONTRIBUTING = set(CREDIT_ROLES) - {"funded"}


def xml_text(value) -> str:
    return NOT_XML.sub("", str(value))


def base_url() -> str:
    return settings.MOSAIC_BASE_URL.rstrip("/")


def document_url(public_id: str) -> str:
    return f"{base_url()}/documents/{public_id}/"


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    namespace: str
    schema: Callable[[], str]  # where harvesters fetch the schema (the Mosaic one is served by this archive)
    build: Callable[[RecordFacts], etree._Element]


def oai_dc(facts: RecordFacts) -> etree._Element:
    """Unqualified Dublin Core: creators are the authors and signatories, contributors the people
    credited (except funders), the source the written-out locator, languages the original's and
    the public texts'."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def dc(name: str, value) -> None:
        if value:
            etree.SubElement(root, f"{{{DC}}}{name}").text = xml_text(value)

    dc("title", facts.title)
    for name in _unique(a.name for a in facts.agents if a.role in ("author", "signatory")):
        dc("creator", name)
    for subject in facts.subjects:
        dc("subject", subject.heading)
    dc("description", facts.summary)
    dc("publisher", settings.MOSAIC_INSTITUTION)
    for name in _unique(c.name for c in facts.credits if c.role in CONTRIBUTING):
        dc("contributor", name)
    dc("date", facts.date)
    dc("type", "Text")  # the DCMI Type Vocabulary's term
    dc("type", DOCUMENT_TYPES.get(facts.doc_type, facts.doc_type))
    dc("identifier", document_url(facts.public_id))
    for locator in facts.locators:
        dc("source", locator.written_out or locator.as_printed)
    for language in _unique([facts.original_language, *(text.language for text in facts.texts)]):
        dc("language", language)
    dc("relation", facts.held_at)
    for place in facts.places:
        dc("coverage", place.name)
    dc("rights", facts.rights)
    return root


def mosaic_document(facts: RecordFacts) -> etree._Element:
    """The Mosaic document record: every public fact, in the structure the archive keeps it."""
    root = etree.Element(f"{{{MOSAIC}}}document", nsmap={None: MOSAIC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{MOSAIC} {base_url()}{MOSAIC_SCHEMA_ROUTE}")
    root.set("id", facts.public_id)
    if facts.catalogue_only:
        root.set("catalogueOnly", "true")

    def add(parent, name: str, text="", **attributes) -> etree._Element:
        element = etree.SubElement(parent, f"{{{MOSAIC}}}{name}")
        if text not in ("", None):
            element.text = xml_text(text)
        for key, value in attributes.items():
            if value not in ("", None):
                element.set(key, xml_text(value))
        return element

    def group(name: str, items) -> etree._Element | None:
        return add(root, name) if items else None

    add(root, "url", document_url(facts.public_id))
    add(root, "title", facts.title)
    add(root, "type", DOCUMENT_TYPES.get(facts.doc_type, facts.doc_type), code=facts.doc_type)
    if facts.date or facts.date_earliest or facts.date_latest:
        add(root, "date", facts.date, precision=facts.date_precision, earliest=facts.date_earliest,
            latest=facts.date_latest)
    for name, value in (("dateNote", facts.date_note), ("originCountry", facts.origin_country)):
        if value:
            add(root, name, value)
    if facts.original_language:
        add(root, "originalLanguage", LANGUAGES.get(facts.original_language, facts.original_language),
            code=facts.original_language)
    for name, value in (("classification", facts.classification), ("summary", facts.summary), ("rights", facts.rights),
                        ("heldAt", facts.held_at), ("sourceUrl", facts.source_url)):
        if value:
            add(root, name, value)
    if (agents := group("agents", facts.agents)) is not None:
        for agent in facts.agents:
            add(agents, "agent", agent.name, role=agent.role, kind=agent.kind, asWritten=agent.as_written)
    if (locators := group("locators", facts.locators)) is not None:
        for locator in facts.locators:
            element = add(locators, "locator")
            if locator.repository_code:
                add(element, "repository", locator.repository_name, code=locator.repository_code)
            for unit in locator.units:
                add(element, "unit", unit.value, kind=unit.kind, label=unit.label)
            if locator.folio_start is not None:
                add(element, "folios", start=locator.folio_start, end=locator.folio_end, term=locator.folio_term)
            if locator.as_printed:
                add(element, "asPrinted", locator.as_printed)
            add(element, "writtenOut", locator.written_out)
    if (credits := group("credits", facts.credits)) is not None:
        for credit in facts.credits:
            add(credits, "credit", credit.name, role=credit.role, onBehalfOf=credit.on_behalf_of, language=credit.language)
    if (texts := group("texts", facts.texts)) is not None:
        for text in facts.texts:
            add(texts, "text", kind=text.kind, language=text.language, madeBy=text.made_by)
    if (subjects := group("subjects", facts.subjects)) is not None:
        for subject in facts.subjects:
            add(subjects, "subject", subject.heading, key=subject.key, headingKo=subject.heading_ko)
    if (places := group("places", facts.places)) is not None:
        for place in facts.places:
            add(places, "place", place.name, id=place.term_id, latitude=place.latitude, longitude=place.longitude)
    if (collections := group("collections", facts.sets)) is not None:
        for oai_set in facts.sets:
            add(collections, "collection", oai_set.title, setSpec=oai_set.spec, titleKo=oai_set.title_ko)
    return root


def _unique(values) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


FORMATS = {
    "oai_dc": MetadataFormat("oai_dc", OAI_DC, lambda: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", oai_dc),
    "mosaic": MetadataFormat("mosaic", MOSAIC, lambda: f"{base_url()}{MOSAIC_SCHEMA_ROUTE}", mosaic_document),
}
