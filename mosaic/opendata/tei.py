"""A public document as TEI P5: its catalogue facts in the header, each public text layer a
division of the body.

Header: the title and who made each text (titleStmt), the archive, the document's ids and rights
(publicationStmt), the locators as manuscript descriptions and the source line as printed
(sourceDesc), classification and date notes (notesStmt); the date, origin, languages, abstract,
subjects, people and places in profileDesc. Body: one `div` per layer, typed original,
translation, ocr or machine_draft, with `xml:lang`, `resp` pointing at its maker, paragraphs at
blank lines, `lb` at line ends and `pb` at the form feeds OCR leaves between pages.

Mosaic's own TEI reader (ingest/readers/tei.py) reads FRUS volumes and gives every record their
facts (American origin, English, the Office of the Historian's rights), so it is not a way back
for these files: documents.jsonl is.
"""
from __future__ import annotations

import re

from django.conf import settings
from lxml import etree

from mosaic.lib.partial_dates import PartialDate
from mosaic.lib.vocabularies import LANGUAGES
from mosaic.opendata.documents import PublicDocument

TEI = "http://www.tei-c.org/ns/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# What XML 1.0 cannot hold (records may: ingest refuses only C0 controls, DEL and surrogates).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def _add(parent, tag: str, text: str = "", **attributes):
    element = etree.SubElement(parent, f"{{{TEI}}}{tag}", {key: value for key, value in attributes.items() if value})
    if text:
        element.text = _text(text)
    return element


