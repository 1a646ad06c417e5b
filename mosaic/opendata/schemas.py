"""JSON Schemas (draft 2020-12) of the dump's JSON files, given in datapackage.json as each
resource's `jsonSchema` so that every field of them is described where the tables' are. For a
JSON Lines file the schema is that of one line.

The document record is the ingest format (docs/ingest-format.md) as a dump writes it: only what the
public may see, always published, without scans or collections.
"""
from __future__ import annotations

from django.utils.translation import gettext_noop

from mosaic.lib.vocabularies import AGENT_ROLES, CREDIT_ROLES, DOCUMENT_TYPES, TEXT_LAYER_KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DAY = r"^\d{4}-\d{2}-\d{2}$"


def _text(description: str, **more) -> dict:
    return {"type": "string", "description": description, **more}


def _objects(description: str, properties: dict, required: list[str]) -> dict:
    return {"type": "array", "description": description, "items": {
        "type": "object", "properties": properties, "required": required, "additionalProperties": False}}


OPEN_ACCESS = ["public", "embargoed"]  # a dump holds nothing else; "embargoed" only with an ended embargo

DOCUMENT_RECORD = {
    "$schema": DRAFT,
    "title": gettext_noop("A public document as an ingest record (docs/ingest-format.md)"),
    "type": "object",
    "required": ["id", "title", "type", "status"],
    "additionalProperties": False,
    "properties": {
        "id": _text(gettext_noop("The stable public id."), pattern=r"^[a-z0-9][a-z0-9._-]{0,119}$"),
        "title": _text(gettext_noop("The title the archive gives it.")),
        "type": {"enum": list(DOCUMENT_TYPES), "description": gettext_noop("Document type.")},
        "date": _text(gettext_noop("The date as known: YYYY, YYYY-MM or YYYY-MM-DD."), pattern=PARTIAL_DATE),
        "date_min": _text(gettext_noop("The earliest day it can have been written, when the date does not say "
                                       "it."), pattern=DAY),
        "date_max": _text(gettext_noop("The latest day it can have been written, when the date does not say "
                                       "it."), pattern=DAY),
        "date_note": _text(gettext_noop("How the date was established.")),
        "origin_country": _text(gettext_noop("The author's state.")),
        "original_language": _text(gettext_noop("The language of the original (ISO 639-1).")),
        "summary": _text(gettext_noop("The editor's abstract.")),
        "classification": _text(gettext_noop("The original classification marking, as printed.")),
        "rights": _text(gettext_noop("The record's rights statement.")),
        "access": {"enum": OPEN_ACCESS, "description": gettext_noop('Absent: public. "embargoed": public since embargo_until.')},
        "embargo_until": _text(gettext_noop("The day an embargo ended."), pattern=DAY),
        "status": {"const": "published", "description": gettext_noop("Every document of a dump is published.")},
        "source": _text(gettext_noop("The source line as printed; an import reads the locator and printed "
                                     "credits from it.")),
        "credits": _objects(gettext_noop("Credits beyond those the source line prints."), {
            "role": {"enum": list(CREDIT_ROLES)}, "name": _text(gettext_noop("Who.")), "for": _text(gettext_noop("On whose behalf.")),
            "language": _text(gettext_noop("The language version credited; absent: the whole document."))}, ["role", "name"]),
        "agents": _objects(gettext_noop("People and organisations of the document."), {
            "name": _text(gettext_noop("The name.")), "role": {"enum": list(AGENT_ROLES)},
            "kind": {"enum": ["person", "organisation"]},
            "as_written": _text(gettext_noop("The name as the document writes it, where it differs."))}, ["name", "role"]),
        "texts": _objects(gettext_noop("The public text layers."), {
            "kind": {"enum": list(TEXT_LAYER_KINDS)}, "language": _text(gettext_noop("ISO 639-1 code.")),
            "made_by": _text(gettext_noop("Translator, transcriber or OCR engine.")), "text": _text(gettext_noop("The text."), minLength=1),
            "access": {"enum": OPEN_ACCESS}, "embargo_until": _text(gettext_noop("The day its embargo ended."), pattern=DAY)},
            ["kind", "language", "text"]),
        "subjects": {"type": "array", "items": {"type": "string"},
                     "description": gettext_noop("Subject headings (subjects.json has them with their broader "
                                                 "headings).")},
        "places": {"type": "array", "items": {"type": "string"},
                   "description": gettext_noop("Places, by their term ids in the name authority "
                                               "(authority/terms.jsonl).")},
        "source_url": _text(gettext_noop("Where the record came from."), format="uri"),
        "catalogue_only": {"const": True, "description": gettext_noop("Present when only the catalogue facts "
                                                                      "are held here.")},
        "held_at": _text(gettext_noop("Where a catalogue-only document can be read."), format="uri"),
    },
}
PERSON = {
    "$schema": DRAFT,
    "title": gettext_noop("A person of the name authority"),
    "type": "object",
    "required": ["person_id", "tradition", "display_name", "renderings"],
    "additionalProperties": False,
    "properties": {
        "person_id": _text(gettext_noop("The stable id (P001, hsg-...).")),
        "tradition": {"enum": ["korean", "chinese", "other"],
                      "description": gettext_noop("The name's tradition: Korean, Chinese or another.")},
        "display_name": _text(gettext_noop("The archive's house form.")),
        "country": _text(gettext_noop('The state the person served ("DPRK", "PRC", "USSR", ...).')),
        "hangul": _text(gettext_noop("Hangul, DPRK spelling.")), "hangul_rok": _text(gettext_noop("Hangul, ROK spelling.")),
        "hanja": _text(gettext_noop("Hanja.")), "mr": _text(gettext_noop("McCune–Reischauer.")), "rr": _text(gettext_noop("Revised Romanization.")),
        "dprk_official": _text(gettext_noop("The DPRK's official romanization.")),
        "born": _text(gettext_noop("Birth date, YYYY[-MM[-DD]]."), pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"),
        "died": _text(gettext_noop("Death date, YYYY[-MM[-DD]]."), pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"),
        "biography_html": _text(gettext_noop("The biography as its page shows it (paragraphs, emphasis, lists, "
                                             "links).")),
        "biography_ko_html": _text(gettext_noop("The biography in Korean, as the Korean page shows it; empty: "
                                                "not written.")),
        "biography_sources": {"type": "array", "items": {"type": "string"}, "description": gettext_noop("What "
                                                                                                        "the biography rests on.")},
        "external_ids": {"type": "object", "additionalProperties": {"type": "string"},
                         "description": gettext_noop("Ids elsewhere, by source (history.state.gov, ...).")},
        "offices": _objects(gettext_noop("Offices held."), {"title": _text(gettext_noop("The office.")), "start": _text(gettext_noop("From.")), "end": _text(gettext_noop("To.")),
                                               "source": _text(gettext_noop("Where this is stated."))}, ["title"]),
        "renderings": _objects(gettext_noop("Renderings curators keep, each with where it was seen."), {
            "form": _text(gettext_noop("The name as written.")),
            "language": _text(gettext_noop('The language or practice ("ru", "hu", "en (NKIDP RR)", ...).')),
            "kind": {"enum": ["generated", "alias", "attested"]},
            "alias_type": _text(gettext_noop("For an alias: birth name, pseudonym, Russian name, ...")),
            "source": _text(gettext_noop("Where the form was seen: an address, a document id or a "
                                         "publication."))}, ["form", "kind"]),
        "transcriptions": _objects(gettext_noop("What the transcription rules give from the hangul and hanja, "
                                                "by system."), {
            "system": _text(gettext_noop("The system's key.")), "label": _text(gettext_noop("The system in words.")),
            "forms": {"type": "array", "items": {"type": "string"}}}, ["system", "forms"]),
    },
}

TERM = {
    "$schema": DRAFT,
    "title": gettext_noop("An organisation, place, publication or term of the name authority"),
    "type": "object",
    "required": ["term_id", "kind", "preferred", "renderings"],
    "additionalProperties": False,
    "properties": {
        "term_id": _text(gettext_noop("The stable id.")),
        "kind": {"enum": ["organisation", "place", "publication", "term"]},
        "preferred": _text(gettext_noop("The archive's house form.")), "hangul": _text(gettext_noop("Hangul.")),
        "description": _text(gettext_noop("What it is.")),
        "latitude": {"type": ["number", "null"], "description": gettext_noop("WGS 84 degrees, for places that "
                                                                             "are located.")},
        "longitude": {"type": ["number", "null"], "description": gettext_noop("WGS 84 degrees, for places that "
                                                                              "are located.")},
        "renderings": _objects(gettext_noop("Its names in the languages of the record, each with where it was seen."), {
            "form": _text(gettext_noop("The name as written.")), "language": _text(gettext_noop("The language.")),
            "source": _text(gettext_noop("Where it was seen."))}, ["form"]),
    },
}

COLLECTIONS = {
    "$schema": DRAFT,
    "title": gettext_noop("The published collections, parents first, with their public documents in order"),
    "type": "object",
    "required": ["collections"],
    "additionalProperties": False,
    "properties": {"collections": _objects(gettext_noop("The collections."), {
        "slug": _text(gettext_noop("The stable key.")), "title": _text(gettext_noop("The title.")), "title_ko": _text(gettext_noop("The title in Korean; empty: not written.")),
        "description": _text(gettext_noop("What it holds.")), "description_ko": _text(gettext_noop("The description in Korean; empty: not written.")),
        "parent": {"type": ["string", "null"], "description": gettext_noop("The slug of the collection it sits in.")},
        "documents": {"type": "array", "items": {"type": "string"}, "description": gettext_noop("Public ids, in "
                                                                                                "curated order.")}},
        ["slug", "title", "documents"])},
}

SUBJECTS = {
    "$schema": DRAFT,
    "title": gettext_noop("The subject headings of the public documents, broader headings first"),
    **_objects(gettext_noop("Headings."), {"heading": _text(gettext_noop("The heading.")), "heading_ko": _text(gettext_noop("The heading in Korean; empty: not written.")),
                             "broader": _text(gettext_noop("The broader heading; empty: none.")),
                             "scope_note": _text(gettext_noop("What the heading covers.")),
                             "scope_note_ko": _text(gettext_noop("The scope note in Korean; empty: not written."))},
               ["heading", "broader", "scope_note"]),
}
