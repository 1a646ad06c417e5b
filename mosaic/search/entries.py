"""What the index holds for one document: only what the public may read.

A document that is not public has no entry; a text layer that is staff-only or under embargo is
left out of the entry of a public document. Search results, snippets and facet counts can then
never show what the public may not see, whatever backend serves them.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.db.models import Prefetch

from mosaic.corpus import access
from mosaic.corpus.models import Document, DocumentAgent, NameLink


@dataclass(frozen=True)
class IndexEntry:
    doc_id: int
    public_id: str
    title: str
    summary: str
    body: str
    names: str
    locator: str
    date: str
    date_min: dt.date | None
    date_max: dt.date | None
    origin_country: str
    catalogue_only: bool
    facets: tuple[tuple[str, str], ...]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def documents_for_indexing(doc_ids=None):
    queryset = access.public_documents().prefetch_related(
        "text_layers",
        Prefetch("agent_links", queryset=DocumentAgent.objects.select_related("agent__person")),
        "credits__agent",
        "locators__repository",
        "locators__units",
        Prefetch("collections", queryset=access.public_collections(), to_attr="published_collections"),
        "subject_links__subject",
        "place_links__place",
        Prefetch("name_links", queryset=NameLink.objects.filter(status=NameLink.CONFIRMED).select_related("person"),
                 to_attr="confirmed_name_links"),
    )
    return queryset if doc_ids is None else queryset.filter(pk__in=list(doc_ids))


def _confirmed_name_links(document: Document):
    # Prefetched under this name by `documents_for_indexing` (and held empty by the importer for the
    # documents it creates, which no curator can have decided on yet).
    links = getattr(document, "confirmed_name_links", None)
    if links is None:
        links = document.name_links.filter(status=NameLink.CONFIRMED).select_related("person")
    return links


def _parts(document: Document, related_name: str):
    # Prefetched parts are read where they are held (what `.all()` returns then), without a
    # related manager made for each: an import indexes thousands of documents a second.
    held = getattr(document, "_prefetched_objects_cache", {})
    return held[related_name] if related_name in held else getattr(document, related_name).all()


def index_entry(document: Document) -> IndexEntry:
    layers = access.visible_layers(document, user=None)  # what an anonymous reader may read
    names = []
    agent_links = list(_parts(document, "agent_links"))
    for link in agent_links:
        names += [link.agent.name, link.as_written]
    names += [credit.agent.name for credit in _parts(document, "credits")]
    locators = list(_parts(document, "locators"))
    locator_text = []
    for locator in locators:
        if locator.repository:
            locator_text += [locator.repository.code, locator.repository.name]
        locator_text.append(locator.as_printed or locator.short_form())

    facets = {("origin_country", document.origin_country), ("original_language", document.original_language),
              ("doc_type", document.doc_type), ("classification", document.classification.strip())}
    facets |= {("repository", loc.repository.code) for loc in locators if loc.repository}
    facets |= {("translation_language", layer.language) for layer in layers if layer.kind == "translation"}
    facets |= {("collection", c.slug) for c in document.published_collections}
    facets |= {("subject", link.subject.slug) for link in _parts(document, "subject_links")}
    facets |= {("place", link.place.term_id) for link in _parts(document, "place_links")}
    # The people a document is about or by, as far as the name authority knows: its agents linked
    # to a person, and names in its text a curator confirmed (suggestions are not facts yet).
    facets |= {("person", link.agent.person.person_id) for link in agent_links if link.agent.person_id}
    facets |= {("person", link.person.person_id) for link in _confirmed_name_links(document)}
    if document.date:
        year = int(document.date[:4])
        facets |= {("year", str(year)), ("decade", f"{year // 10 * 10}s")}

    return IndexEntry(
        doc_id=document.pk,
        public_id=document.public_id,
        title=_nfc(document.title),
        summary=_nfc(document.summary),
        body=_nfc("\n\n".join(layer.text for layer in layers)),
        names=_nfc(" ; ".join(dict.fromkeys(n for n in names if n))),
        locator=_nfc(" ; ".join(dict.fromkeys(locator_text))),
        date=document.date,
        date_min=document.date_min,
        date_max=document.date_max,
        origin_country=document.origin_country,
        catalogue_only=document.catalogue_only,
        facets=tuple(sorted((k, v) for k, v in facets if v)),
    )
