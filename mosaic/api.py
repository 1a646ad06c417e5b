"""The JSON API (django-ninja, OpenAPI schema at /api/openapi.json, docs at /api/docs).

It mirrors the pages: the same search parameters and facets as /search, the same access policy
as the document pages. Parameters are declared once (the search's in `search/query.py`) and the
handlers use the values django-ninja read through those declarations; every answer has its
schema (`api_schemas.py`); every error, whatever raised it, is one shape:
`{"detail": "...", "errors": [{"parameter": "...", "message": "..."}]}`, 400 for a bad parameter.
"""
from __future__ import annotations

from typing import Annotated, Literal

from django.http import Http404, HttpResponse, QueryDict
from django.utils import translation
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError
from pydantic import BaseModel, Field, WithJsonSchema

from mosaic import api_schemas as schemas
from mosaic.corpus import access
from mosaic.corpus.serialize import document_json
from mosaic.lib.vocabularies import COUNTRIES
from mosaic.publications.essay import publication_notes_json
from mosaic.search import index as search_index
from mosaic.search.backends.base import SearchTooSlow
from mosaic.search.query import MAX_PAGE, PARTIAL_DATE_SCHEMA, BadParameter, InvalidSearch, SearchParameters
from mosaic.search.serialize import link_header, page_links, results_json
from mosaic.timeline.data import GRANULARITIES, InvalidTimeline, timeline_data, timeline_query_from_params

api = NinjaAPI(title="Mosaic API", version="1", urls_namespace="api", description=(
    "Search, read and cite the archive's documents.\n\n"
    "Errors: every error is JSON, `{\"detail\": \"...\", \"errors\": [{\"parameter\": \"...\", \"message\": \"...\"}]}`. "
    "A bad parameter answers 400 and lists each bad parameter in `errors` (empty for errors not about a "
    "parameter: 404 when there is nothing at the address, 503 when a search runs past its time budget "
    "or the archive is busy with an import).\n\n"
    "Pagination: a search answers `links` (`self`, `first`, `prev`, `next`, `last`, absolute URLs, "
    "`prev` and `next` null where there is no such page) and the same links in a `Link` header (RFC 8288)."))

# What ids look like, for clients (and Schemathesis); any other string is simply not found (404).
PublicId = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]{0,119}$"})]
Slug = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"})]
ERRORS = {
    400: "A bad parameter: `errors` names each one and what is wrong with it.",
    404: "Nothing here, or nothing the reader may see.",
    503: "The search ran past its time budget, or the archive is busy with an import: try again later.",
}


def _answers(ok, *errors: int, headers: dict | None = None) -> dict:
    """The route's response schemas by status, and the OpenAPI words for its errors."""
    responses = {200: {"headers": headers}} if headers else {}
    responses |= {status: {"description": ERRORS[status]} for status in errors}
    return {"response": {200: ok, **{status: schemas.Error for status in errors}}, "openapi_extra": {"responses": responses},
            "by_alias": True}


_LINK_HEADER = {"Link": {"description": "The self, first, previous, next and last pages of the same search (RFC 8288).",
                         "schema": {"type": "string"}}}


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- one error format ---------------------------------------------------------------------------


def _error(request, status: int, detail: str, problems: list[BadParameter] = ()) -> HttpResponse:
    body = {"detail": detail, "errors": [{"parameter": p.parameter, "message": p.message} for p in problems]}
    return api.create_response(request, body, status=status)


def _bad_parameters(request, problems: list[BadParameter]) -> HttpResponse:
    return _error(request, 400, "; ".join(p.message for p in problems), problems)


@api.exception_handler(ValidationError)
def _declared_type_refused(request, error: ValidationError):
    """What django-ninja refuses while reading parameters through their declarations."""
    problems = []
    for item in error.errors:
        where = [str(part) for part in item.get("loc", ()) if part not in ("query", "path")]
        name = where[0] if where else "request"
        message = item.get("msg", "is not valid")
        # Mosaic's own checks name their parameter; pydantic's general ones do not.
        problems.append(BadParameter(name, message if message.startswith(name) else f"{name}: {message}"))
    return _bad_parameters(request, problems)


