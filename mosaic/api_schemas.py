"""What each endpoint of the JSON API answers, declared for its OpenAPI schema (/api/openapi.json).

The serialisers (`search/serialize.py`, `corpus/serialize.py`, `context/source_lens.py`, ...) build
the answers as plain data; django-ninja checks each against the schema here before it is sent, so
an answer that drifts from its declaration fails in the tests (Schemathesis and
`mosaic/tests/test_api.py`), not in a client.
"""
from __future__ import annotations

from typing import Literal, Union

from ninja import Schema
from pydantic import Field, create_model

from mosaic.citations.formats import STYLES
from mosaic.lib.vocabularies import AGENT_ROLES, CREDIT_ROLES, DOCUMENT_TYPES, TEXT_LAYER_KINDS
from mosaic.publications.models import PUBLICATION_KINDS
from mosaic.search.query import FACETS


def _one_of(keys) -> type:
    return Literal[tuple(keys)]


# --- errors -------------------------------------------------------------------------------------


class ParameterError(Schema):
    parameter: str = Field(description="The parameter's name as sent, e.g. per_page or from.")
    message: str = Field(description="What is wrong with it, naming it.")


class Error(Schema):
    """Every error of the API: a bad parameter (400), nothing there (404), the search past its
    time budget or the archive busy with an import (503)."""
    detail: str = Field(description="What went wrong, in one line.")
    errors: list[ParameterError] = Field(
        default_factory=list, description="One entry per bad parameter; empty when the error is not about a parameter.")


# --- pagination ---------------------------------------------------------------------------------


class PageLinks(Schema):
    """Absolute URLs of pages of the same request; the same links are sent in the Link header."""
    self_: str = Field(alias="self")
    first: str
    prev: str | None = Field(description="null on the first page")
    next: str | None = Field(description="null on the last page")
    last: str = Field(description="the last page with results (the first when there are none)")


# --- search -------------------------------------------------------------------------------------


class SearchHit(Schema):
    id: str
    title: str
    date: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD; null when undated")
    date_display: str
    origin: str | None
    catalogue_only: bool
    snippet: str = Field(description="HTML: the text escaped, the words found in <mark>")
    url: str


class NameReading(Schema):
    words: str = Field(description="the words of the query read as a name")
    read_as: str
    link: str = Field(description="the id of the person or term they were read as")
    also_searched: list[str] = Field(description="the other renderings searched with them")
    heuristic: bool


class FacetValue(Schema):
    value: str = Field(description="what the facet's parameter takes")
    label: str
    count: int


Facets = create_model(
    "Facets", __base__=Schema, __doc__="Facet counts over all the results, one list per facet parameter, largest first.",
    **{facet: (list[FacetValue], Field(description=heading)) for facet, heading in FACETS.items()})


class SearchResults(Schema):
    total: int
    page: int
    per_page: int
    results: list[SearchHit]
    names: list[NameReading] = Field(description="words of the query read as names and searched under their renderings")
    facets: Facets
    links: PageLinks


# --- documents ----------------------------------------------------------------------------------


class DocumentDate(Schema):
    value: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD as known; null when undated")
    precision: Literal["year", "month", "day"] | None
    display: str
    earliest: str | None = Field(description="the first day the document may have been written (YYYY-MM-DD)")
    latest: str | None = Field(description="the last day it may have been written (YYYY-MM-DD)")
    note: str | None


class DocumentAgent(Schema):
    role: _one_of(AGENT_ROLES)
    name: str
    kind: Literal["person", "organisation"]
    as_written: str


class Repository(Schema):
    code: str
    name: str


class ArchivalUnit(Schema):
    type: str = Field(description="fond, opis, delo, box ...")
    label: str = Field(description="the unit's word as printed")
    value: str


class Folios(Schema):
    start: int
    end: int | None


class Locator(Schema):
    repository: Repository | None
    units: list[ArchivalUnit]
    folios: Folios | None
    as_printed: str


class DocumentCredit(Schema):
    role: _one_of(CREDIT_ROLES)
    name: str
    for_: str | None = Field(alias="for", description="on whose behalf, e.g. NKIDP")
    language: str | None = Field(description="the language version credited; null for the whole document")


class TextLayer(Schema):
    kind: _one_of(TEXT_LAYER_KINDS)
    language: str
    made_by: str | None
    text: str


