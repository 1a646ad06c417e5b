"""The public documents of a dump, each read once and written as every file needs it.

What a document shows the public comes from OAI-PMH's reading of it (`oai/facts.py`: the access
policy as an anonymous reader meets it); the texts of its public layers are added here, since a
harvested record lists only their kinds and languages. `ingest_record` writes a document in the
ingest format (docs/ingest-format.md) and `record_problems` says where that record would not give
the same document back when imported.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from mosaic.corpus import access
from mosaic.corpus.models import TextLayer
from mosaic.ingest.records import InvalidRecord, LocatorValue, UnitValue, validate_record
from mosaic.lib.partial_dates import PartialDate
from mosaic.oai.facts import ANONYMOUS, RecordFacts, documents_for_records, exposed_sets, record_facts

# Documents read together: the queries of a chunk are a fixed number whatever its size, and its
# texts are what the export holds in memory at once.
CHUNK = 200


@dataclass(frozen=True)
class PublicText:
    kind: str
    language: str
    made_by: str
    text: str
    access: str  # "public", or "embargoed" with an embargo that has ended
    embargo_until: dt.date | None


@dataclass(frozen=True)
class PublicDocument:
    facts: RecordFacts
    access: str
    embargo_until: dt.date | None
    texts: tuple[PublicText, ...]


def public_documents() -> Iterator[PublicDocument]:
    """Every document the public may see, by public id, with its public layers' texts."""
    sets = exposed_sets()
    ids = list(access.public_documents().order_by("public_id").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        documents = {document.pk: document for document in documents_for_records(chunk)}
        layers = {pk: access.visible_layers(documents[pk], ANONYMOUS) for pk in chunk}
        texts = dict(TextLayer.objects.filter(pk__in=[layer.pk for shown in layers.values() for layer in shown])
                     .values_list("pk", "text"))
        for pk in chunk:
            document = documents[pk]
            yield PublicDocument(
                facts=record_facts(document, sets), access=document.access, embargo_until=document.embargo_until,
                texts=tuple(PublicText(layer.kind, layer.language, layer.made_by, texts[layer.pk], layer.access,
                                       layer.embargo_until) for layer in layers[pk]))


def _credit(credit) -> dict:
    return {key: value for key, value in (("role", credit.role), ("name", credit.name), ("for", credit.on_behalf_of),
                                          ("language", credit.language)) if value}


def ingest_record(document: PublicDocument) -> dict:
    """The document as a record of docs/ingest-format.md: `mosaic ingest` reads it back as the same
    document, published. Its collections are not named (collections.json lists their documents in
    order, and is loaded after them); scans are not part of a dump."""
    facts = document.facts
    record = {"id": facts.public_id, "title": facts.title, "type": facts.doc_type}
    if facts.date:
        record["date"] = facts.date
    interval = (facts.date_earliest, facts.date_latest)
    if interval != _interval_of(facts.date):  # a narrower or wider interval than the date says
        record.update((key, day) for key, day in zip(("date_min", "date_max"), interval) if day)
    scalars = {
        "date_note": facts.date_note, "origin_country": facts.origin_country,
        "original_language": facts.original_language, "summary": facts.summary,
        "classification": facts.classification, "rights": facts.rights,
        "access": "" if document.access == "public" else document.access,
        "embargo_until": document.embargo_until.isoformat() if document.embargo_until else "",
        "status": "published",
    }
    record.update((key, value) for key, value in scalars.items() if value)
    source, credits = _source_and_credits(facts)
    if source:
        record["source"] = source
    if credits:
        record["credits"] = [_credit(credit) for credit in credits]
    if facts.agents:
        record["agents"] = [{"name": agent.name, "role": agent.role, "kind": agent.kind,
                             **({"as_written": agent.as_written} if agent.as_written != agent.name else {})}
                            for agent in facts.agents]
    if document.texts:
        record["texts"] = [{"kind": text.kind, "language": text.language,
                            **({"made_by": text.made_by} if text.made_by else {}), "text": text.text,
                            **({"access": text.access} if text.access != "public" else {}),
                            **({"embargo_until": text.embargo_until.isoformat()} if text.embargo_until else {})}
                           for text in document.texts]
    if facts.subjects:
        record["subjects"] = [subject.heading for subject in facts.subjects]
    if facts.places:
        record["places"] = [place.term_id for place in facts.places]
    for key, value in (("source_url", facts.source_url), ("catalogue_only", facts.catalogue_only),
                       ("held_at", facts.held_at)):
        if value:
            record[key] = value
    return record


def _interval_of(date: str) -> tuple[str, str]:
    if not date:
        return ("", "")
    partial = PartialDate.parse(date)
    return (partial.earliest().isoformat(), partial.latest().isoformat())


def _source_and_credits(facts: RecordFacts) -> tuple[str, tuple]:
    """The source line as printed, and the credits to list beside it: an import reads the printed
    line's credits first, then the listed ones, so only those after the printed ones are listed."""
    source = facts.locators[0].as_printed if facts.locators else ""
    printed = _printed_credits(facts.public_id, source)
    stored = facts.credits
    keys = [(c.role, c.name, c.on_behalf_of, c.language) for c in stored]
    if keys[:len(printed)] == printed:
        return source, stored[len(printed):]
    return source, stored  # a curator changed the printed credits: record_problems says so


def _printed_credits(public_id: str, source: str) -> list[tuple]:
    if not source:
        return []
    try:
        parsed = validate_record({"id": public_id, "title": "-", "source": source})
    except InvalidRecord:
        return []
    return [(c.role, c.name, c.on_behalf_of, c.language) for c in parsed.credits]


def record_problems(document: PublicDocument, record: dict) -> list[str]:
    """Why importing `record` would not give `document` back exactly (an empty list when it
    would): the ingest format carries one locator, as its printed source line, so a locator edited
    or added in the staff interface, or printed credits a curator removed, come back otherwise."""
    facts = document.facts
    try:
        read = validate_record(record)
    except InvalidRecord as error:
        return [f"it would be refused: {error}"]
    problems = []
    stored = [_as_value(locator) for locator in facts.locators]
    if list(read.locators) != stored:
        problems.append("its locator differs from what its printed source line gives (edited in the staff interface?); "
                        "catalogue.csv and the TEI file give the locator as stored")
    credits = [(c.role, c.name, c.on_behalf_of, c.language) for c in read.credits]
    if credits != [(c.role, c.name, c.on_behalf_of, c.language) for c in facts.credits]:
        problems.append("its credits would come back in another order or with the printed ones it no longer has")
    return problems


def _as_value(locator) -> LocatorValue:
    return LocatorValue(repository_code=locator.repository_code or None, as_printed=locator.as_printed,
                        units=tuple(UnitValue(unit.kind, unit.value, unit.label) for unit in locator.units),
                        folio_start=locator.folio_start, folio_end=locator.folio_end, folio_term=locator.folio_term)


def public_collections() -> list[dict]:
    """The collections harvesters see (published, their parents too), parents first, each with its
    public documents in the curated order: the shape `collections.seed.load_collections` reads."""
    from mosaic.collections.models import Collection, CollectionMembership

    shown = exposed_sets()
    collections = {c.pk: c for c in Collection.objects.filter(pk__in=list(shown))}
    members: dict[int, list[str]] = {pk: [] for pk in collections}
    for collection_id, public_id in (CollectionMembership.objects.filter(collection_id__in=list(collections),
                                                                         document__in=access.public_documents())
                                     .order_by("collection_id", "order", "pk")
                                     .values_list("collection_id", "document__public_id")):
        members[collection_id].append(public_id)
    ordered = sorted(collections.values(), key=lambda c: (shown[c.pk].spec.count(":"), c.order, c.title, c.pk))
    return [{"slug": c.slug, "title": c.title, "title_ko": c.title_ko, "description": c.description,
             "description_ko": c.description_ko,
             "parent": collections[c.parent_id].slug if c.parent_id else None, "documents": members[c.pk]}
            for c in ordered]


def subject_headings(used: set[str]) -> list[dict]:
    """The headings public documents are tagged with and the broader headings above them, broader
    ones first: the rows `mosaic subjects load` reads (its JSON form)."""
    from mosaic.subjects.models import Subject

    subjects = {s.pk: s for s in Subject.objects.all()}
    by_heading = {s.heading: s for s in subjects.values()}
    wanted: dict[int, Subject] = {}
    for heading in used:
        node, seen = by_heading.get(heading), set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            wanted[node.pk] = node
            node = subjects.get(node.broader_id)

    def depth(subject) -> int:
        steps, node, seen = 0, subject, set()
        while node.broader_id in subjects and node.pk not in seen:
            seen.add(node.pk)
            steps, node = steps + 1, subjects[node.broader_id]
        return steps

    return [{"heading": s.heading, "heading_ko": s.heading_ko,
             "broader": subjects[s.broader_id].heading if s.broader_id else "",
             "scope_note": s.scope_note, "scope_note_ko": s.scope_note_ko}
            for s in sorted(wanted.values(), key=lambda s: (depth(s), s.heading))]