def tei_bytes(document: PublicDocument, licence: dict | None = None) -> bytes:
    """The TEI file of a document that has at least one public text."""
    facts = document.facts
    root = etree.Element(f"{{{TEI}}}TEI", nsmap={None: TEI})
    header = _add(root, "teiHeader")
    file_desc = _add(header, "fileDesc")
    title_stmt = _add(file_desc, "titleStmt")
    _add(title_stmt, "title", facts.title)
    for number, text in enumerate(document.texts, start=1):
        if text.made_by:
            statement = _add(title_stmt, "respStmt")
            statement.set(XML_ID, f"text-{number}-maker")
            _add(statement, "resp", f"{text.kind.replace('_', ' ')} ({LANGUAGES.get(text.language, text.language)})")
            _add(statement, "name", text.made_by)
    for credit in facts.credits:
        statement = _add(title_stmt, "respStmt")
        _add(statement, "resp", credit.role + (f" ({LANGUAGES.get(credit.language, credit.language)} version)"
                                               if credit.language else ""))
        _add(statement, "name", credit.name)
        if credit.on_behalf_of:
            _add(statement, "orgName", credit.on_behalf_of, role="on-behalf-of")

    publication = _add(file_desc, "publicationStmt")
    _add(publication, "publisher", settings.MOSAIC_INSTITUTION)
    _add(publication, "idno", facts.public_id, type="mosaic")
    _add(publication, "idno", f"{settings.MOSAIC_BASE_URL}/documents/{facts.public_id}/", type="URI")
    availability = _add(publication, "availability")
    if licence:
        _add(availability, "licence", licence.get("title") or licence["name"], target=licence.get("path", ""))
    _add(availability, "p", facts.rights or "No rights statement is recorded for this document.")

    notes = [("classification", facts.classification), ("date", facts.date_note)]
    if any(value for _, value in notes):
        notes_stmt = _add(file_desc, "notesStmt")
        for kind, value in notes:
            if value:
                _add(notes_stmt, "note", value, type=kind)

    source_desc = _add(file_desc, "sourceDesc")
    for locator in facts.locators:
        manuscript = _add(source_desc, "msDesc")
        identifier = _add(manuscript, "msIdentifier")
        if locator.repository_code:
            _add(identifier, "repository", locator.repository_name or locator.repository_code, key=locator.repository_code)
            for unit in locator.units:
                _add(identifier, "idno", unit.value, type=unit.kind, n=unit.label)
        else:  # TEI names a repository before any unit; without one the locator is given written out
            _add(_add(identifier, "altIdentifier", type="written-out"), "idno", locator.written_out or locator.as_printed)
        if locator.as_printed:
            _add(_add(identifier, "altIdentifier", type="as-printed"), "idno", locator.as_printed)
        if locator.folio_start is not None:
            last = locator.folio_end if locator.folio_end is not None else locator.folio_start
            span = str(locator.folio_start) if last == locator.folio_start else f"{locator.folio_start}–{last}"
            _add(_add(_add(manuscript, "msContents"), "msItem"), "locus", f"{locator.folio_term or 'ff.'} {span}",
                 **{"from": str(locator.folio_start), "to": str(last)})
    if not facts.locators:
        _add(source_desc, "p", "The holding archive's reference for this document is not recorded.")

    profile = _add(header, "profileDesc")
    if facts.summary:
        _add(_add(profile, "abstract"), "p", facts.summary)
    creation = _add(profile, "creation")
    if facts.date or facts.date_earliest:
        interval = {"notBefore": facts.date_earliest, "notAfter": facts.date_latest}
        exact = facts.date and (facts.date_earliest, facts.date_latest) == _bounds(facts)
        _add(creation, "date", facts.date, **({"when": facts.date} if exact else interval))
    if facts.origin_country:
        _add(creation, "placeName", facts.origin_country, type="country-of-origin")
    languages = dict.fromkeys([facts.original_language, *(text.language for text in document.texts)])
    languages.pop("", None)
    if languages:
        usage = _add(profile, "langUsage")
        for code in languages:
            _add(usage, "language", LANGUAGES.get(code, code), ident=code)
    class_ = _add(profile, "textClass")
    # The vocabulary is the dump's: datapackage.json lists the document types (documents, `type`).
    _add(class_, "classCode", facts.doc_type, scheme="../datapackage.json")
    if facts.subjects:
        keywords = _add(class_, "keywords")
        for subject in facts.subjects:
            _add(keywords, "term", subject.heading, key=subject.key)
    if facts.agents:
        partic = _add(profile, "particDesc")
        for organisations, (list_tag, entry_tag, name_tag) in ((False, ("listPerson", "person", "persName")),
                                                                (True, ("listOrg", "org", "orgName"))):
            agents = [agent for agent in facts.agents if (agent.kind == "organisation") == organisations]
            if agents:
                listed = _add(partic, list_tag)
                for agent in agents:
                    entry = _add(listed, entry_tag, role=agent.role)
                    _add(entry, name_tag, agent.name)
                    if agent.as_written and agent.as_written != agent.name:
                        _add(entry, name_tag, agent.as_written, type="as-written")
    if facts.places:
        places = _add(_add(profile, "settingDesc"), "listPlace")
        for place in facts.places:
            element = _add(places, "place")
            _add(element, "placeName", place.name, key=place.term_id,
                 ref=f"{settings.MOSAIC_BASE_URL}/terms/{place.term_id}/")
            if place.latitude is not None and place.longitude is not None:
                _add(_add(element, "location"), "geo", f"{place.latitude} {place.longitude}")

    body = _add(_add(root, "text"), "body")
    for number, text in enumerate(document.texts, start=1):
        division = _add(body, "div", type=text.kind, resp=f"#text-{number}-maker" if text.made_by else "")
        division.set(XML_LANG, text.language)
        _paragraphs(division, text.text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _bounds(facts) -> tuple[str, str]:
    partial = PartialDate.parse(facts.date)
    return partial.earliest().isoformat(), partial.latest().isoformat()


def _paragraphs(division, text: str) -> None:
    """Pages at form feeds, paragraphs at blank lines, line breaks within a paragraph kept."""
    for page_number, page in enumerate(text.split("\f")):
        if page_number:
            _add(division, "pb")
        for paragraph in re.split(r"\n[ \t]*\n", page):
            lines = [line.strip() for line in paragraph.strip().splitlines()]
            if not any(lines):
                continue
            element = _add(division, "p", lines[0])
            for line in lines[1:]:
                _add(element, "lb").tail = _text(line)
