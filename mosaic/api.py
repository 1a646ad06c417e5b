"""The JSON API (django-ninja, OpenAPI schema at /api/openapi.json, docs at /api/docs).

It mirrors the pages: the same search parameters and facets as /search, the same access policy
as the document pages.
"""
from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI, Query
from ninja.errors import HttpError

from mosaic.corpus import access
from mosaic.corpus.serialize import document_json
from mosaic.search.backends.base import SearchTooSlow
from mosaic.search.query import MAX_PAGE, MAX_PER_PAGE, InvalidSearch, search_query_from_params
from mosaic.search.serialize import results_json
from mosaic.publications.essay import publication_notes_json
from mosaic.search import index as search_index

api = NinjaAPI(title="Mosaic API", version="1", description="Search, read and cite the archive's documents.",
               urls_namespace="api")


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@api.get("/search", summary="Search documents, with facet counts")
def search(
    request,
    q: str = Query("", description='Words; "phrases" in quotes; prefix*; -excluded'),
    origin_country: list[str] = Query([]),
    repository: list[str] = Query([]),
    original_language: list[str] = Query([]),
    translation_language: list[str] = Query([]),
    collection: list[str] = Query([]),
    subject: list[str] = Query([], description="subject heading key (slug)"),
    place: list[str] = Query([], description="place id in the name authority, e.g. pyongyang"),
    person: list[str] = Query([], description="person id in the name authority, e.g. P001"),
    doc_type: list[str] = Query([]),
    classification: list[str] = Query([]),
    decade: list[str] = Query([]),
    year: list[str] = Query([]),
    date_from: str = Query("", alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD"),
    date_to: str = Query("", alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD"),
    sort: str = Query("relevance", description="relevance, date, -date or title"),
    # Read as text and checked by search_query_from_params, like the dates, so that a bad or
    # absurd number gets the same 400 {"detail": "..."} as every other bad parameter.
    page: str = Query("1", description=f"a whole number from 1 to {MAX_PAGE:,}"),
    per_page: str = Query("20", description=f"a whole number; above {MAX_PER_PAGE} reads as {MAX_PER_PAGE}"),
):
    try:
        return results_json(search_index.search(search_query_from_params(request.GET)), base_url=_base(request))
    except InvalidSearch as error:
        raise HttpError(400, str(error)) from None
    except SearchTooSlow as error:
        # 503: the budget is wall-clock time, so the same query may pass when the server is quieter.
        raise HttpError(503, str(error)) from None


@api.get("/documents/{public_id}", summary="One document with its provenance, texts and citations")
def document(request, public_id: str):
    found = access.visible_documents(request.user).filter(public_id=public_id).first()
    if found is None:
        raise Http404("no such document")
    return document_json(found, request.user, _base(request))


@api.get("/names/resolve", summary="Resolve a rendering of a Korean name to people in the authority")
def resolve_name(request, q: str, lang: str = Query("", description="ru, hu, pl, cs, ro, bg, de, en, zh or ko"), k: int = 3):
    from mosaic.entities.authority import get_matcher

    if not q.strip():
        raise HttpError(400, "q is required")
    return get_matcher().resolve(q, lang=lang or None, k=max(1, min(k, 10))).to_json()


def _collection_json(collection, base: str) -> dict:
    return {"slug": collection.slug, "title": collection.title, "description": collection.description,
            "parent": collection.parent.slug if collection.parent else None,
            "documents": collection.public_documents, "url": f"{base}/collections/{collection.slug}/"}


@api.get("/documents/{public_id}/lens", summary="The source lens of a document: context, language markers, echoes, events")
def document_lens(request, public_id: str):
    from mosaic.context.source_lens import lens_json

    found = access.visible_documents(request.user).filter(public_id=public_id).first()
    if found is None:
        raise Http404("no such document")
    return lens_json(found, request.user)


@api.get("/collections", summary="Published collections")
def collections(request):
    queryset = access.public_collections().select_related("parent").with_public_counts()
    return [_collection_json(c, _base(request)) for c in queryset]


@api.get("/collections/{slug}", summary="One collection and its ordered documents")
def collection(request, slug: str):
    found = access.public_collections().filter(slug=slug).first()
    if found is None:
        raise Http404("no such collection")
    ids = [m.document.public_id for m in found.memberships.filter(document__in=access.public_documents())
           .select_related("document").order_by("order", "document__date_min")]
    found.public_documents = len(ids)
    return {**_collection_json(found, _base(request)), "document_ids": ids}


def _publication_json(publication, base: str) -> dict:
    public = access.public_documents()
    return {
        "slug": publication.slug, "kind": publication.kind, "title": publication.title,
        "series_number": publication.series_number or None,
        "date": publication.date.isoformat() if publication.date else None,
        "authors": [link.agent.name for link in publication.author_links.select_related("agent")],
        "document_ids": [link.document.public_id for link in publication.document_links.filter(document__in=public).select_related("document")],
        "url": f"{base}/publications/{publication.slug}/",
    }


@api.get("/publications", summary="Published working papers, readers, dossiers, essays and briefing books")
def publications(request):
    return [_publication_json(p, _base(request)) for p in access.public_publications()]


@api.get("/publications/{slug}", summary="One publication with its body, notes, cited documents and ordered document list")
def publication(request, slug: str):
    found = access.public_publications().filter(slug=slug).first()
    if found is None:
        raise Http404("no such publication")
    # The same sanitised HTML and notes the publication page shows, so API clients cannot be handed a script.
    return {**_publication_json(found, _base(request)), **publication_notes_json(found, request.user, _base(request))}


@api.get("/timeline", summary="Documents and events on a time axis: items for a narrow view, counts per month or year for a wide one")
def timeline(
    request,
    date_from: str = Query("", alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD; default: the earliest date matched"),
    date_to: str = Query("", alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD; default: the latest date matched"),
    origin_country: list[str] = Query([], description="documents of this origin, events one of whose actors is this country"),
    category: list[str] = Query([], description="event category"),
    collection: list[str] = Query([], description="collection slug"),
    person: list[str] = Query([], description="person id in the name authority (documents of their linked agents or confirmed name links)"),
    subject: list[str] = Query([], description="subject heading key (slug); documents only"),
    place: list[str] = Query([], description="place id in the name authority (e.g. pyongyang); documents only"),
    granularity: str = Query("auto", description="auto, items, month or year"),
):
    from mosaic.timeline.data import InvalidTimeline, timeline_data, timeline_query_from_params

    try:
        data = timeline_data(timeline_query_from_params(request.GET, request.user), request.user)
    except InvalidTimeline as error:
        raise HttpError(400, str(error)) from None
    base = _base(request)
    for item in (*data["documents"], *data["events"]):
        item["url"] = base + item["url"]
    return data