@api.exception_handler(InvalidSearch)
def _invalid_search(request, error: InvalidSearch):
    return _bad_parameters(request, error.problems)


@api.exception_handler(SearchTooSlow)
def _search_too_slow(request, error: SearchTooSlow):
    # 503: the budget is wall-clock time, so the same query may pass when the server is quieter.
    return _error(request, 503, str(error))


@api.exception_handler(Http404)
def _not_found(request, error: Http404):
    return _error(request, 404, str(error) or "Not found")


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    return _error(request, error.status_code, str(error))


class Refused(Exception):
    """A parameter checked by hand in a handler."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.problems = [BadParameter(parameter, message)]


@api.exception_handler(Refused)
def _refused(request, error: Refused):
    return _bad_parameters(request, error.problems)


# --- search -------------------------------------------------------------------------------------


@api.get("/search", summary="Search documents, with facet counts",
         **_answers(schemas.SearchResults, 400, 503, headers=_LINK_HEADER))
def search(request, response: HttpResponse, params: Query[SearchParameters]):
    query = params.search_query()
    results = search_index.search(query)
    links = page_links(f"{_base(request)}/api/search", params.query_items(), query.page, min(results.pages, MAX_PAGE))
    response["Link"] = link_header(links)
    return results_json(results, base_url=_base(request), links=links)


# --- documents ----------------------------------------------------------------------------------


def _visible_document(request, public_id: str):
    found = access.visible_documents(request.user).filter(public_id=public_id).first()
    if found is None:
        raise Http404("no such document")
    return found


@api.get("/documents/{public_id}", summary="One document with its provenance, texts and citations",
         **_answers(schemas.Document, 404))
def document(request, public_id: PublicId = Path(..., description="the document's public id")):
    return document_json(_visible_document(request, public_id), request.user, _base(request))


@api.get("/documents/{public_id}/lens", exclude_unset=True, **_answers(schemas.Lens, 404),
         summary="The source lens of a document: context, language markers, echoes, events")
def document_lens(request, public_id: PublicId = Path(..., description="the document's public id")):
    from mosaic.context.source_lens import lens_json

    return lens_json(_visible_document(request, public_id), request.user)


# --- names --------------------------------------------------------------------------------------


@api.get("/names/resolve", summary="Resolve a rendering of a Korean name to people in the authority",
         **_answers(schemas.NameResolution, 400))
def resolve_name(
    request,
    q: str = Query(description="a name as a source writes it, e.g. Ким Ир Сен or Kim Ir Szen"),
    lang: str = Query("", description="the language it is written in: ru, hu, pl, cs, ro, bg, de, en, zh or ko"),
    k: int = Query(3, description="at most this many candidates, 1 to 10; a number outside is read as the nearest"),
):
    from mosaic.entities.authority import get_matcher

    if not q.strip():
        raise Refused("q", "q is required")
    return get_matcher().resolve(q, lang=lang or None, k=max(1, min(k, 10))).to_json()


# --- collections and publications ---------------------------------------------------------------


def _collection_json(collection, base: str) -> dict:
    return {"slug": collection.slug, "title": collection.title, "title_ko": collection.title_ko or None,
            "description": collection.description, "description_ko": collection.description_ko or None,
            "parent": collection.parent.slug if collection.parent else None,
            "documents": collection.public_documents, "url": f"{base}/collections/{collection.slug}/"}


@api.get("/collections", summary="Published collections (all of them: a curated list is not paged)",
         **_answers(list[schemas.Collection]))
def collections(request):
    queryset = access.public_collections().select_related("parent").with_public_counts()
    return [_collection_json(c, _base(request)) for c in queryset]


@api.get("/collections/{slug}", summary="One collection and its ordered documents",
         **_answers(schemas.CollectionWithDocuments, 404))
def collection(request, slug: Slug = Path(..., description="the slug in its page's address")):
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
        "title_ko": publication.title_ko or None,
        "series_number": publication.series_number or None,
        "date": publication.date.isoformat() if publication.date else None,
        "authors": [link.agent.name for link in publication.author_links.select_related("agent")],
        "document_ids": [link.document.public_id for link in publication.document_links.filter(document__in=public).select_related("document")],
        "url": f"{base}/publications/{publication.slug}/",
    }


@api.get("/publications", **_answers(list[schemas.Publication]),
         summary="Published working papers, readers, dossiers, essays and briefing books (all of them: not paged)")
def publications(request):
    return [_publication_json(p, _base(request)) for p in access.public_publications()]


@api.get("/publications/{slug}", **_answers(schemas.PublicationWithBody, 404),
         summary="One publication with its body, notes, cited documents and ordered document list")
def publication(request, slug: Slug = Path(..., description="the slug in its page's address")):
    found = access.public_publications().filter(slug=slug).first()
    if found is None:
        raise Http404("no such publication")
    # The same sanitised HTML and notes the publication page shows, so API clients cannot be handed a script.
    body_ko = None
    if found.body_ko.strip():
        with translation.override("ko"):  # the Korean body, with the same notes numbered alike
            body_ko = publication_notes_json(found, request.user, _base(request))["body"]
    return {**_publication_json(found, _base(request)), **publication_notes_json(found, request.user, _base(request)),
            "body_ko": body_ko}


# --- timeline -----------------------------------------------------------------------------------


class TimelineParameters(BaseModel):
    """The timeline's parameters; `timeline/data.py` checks them for the page and the API alike."""
    date_from: str = Field("", alias="from", json_schema_extra=PARTIAL_DATE_SCHEMA,
                           description="YYYY, YYYY-MM or YYYY-MM-DD; default: the earliest date matched")
    date_to: str = Field("", alias="to", json_schema_extra=PARTIAL_DATE_SCHEMA,
                         description="YYYY, YYYY-MM or YYYY-MM-DD; default: the latest date matched")
    origin_country: list[str] = Field([], json_schema_extra={"items": {"type": "string", "enum": list(COUNTRIES)}},
                                      description="documents of this origin, events one of whose actors is this country")
    category: list[str] = Field([], description="event category, e.g. military_incident")
    collection: list[str] = Field([], description="collection slug")
    person: list[str] = Field([], description="person id in the name authority (documents of their linked agents "
                                              "or confirmed name links)")
    subject: list[str] = Field([], description="subject heading key (slug); documents only")
    place: list[str] = Field([], description="place id in the name authority (e.g. pyongyang); documents only")
    granularity: str = Field("auto", json_schema_extra={"enum": list(GRANULARITIES)}, description=(
        "auto (items for a view of up to two years and 500 documents, else counts), items, month or year"))
    lang: Literal["en", "ko"] = Field("en", description=(
        "language of labels and curated texts (event titles, relations summaries); a text not yet written "
        "in Korean comes in English, its *_language field saying so"))

    def as_query(self) -> QueryDict:
        query = QueryDict(mutable=True)
        for name, value in self.model_dump(by_alias=True).items():
            for item in value if isinstance(value, list) else [value]:
                query.appendlist(name, item)
        return query


@api.get("/timeline", **_answers(schemas.Timeline, 400),
         summary="Documents and events on a time axis: items for a narrow view, counts per month or year for a wide one")
def timeline(request, params: Query[TimelineParameters]):
    try:
        with translation.override(params.lang):
            data = timeline_data(timeline_query_from_params(params.as_query(), request.user), request.user)
    except InvalidTimeline as error:
        # Its messages start with the parameter's name ("from: ...").
        name = str(error).split(":", 1)[0]
        raise Refused(name if name in params.model_dump(by_alias=True) else "request", str(error)) from None
    base = _base(request)
    for item in (*data["documents"], *data["events"]):
        item["url"] = base + item["url"]
    return data
