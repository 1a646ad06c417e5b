"""Cross-origin reading of IIIF and the public API: viewers and programs on other sites may read
what anyone may read here, and nothing else.

`Access-Control-Allow-Origin: *` is sent on GET and HEAD answers under /iiif/, /api/ and
/annotations/ (the Web Annotation Protocol's containers) that are
the same for everyone: those a view marked `Cache-Control: public` (the IIIF views do, for what
is open to anyone), or, when the view said nothing private, those made for a reader who is not
signed in. A signed-in reader's answer may hold what only they may see, so it is never offered to
other sites' scripts; and credentials are never allowed, so another site's script can only ever
read what the public gets. Preflight requests (a viewer asking for JSON-LD with a profile sends
one) are answered here for GET and HEAD only; nothing that writes is ever shared.

django-cors-headers was weighed: it decides by the request's path and origin alone, so keeping
signed-in readers' answers out would take its signal and a second rule beside this one; this
middleware is the whole rule in one place.
"""
from __future__ import annotations

from django.http import HttpResponse

# The Web Annotation Protocol's containers are read by viewers elsewhere as the manifests are.
SHARED_PATHS = ("/iiif/", "/api/", "/annotations/")
# Response headers other sites' scripts may read beyond the safelisted ones: the API's pages
# (RFC 8288 links) and the annotation containers' versions and links.
EXPOSED_HEADERS = ("Link", "ETag", "Allow")
READS = ("GET", "HEAD")
# Request headers a reading client may send beyond the CORS-safelisted ones.
ALLOWED_HEADERS = ("accept", "accept-language", "content-language", "if-none-match", "if-modified-since", "range")
PREFLIGHT_MAX_AGE = 86400


def _cache_directives(response) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def shared_across_origins(request, response) -> bool:
    """Whether any site's script may read this answer."""
    if request.method not in READS or not request.path.startswith(SHARED_PATHS):
        return False
    directives = _cache_directives(response)
    if "private" in directives or "no-store" in directives:
        return False
    if "public" in directives:
        return True
    return not request.user.is_authenticated


class CrossOriginReadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "OPTIONS" and request.path.startswith(SHARED_PATHS) \
                and "Access-Control-Request-Method" in request.headers:
            return self._preflight(request)
        response = self.get_response(request)
        if shared_across_origins(request, response):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
        return response

    def _preflight(self, request) -> HttpResponse:
        response = HttpResponse(status=204)
        asked_headers = [h.strip().lower() for h in request.headers.get("Access-Control-Request-Headers", "").split(",")
                         if h.strip()]
        # Anything but a read, or a header a read does not need, gets no permission: the
        # browser then does not send the request at all.
        if request.headers["Access-Control-Request-Method"] in READS and all(h in ALLOWED_HEADERS for h in asked_headers):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = ", ".join((*READS, "OPTIONS"))
            if asked_headers:
                response["Access-Control-Allow-Headers"] = ", ".join(asked_headers)
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        return response