class WithheldText(Schema):
    kind: _one_of(TEXT_LAYER_KINDS)
    language: str


class DocumentFile(Schema):
    label: str
    media_type: str
    pages: int | None
    bytes: int
    sha256: str


class SubjectLink(Schema):
    heading: str
    heading_ko: str | None = Field(description="the heading in Korean; null: not written")
    key: str
    search_url: str


class PlaceLink(Schema):
    id: str
    name: str
    latitude: float | None
    longitude: float | None
    url: str


class RelatedDocument(Schema):
    relation: str = Field(description='as the page words it, from this document\'s side ("Replied to by")')
    id: str
    title: str
    url: str
    note: str | None


Citation = create_model(
    "Citation", __base__=Schema, __doc__="The document cited in each style the page offers.",
    **{style.replace("-", "_"): (str, Field(alias=style)) for style in STYLES})


class Document(Schema):
    id: str
    url: str
    title: str
    type: _one_of(DOCUMENT_TYPES)
    date: DocumentDate
    origin_country: str | None
    original_language: str | None
    summary: str | None
    classification: str | None
    rights: str | None
    catalogue_only: bool
    held_at: str | None = Field(description="where the document can be read, when the text is not held here")
    source_url: str | None
    agents: list[DocumentAgent]
    locators: list[Locator]
    credits: list[DocumentCredit]
    texts: list[TextLayer] = Field(description="the text layers this reader may see")
    withheld_texts: list[WithheldText] = Field(description="layers that exist but this reader may not see")
    files: list[DocumentFile]
    iiif_manifest: str | None
    collections: list[str] = Field(description="slugs of the published collections holding the document")
    subjects: list[SubjectLink]
    places: list[PlaceLink]
    related: list[RelatedDocument]
    citation: Citation


# --- the source lens ----------------------------------------------------------------------------


class LensDocument(Schema):
    id: str
    title: str
    date: str | None
    origin_country: str | None
    type: str


class ContextRow(Schema):
    id: str
    period: str
    start: str
    end: str | None
    approximate: bool
    sources: list[str]
    confidence: str
    needs_verification: bool
    verified_by: str | None


class RelationsRow(ContextRow):
    status: str
    summary: str


class Relations(Schema):
    partner: str
    periods: list[RelationsRow]
    latest_before: RelationsRow | None


class EmbassyCondition(ContextRow):
    type: str
    applies_to: str
    description: str


class NearbyEvent(ContextRow):
    title: str
    category: str
    position: str = Field(description="before, during or after the document's date")
    days: int
    url: str


class NearbyEvents(Schema):
    window_days: int
    items: list[NearbyEvent]


class PlacedContext(Schema):
    placed: Literal[True]
    date_interval: list[str] = Field(min_length=2, max_length=2)
    relations: list[Relations]
    has_recorded_relations: bool
    embassy_conditions: list[EmbassyCondition]
    events: NearbyEvents


class UnplacedContext(Schema):
    placed: Literal[False]
    reason: str


class Measured(Schema):
    precision: float | None
    recall: float
    n_spans: int
    n_documents: int
    test_set: str
    n_predicted: int | None
    precision_interval: list[float] | None
    recall_interval: list[float] | None


class MarkerCategory(Schema):
    label: str
    flagged: bool
    can_tell: str
    cannot_tell: str
    measured: Measured | None
    held_out: Measured | None
    measured_text: str
    experimental: bool
    highlighted_by_default: bool


class MarkedLayer(Schema):
    id: int
    kind: _one_of(TEXT_LAYER_KINDS)
    language: str
    made_by: str
    description: str
    public: bool


class MarkerFlag(Schema):
    start: int
    end: int
    text: str
    category: str
    rule: str
    rule_version: int
    voice: str
    speaker: str | None
    experimental: bool


class Comparison(Schema):
    group: str | None
    n: int
    median: float | None
    iqr: list[float] | None


class ComparableGroup(Schema):
    group: str | None
    n: int
    enough: bool
    note: str


