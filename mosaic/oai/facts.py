"""What a harvested record says about a document: its public facts only, read through the access
policy (`corpus/access.py`) as an anonymous reader would see them, whoever harvests.

The same facts make both metadata formats and the digest that tells the ledger whether what
harvesters see has changed, so a record's datestamp moves exactly when one of them would read
differently. Collections are sets: a published collection whose parents are all published, its
setSpec the slugs from the top down joined by ":".
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from mosaic.collections.models import CollectionMembership
from mosaic.corpus import access
from mosaic.corpus.models import Credit, Document, DocumentAgent, Locator, TextLayer
from mosaic.lib.partial_dates import InvalidDate
from mosaic.lib.safe_urls import is_http_url
from mosaic.subjects.models import DocumentPlace, DocumentSubject

ANONYMOUS = AnonymousUser()


@dataclass(frozen=True)
class OaiSet:
    spec: str  # "korean-war" or "korean-war:armistice"
    title: str
    description: str
    title_ko: str = ""  # the curators' Korean, empty until written
    description_ko: str = ""


@dataclass(frozen=True)
class RecordAgent:
    role: str
    name: str
    kind: str
    as_written: str


@dataclass(frozen=True)
class RecordCredit:
    role: str
    name: str
    on_behalf_of: str
    language: str  # empty: the whole document


@dataclass(frozen=True)
class RecordUnit:
    kind: str
    label: str
    value: str


@dataclass(frozen=True)
class RecordLocator:
    repository_code: str
    repository_name: str
    units: tuple[RecordUnit, ...]
    folio_start: int | None
    folio_end: int | None
    folio_term: str
    as_printed: str
    written_out: str  # "RGANI, Fond 5, Opis (inventory) 28, Delo (file) 410, Listy 301–303"


@dataclass(frozen=True)
class RecordText:
    kind: str
    language: str
    made_by: str


@dataclass(frozen=True)
class RecordSubject:
    key: str
    heading: str
    heading_ko: str = ""


@dataclass(frozen=True)
class RecordPlace:
    term_id: str
    name: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class RecordFacts:
    public_id: str
    title: str
    doc_type: str
    date: str  # partial ISO ("1956", "1956-07", "1956-07-24"), empty if undated or unreadable
    date_precision: str  # year, month or day; empty with `date`
    date_earliest: str
    date_latest: str
    date_note: str
    origin_country: str
    original_language: str
    summary: str
    classification: str
    rights: str
    catalogue_only: bool
    held_at: str
    source_url: str
    agents: tuple[RecordAgent, ...]
    locators: tuple[RecordLocator, ...]
    credits: tuple[RecordCredit, ...]
    texts: tuple[RecordText, ...]  # the public layers' kinds and languages, never their text
    subjects: tuple[RecordSubject, ...]
    places: tuple[RecordPlace, ...]
    sets: tuple[OaiSet, ...]

    def digest(self) -> str:
        # vars(), not dataclasses.asdict, which deep-copies every value and was most of the cost.
        encoded = json.dumps(self, default=vars, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    @property
    def set_specs(self) -> list[str]:
        return [oai_set.spec for oai_set in self.sets]


def exposed_sets() -> dict[int, OaiSet]:
    """The sets harvesters may see, by collection id: published collections whose parents are all
    published too (a set inside one the public may not see would name it in its setSpec)."""
    collections = {c.pk: c for c in access.public_collections().only("pk", "slug", "title", "title_ko", "description", "description_ko", "parent_id")}
    sets = {}
    for pk, collection in collections.items():
        slugs, seen, node = [], set(), collection
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            slugs.insert(0, node.slug)
            if node.parent_id is None:
                sets[pk] = OaiSet(":".join(slugs), collection.title, collection.description,
                                  collection.title_ko, collection.description_ko)
                break
            node = collections.get(node.parent_id)  # None: a parent the public may not see
    return sets


def documents_for_records(pks: Iterable[int]) -> list[Document]:
    """The documents with every part a record shows, in a fixed number of queries however many
    there are (the layers without their text). Parts are plain lists (`oai_...`): a related
    manager's `.all()`, even prefetched, costs a queryset each time."""
    return list(Document.objects.filter(pk__in=list(pks)).order_by("pk").prefetch_related(
        Prefetch("locators", queryset=Locator.objects.select_related("repository").prefetch_related("units"),
                 to_attr="oai_locators"),
        # An agent's external ids are JSON, decoded for every row when loaded, and shown nowhere here.
        Prefetch("credits", queryset=Credit.objects.select_related("agent").defer("agent__external_ids", "agent__note"),
                 to_attr="oai_credits"),
        Prefetch("agent_links", queryset=DocumentAgent.objects.select_related("agent").defer(
            "agent__external_ids", "agent__note"), to_attr="oai_agents"),
        # Not a list: the access policy reads them as `text_layers.all()`.
        Prefetch("text_layers", queryset=TextLayer.objects.only(
            "pk", "document_id", "kind", "language", "made_by", "access", "embargo_until", "order")),
        Prefetch("subject_links", queryset=DocumentSubject.objects.select_related("subject"), to_attr="oai_subjects"),
        Prefetch("place_links", queryset=DocumentPlace.objects.select_related("place"), to_attr="oai_places"),
        Prefetch("memberships", queryset=CollectionMembership.objects.only("pk", "document_id", "collection_id"),
                 to_attr="oai_memberships"),
    ))


