"""IIIF routes: level 0 page images with their info.json, document manifests and their
content search.

A reader who may not see a file gets 404 for every one of its routes, as for a file that does
not exist, so a restricted scan does not even reveal that it is held. Requests are checked for
access before they are checked for form, for the same reason.
"""
from __future__ import annotations

import json
import logging

from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotModified
from django.utils.cache import patch_cache_control

from mosaic.corpus import access
from mosaic.corpus.views import visible_document_or_404
from mosaic.iiif import content_search, derivatives
from mosaic.iiif.manifest import IMAGE_CONTEXT, PRESENTATION_CONTEXT, build_manifest, image_service_id
from mosaic.lib.search_query import QueryTooLarge
from mosaic.preservation.models import StoredFile

logger = logging.getLogger(__name__)

# Shared caches may keep public images an hour: the bytes never change under their SHA-256, but
# an archive may withdraw its permission to show them, and that must take effect soon.
PUBLIC_MAX_AGE = 3600
MANIFEST_MAX_AGE = 300
UNAVAILABLE = "This page image cannot be shown: its stored file is missing or damaged."


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _visible_page_or_404(request, sha256: str, page: int):
    stored_file = StoredFile.objects.filter(sha256=sha256).first()
    if stored_file is None or not access.stored_file_visible(stored_file, request.user):
        raise Http404("No such page image.")
    size = derivatives.page_size(stored_file, page)
    if size is None:
        raise Http404("No such page image.")
    return stored_file, size


def _open_to_anyone(stored_file) -> bool:
    return access.stored_file_visible(stored_file, AnonymousUser())


def _share(response, public: bool, max_age: int):
    """Public content may be cached by anyone (and so read from any origin: cors.py); anything
    else is for this reader's browser alone, and is never offered to other sites' scripts."""
    if public:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        patch_cache_control(response, private=True, max_age=max_age)
    return response


def _json_ld(request, body: str, context: str) -> HttpResponse:
    """IIIF asks for JSON-LD with its profile when the client asks for it, else plain JSON."""
    if "application/ld+json" in request.headers.get("Accept", ""):
        content_type = f'application/ld+json;profile="{context}"'
    else:
        content_type = "application/json"
    return HttpResponse(body, content_type=content_type)


def image_info(request, sha256: str, page: int):
    try:
        stored_file, size = _visible_page_or_404(request, sha256, page)
    except derivatives.PageImageUnavailable as problem:
        logger.error("%s", problem)
        return HttpResponse(UNAVAILABLE, status=500, content_type="text/plain; charset=utf-8")
    served = sorted(size.served.values(), key=lambda s: s.width)
    info = {
        "@context": IMAGE_CONTEXT,
        "id": image_service_id(_base_url(request), sha256, page),
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": size.width,
        "height": size.height,
        "sizes": [{"width": s.width, "height": s.height} for s in served],
    }
    return _share(_json_ld(request, json.dumps(info), IMAGE_CONTEXT), _open_to_anyone(stored_file), PUBLIC_MAX_AGE)


def _size_name(requested: str, size: derivatives.PageSize) -> str | None:
    """Which derivative a size parameter asks for, in any form the spec gives a listed size."""
    forms = {}
    for name, served in size.served.items():
        forms[f"{served.width},{served.height}"] = forms[f"{served.width},"] = name
    forms["max"] = "max"
    return forms.get(requested)


def image(request, sha256: str, page: int, region: str, size: str, rotation: str, quality: str, format: str):
    try:
        stored_file, page_size = _visible_page_or_404(request, sha256, page)
    except derivatives.PageImageUnavailable as problem:
        logger.error("%s", problem)
        return HttpResponse(UNAVAILABLE, status=500, content_type="text/plain; charset=utf-8")
    listed = ", ".join(["max"] + [f"{s.width},{s.height}" for s in page_size.served.values()])
    if region != "full":
        return _refuse(f"This is a IIIF level 0 image service: only the full region is served, not “{region}”.")
    name = _size_name(size, page_size)
    if name is None:
        return _refuse(f"This is a IIIF level 0 image service: only the sizes listed in info.json are served ({listed}), not “{size}”.")
    if rotation != "0":
        return _refuse(f"This is a IIIF level 0 image service: only rotation 0 is served, not “{rotation}”.")
    if (quality, format) != ("default", "jpg"):
        return _refuse(f"This is a IIIF level 0 image service: only default.jpg is served, not “{quality}.{format}”.")

    public = _open_to_anyone(stored_file)
    etag = f'"{sha256[:16]}-{page}-{name}-{derivatives.RENDERING["version"]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            path = derivatives.derivative(stored_file, page, name)
        except derivatives.PageImageUnavailable as problem:
            logger.error("%s", problem)
            return HttpResponse(UNAVAILABLE, status=500, content_type="text/plain; charset=utf-8")
        response = FileResponse(open(path, "rb"), content_type="image/jpeg")
    response["ETag"] = etag
    return _share(response, public, PUBLIC_MAX_AGE)


def _refuse(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def manifest(request, public_id: str):
    document = visible_document_or_404(request, public_id)
    built = build_manifest(document, request.user, _base_url(request))
    return _share(_json_ld(request, built.json(), PRESENTATION_CONTEXT), built.public, MANIFEST_MAX_AGE)


def search(request, public_id: str):
    """IIIF Content Search 2.0 within one document's machine-read text (content_search.py)."""
    document = visible_document_or_404(request, public_id)
    try:
        asked = content_search.SearchRequest.from_params(request.GET)
        terms = content_search.parse(asked.text)
        base_url = _base_url(request)
        pages, pages_public = content_search.searchable_pages(document, request.user, base_url)
        hits = content_search.find_hits(pages, terms)
        answer = content_search.annotation_page(hits, asked, base_url, document.public_id)
    except (content_search.BadSearch, QueryTooLarge) as problem:
        return _refuse(f"{problem}.")
    public = pages_public and access.public_documents().filter(pk=document.pk).exists()
    body = json.dumps(answer, ensure_ascii=False)
    return _share(_json_ld(request, body, content_search.SEARCH_CONTEXT), public, MANIFEST_MAX_AGE)