class LayerMarkers(Schema):
    """A layer's markers; while a background job is to recompute them (`pending`), only the
    fields up to `counts` are sent."""
    layer: MarkedLayer
    note: str
    rules_exist: bool
    experimental: bool
    experimental_note: str
    pending: bool
    flags: list[MarkerFlag]
    counts: dict[str, int]
    word_count: int | None = None
    lexicon_version: str | None = None
    rates: dict[str, float | None] | None = None
    voices: dict[str, dict[str, int]] | None = None
    comparable: dict[str, Comparison] | None = None
    comparable_group: ComparableGroup | None = None


class Markers(Schema):
    document: str
    lexicon_version: str
    method: str
    not_a_verdict: str
    categories: dict[str, MarkerCategory]
    layers: list[LayerMarkers]


class EchoReport(Schema):
    layer: str = Field(description="kind/language of the layer, e.g. translation/en")
    figure: str
    span: list[int] = Field(min_length=2, max_length=2)
    sentence: str


class EchoOfficial(Schema):
    document: str
    title: str
    date: str
    figure: str
    sentence: str


class Echo(Schema):
    presentation: Literal["attributed", "disputed", "unattributed"]
    markers: list[str]
    report: EchoReport
    official: EchoOfficial
    value: float
    unit: str
    shared_words: list[str]


class EventMention(Schema):
    event: str
    title: str
    days_after_event: int | None
    url: str


class Lens(Schema):
    document: LensDocument
    note: str
    context: Union[PlacedContext, UnplacedContext]
    markers: Markers
    echoes: list[Echo]
    events_mentioned: list[EventMention]


# --- names --------------------------------------------------------------------------------------


class NameCandidate(Schema):
    person_id: str
    hangul: str
    mr: str
    score: float
    matched_form: str


class NameResolution(Schema):
    query: str
    ambiguous: bool
    candidates: list[NameCandidate]


# --- collections and publications ---------------------------------------------------------------


class Collection(Schema):
    slug: str
    title: str
    title_ko: str | None = Field(description="the title in Korean; null: not written")
    description: str
    description_ko: str | None = Field(description="the description in Korean; null: not written")
    parent: str | None = Field(description="the slug of the collection it belongs to")
    documents: int = Field(description="how many public documents it holds")
    url: str


class CollectionWithDocuments(Collection):
    document_ids: list[str] = Field(description="its public documents in the collection's order")


class Publication(Schema):
    slug: str
    kind: _one_of(PUBLICATION_KINDS)
    title: str
    title_ko: str | None = Field(description="the title in Korean; null: not written")
    series_number: str | None
    date: str | None
    authors: list[str]
    document_ids: list[str]
    url: str


class Note(Schema):
    number: int
    marker: str
    body: str = Field(description="sanitised HTML")
    document_id: str | None
    pinpoint: str | None
    citation: str | None
    withheld: bool = Field(description="the note cites a document this reader may not see")


class PublicationWithBody(Publication):
    body: str = Field(description="sanitised HTML, the note references linked")
    body_ko: str | None = Field(description="the body in Korean, sanitised and linked alike; null: not written")
    notes: list[Note]
    cited_document_ids: list[str]


# --- timeline -----------------------------------------------------------------------------------


class TimelineDocument(Schema):
    id: str
    title: str
    date: str
    origin_country: str
    start: str
    end: str
    url: str


class TimelineCount(Schema):
    period: str = Field(description="YYYY or YYYY-MM")
    start: str
    end: str
    documents: int


class TimelineEvent(Schema):
    id: str
    title: str = Field(description="in the language asked for (lang), else in English")
    title_language: Literal["en", "ko"]
    category: str
    category_label: str
    date: str
    countries: list[str]
    start: str
    end: str
    url: str


class RelationsBand(Schema):
    id: str
    country: str
    status: str
    status_label: str = Field(description="the status in the language asked for (lang)")
    summary: str = Field(description="in the language asked for (lang), else in English")
    summary_language: Literal["en", "ko"]
    start: str
    end: str | None


class Timeline(Schema):
    date_from: str = Field(alias="from", description="the first day shown")
    date_to: str = Field(alias="to", description="the last day shown")
    mode: Literal["items", "month", "year"]
    item_limit: int
    documents: list[TimelineDocument] = Field(description="in items mode; empty otherwise")
    counts: list[TimelineCount] = Field(description="in month and year modes; empty otherwise")
    events: list[TimelineEvent]
    relations_periods: list[RelationsBand]