def record_facts(document: Document, sets: dict[int, OaiSet]) -> RecordFacts:
    """The public facts of a document the public may see (from `documents_for_records`)."""
    try:
        partial = document.partial_date
    except InvalidDate:  # stored before validation: the interval still says when
        partial = None
    return RecordFacts(
        public_id=document.public_id,
        title=document.title,
        doc_type=document.doc_type,
        date=partial.isoformat() if partial else "",
        date_precision=partial.precision.value if partial else "",
        date_earliest=document.date_min.isoformat() if document.date_min else "",
        date_latest=document.date_max.isoformat() if document.date_max else "",
        date_note=document.date_note,
        origin_country=document.origin_country,
        original_language=document.original_language,
        summary=document.summary,
        classification=document.classification,
        rights=document.rights,
        catalogue_only=document.catalogue_only,
        held_at=document.held_at if is_http_url(document.held_at) else "",
        source_url=document.source_url if is_http_url(document.source_url) else "",
        agents=tuple(RecordAgent(link.role, link.agent.name, link.agent.kind, link.as_written)
                     for link in document.oai_agents),
        locators=tuple(_locator(locator) for locator in document.oai_locators),
        credits=tuple(RecordCredit(credit.role, credit.agent.name, credit.on_behalf_of, credit.language)
                      for credit in document.oai_credits),
        texts=tuple(RecordText(layer.kind, layer.language, layer.made_by)
                    for layer in access.visible_layers(document, ANONYMOUS)),
        subjects=tuple(RecordSubject(link.subject.slug, link.subject.heading, link.subject.heading_ko) for link in document.oai_subjects),
        places=tuple(RecordPlace(link.place.term_id, link.place.preferred, link.place.latitude, link.place.longitude)
                     for link in document.oai_places),
        sets=tuple(sorted({sets[m.collection_id] for m in document.oai_memberships if m.collection_id in sets},
                          key=lambda oai_set: oai_set.spec)),
    )


def _locator(locator: Locator) -> RecordLocator:
    repository = locator.repository
    return RecordLocator(
        repository_code=repository.code if repository else "",
        repository_name=repository.name if repository else "",
        units=tuple(RecordUnit(unit.unit_type, unit.label, unit.value) for unit in locator.units.all()),
        folio_start=locator.folio_start,
        folio_end=locator.folio_end,
        folio_term=locator.folio_term,
        as_printed=locator.as_printed,
        written_out=locator.short_form(),
    )
