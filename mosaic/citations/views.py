"""Downloads of citations: one document, or every document of a search."""
from django.http import Http404, HttpResponse

from mosaic.citations.build import citable_from_document
from mosaic.citations.formats import EXPORT_FORMATS, export
from mosaic.corpus.views import visible_document_or_404
from mosaic.search.backends.base import SearchTooSlow
from mosaic.search.index import get_backend
from mosaic.search.query import InvalidSearch, search_query_from_params
from mosaic.corpus import access

FORMAT_BY_EXTENSION = {extension: fmt for fmt, (_, extension) in EXPORT_FORMATS.items()}
MAX_EXPORT = 5000  # documents in one result-set export


def _download(text: str, fmt: str, filename: str) -> HttpResponse:
    content_type, extension = EXPORT_FORMATS[fmt]
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def _format(extension: str) -> str:
    if extension not in FORMAT_BY_EXTENSION:
        raise Http404(f"no export format .{extension}")
    return FORMAT_BY_EXTENSION[extension]


def document_export(request, public_id, extension):
    fmt = _format(extension)
    document = visible_document_or_404(request, public_id)
    base = request.build_absolute_uri("/").rstrip("/")
    return _download(export([citable_from_document(document, base_url=base)], fmt), fmt, document.public_id)


def search_export(request, extension):
    fmt = _format(extension)
    try:
        ids = get_backend().all_ids(search_query_from_params(request.GET))[:MAX_EXPORT]
    except InvalidSearch as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    except SearchTooSlow as error:  # 503 as on the search page: wall-clock time, may pass later
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    # The index holds only public documents; the filter repeats the policy in case it lags.
    documents = {d.pk: d for d in access.public_documents().filter(pk__in=ids)}
    base = request.build_absolute_uri("/").rstrip("/")
    citables = [citable_from_document(documents[pk], base_url=base) for pk in ids if pk in documents]
    return _download(export(citables, fmt), fmt, "mosaic-search")
