"""The W3C Web Annotation Protocol over each document's annotations, and the two small routes
around it (docs/annotations.md):

- `/annotations/documents/<id>/`: the document's container (an LDP basic container and an
  AnnotationCollection), GET its pages, POST a new annotation;
- `/annotations/<uuid>`: one annotation, GET, PUT (replace) and DELETE;
- `/annotations/<uuid>/state`: POST a move (submit, withdraw, publish, decline), from the document
  page's buttons (a form) or a client (JSON);
- `/annotations/documents/<id>/texts/<kind>-<language>`: the plain text a passage's positions
  count in, the source of every text annotation.

A reader sees only what `access.visible_annotations` gives them: anything else answers 404, as
for an annotation that does not exist. Writing needs a signed-in account (401 otherwise) and,
since the account is a browser session, the CSRF token in the X-CSRFToken header (403 without).
Every refusal is one line of JSON, `{"detail": "..."}`, as the API's are.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from mosaic.annotations import reading, writing
from mosaic.annotations.models import Annotation
from mosaic.annotations.web_annotation import (
    ANNO_CONTEXT,
    BadAnnotation,
    annotation_json,
    container_json,
    page_json,
    read_annotation,
)
from mosaic.common.numbers import parse_number
from mosaic.common.throttle import throttled
from mosaic.corpus import access

ANNOTATION_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'
CONTAINER_ALLOW = "GET, HEAD, OPTIONS, POST"
ANNOTATION_ALLOW = "GET, HEAD, OPTIONS, PUT, DELETE"
CONTAINER_LINKS = ('<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", '
                   '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"')
ANNOTATION_LINKS = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
PREFER_MINIMAL = "http://www.w3.org/ns/ldp#PreferMinimalContainer"
PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs"
PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
PAGE_SIZE = 100
MAX_REQUEST_BYTES = 64 * 1024
# A reader's annotations per hour, and per document per day: enough for close reading, not for a script.
PER_HOUR, PER_DOCUMENT_PER_DAY = 120, 300
READABLE_TYPES = ("application/ld+json", "application/json")


class _Refusal(writing.Refused):
    """A refusal of the protocol's own (a request it cannot read, a missing account), with the
    headers that go with it: `WWW_Authenticate="…"` is sent as WWW-Authenticate."""

    def __init__(self, status: int, detail: str, **headers):
        super().__init__(detail, status)
        self.headers = {name.replace("_", "-"): value for name, value in headers.items()}


def _refused(refusal: writing.Refused) -> HttpResponse:
    response = HttpResponse(json.dumps({"detail": str(refusal)}, ensure_ascii=False), status=refusal.status,
                            content_type="application/json")
    for name, value in getattr(refusal, "headers", {}).items():
        response[name] = value
    return response


def _answering(view):
    """Refusals raised anywhere in the view become their one-line JSON answers."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except writing.Refused as refusal:
            return _refused(refusal)
        except BadAnnotation as problem:
            return _refused(_Refusal(400, f"Not a Web Annotation Mosaic can keep: {problem}."))
    # The CSRF check is made by `_writer` after the sign-in check, so an anonymous client hears 401.
    return csrf_exempt(wrapped)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _json_ld(request, data: dict, *, status: int = 200, allow: str, links: str, vary: str = "Accept, Cookie") -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    etag = _etag(body)
    if request.method in ("GET", "HEAD") and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status, content_type=ANNOTATION_TYPE)
    response["ETag"], response["Allow"], response["Link"], response["Vary"] = etag, allow, links, vary
    # Revalidated every time (the ETag makes that cheap): an annotation may be withdrawn at any
    # moment, and a signed-in reader's answer holds their private notes.
    response["Cache-Control"] = "private, no-cache" if request.user.is_authenticated else "no-cache"
    return response


def _options(allow: str, links: str, *, accept_post: bool = False) -> HttpResponse:
    response = HttpResponse(status=200)
    response["Allow"], response["Link"] = allow, links
    if accept_post:
        response["Accept-Post"] = ANNOTATION_TYPE
    return response


def _visible_document(request, public_id: str):
    document = access.visible_documents(request.user).filter(public_id=public_id).first()
    if document is None:
        raise _Refusal(404, "No such document here.")
    return document


def _visible_annotation(request, annotation_id) -> reading.Seen:
    annotation = Annotation.objects.select_related("document").filter(annotation_id=annotation_id).first()
    if annotation is not None and access.visible_documents(request.user).filter(pk=annotation.document_id).exists():
        for seen in reading.seen_annotations(annotation.document, request.user):
            if seen.annotation.pk == annotation.pk:
                return seen
    raise _Refusal(404, "No such annotation here.")


def _writer(request):
    """The signed-in user making a change, their CSRF token checked."""
    if not request.user.is_authenticated:
        login = reverse("accounts:login")
        raise _Refusal(401, f"Sign in to annotate ({login}).",
                       WWW_Authenticate=f'Cookie realm="Mosaic", form-action="{login}"')
    refusal = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if refusal is not None:
        raise _Refusal(403, "The CSRF token is missing or wrong: send the csrftoken cookie's value in the X-CSRFToken header.")
    return request.user


def _proposal(request):
    content_type = request.content_type or ""
    if content_type not in READABLE_TYPES:
        raise _Refusal(415, f"Send the annotation as {ANNOTATION_TYPE}, not {content_type or 'nothing'}.",
                       Accept_Post=ANNOTATION_TYPE)
    if len(request.body) > MAX_REQUEST_BYTES:
        raise _Refusal(413, f"The annotation is {len(request.body)} bytes long; at most {MAX_REQUEST_BYTES} are read.")
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise _Refusal(400, f"The body is not JSON: {str(problem)[:120]}.") from problem
    return read_annotation(data)


def _check_if_match(request, current: HttpResponse | None) -> None:
    wanted = request.headers.get("If-Match")
    if wanted and wanted.strip() != "*" and (current is None or current["ETag"] not in wanted):
        raise _Refusal(412, "The annotation has changed since you read it (If-Match): read it again, then change it.")


# --- the container -----------------------------------------------------------------------------

def _preferences(request) -> set[str]:
    """The representations asked for in `Prefer: return=representation; include="..."`."""
    prefer = request.headers.get("Prefer", "")
    if "return=representation" not in prefer.replace(" ", ""):
        return set()
    match = re.search(r'include\s*=\s*"([^"]*)"', prefer)
    return set(match.group(1).split()) if match else set()


@_answering
def container(request, public_id: str):
    if request.method == "OPTIONS":
        return _options(CONTAINER_ALLOW, CONTAINER_LINKS, accept_post=True)
    if request.method == "POST":
        return _create(request, public_id)
    if request.method not in ("GET", "HEAD"):
        raise _Refusal(405, f"{request.method} is not done here; this container allows {CONTAINER_ALLOW}.",
                       Allow=CONTAINER_ALLOW)
    document = _visible_document(request, public_id)
    base_url = _base_url(request)
    seen = reading.seen_annotations(document, request.user)
    container_id = reading.container_iri(base_url, public_id)
    preferences = _preferences(request)
    iris = request.GET.get("iris") == "1" or (PREFER_IRIS in preferences and PREFER_DESCRIPTIONS not in preferences)
    listed_id = f"{container_id}?iris=1" if iris else container_id
    pages = max(1, -(-len(seen) // PAGE_SIZE))

    def page_id(number: int) -> str:
        return f"{listed_id}{'&' if iris else '?'}page={number}"

    def page(number: int, *, with_context: bool) -> dict:
        chosen = seen[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
        items = [reading.annotation_iri(base_url, s.annotation) if iris
                 else annotation_json(reading.facts(s, base_url), with_context=False) for s in chosen]
        about = {"id": container_id, "type": "AnnotationCollection", "total": len(seen)}
        return page_json(page_id(number), about, items, number * PAGE_SIZE, with_context=with_context,
                         next_id=page_id(number + 1) if number + 1 < pages else None,
                         prev_id=page_id(number - 1) if number > 0 else None)

    headers = {"allow": CONTAINER_ALLOW, "links": CONTAINER_LINKS, "vary": "Accept, Prefer, Cookie"}
    if "page" in request.GET:
        number = parse_number(request.GET["page"])
        if number is None or number >= pages:
            raise _Refusal(404, f"No page “{request.GET['page'][:20]}” of this container: its pages are 0 to {pages - 1}.")
        return _json_ld(request, page(number, with_context=True), **headers)
    modified = max((s.annotation.modified for s in seen), default=None)
    minimal = PREFER_MINIMAL in preferences
    first = None
    if seen:
        first = page_id(0) if minimal else page(0, with_context=False)
    data = container_json(listed_id, f"Annotations on {document.title}", len(seen), modified,
                          first=first, last_id=page_id(pages - 1) if seen else None)
    response = _json_ld(request, data, **headers)
    response["Accept-Post"] = ANNOTATION_TYPE
    if preferences:
        response["Preference-Applied"] = "return=representation"
    if iris:
        response["Content-Location"] = listed_id
    return response


def _create(request, public_id: str) -> HttpResponse:
    user = _writer(request)
    document = _visible_document(request, public_id)
    proposal = _proposal(request)
    if not writing.moderates(user):
        limit = throttled(Annotation.objects.filter(creator=user), document, per_hour=PER_HOUR,
                          per_document_per_day=PER_DOCUMENT_PER_DAY, noun="annotation")
        if limit:
            raise _Refusal(429, f"Not saved: {limit.reason}; try again later.", Retry_After=str(limit.seconds_left()))
    annotation = writing.create(document, user, proposal, _base_url(request))
    seen = _visible_annotation(request, annotation.annotation_id)
    response = _json_ld(request, annotation_json(reading.facts(seen, _base_url(request))), status=201,
                        allow=ANNOTATION_ALLOW, links=ANNOTATION_LINKS)
    response["Location"] = reading.annotation_iri(_base_url(request), annotation)
    return response


# --- one annotation ----------------------------------------------------------------------------

def _annotation_answer(request, seen: reading.Seen, status: int = 200) -> HttpResponse:
    return _json_ld(request, annotation_json(reading.facts(seen, _base_url(request))), status=status,
                    allow=ANNOTATION_ALLOW, links=ANNOTATION_LINKS)


@_answering
def annotation(request, annotation_id):
    if request.method == "OPTIONS":
        return _options(ANNOTATION_ALLOW, ANNOTATION_LINKS)
    if request.method not in ("GET", "HEAD", "PUT", "DELETE"):
        raise _Refusal(405, f"{request.method} is not done here; an annotation allows {ANNOTATION_ALLOW}.",
                       Allow=ANNOTATION_ALLOW)
    if request.method in ("GET", "HEAD"):
        return _annotation_answer(request, _visible_annotation(request, annotation_id))
    user = _writer(request)
    seen = _visible_annotation(request, annotation_id)
    if not writing.may_change(seen.annotation, user):
        raise _Refusal(403, "Only its author or a curator may change or delete this annotation.")
    _check_if_match(request, _annotation_answer(request, seen))
    if request.method == "DELETE":
        writing.delete(seen.annotation, user)
        return HttpResponse(status=204)
    proposal = _proposal(request)
    given_id = json.loads(request.body).get("id")
    if given_id not in (None, reading.annotation_iri(_base_url(request), seen.annotation)):
        raise _Refusal(400, "The annotation's id is not the address it is sent to.")
    writing.replace(seen.annotation, user, proposal, _base_url(request))
    return _annotation_answer(request, _visible_annotation(request, annotation_id))


@_answering
def state(request, annotation_id):
    """A move between private, submitted, published and not published. From the document page's
    forms it answers by going back to the page; from a client sending JSON, with the annotation."""
    if request.method != "POST":
        raise _Refusal(405, "Only POST is done here: {\"state\": \"submitted\"} and the like.", Allow="POST")
    user = _writer(request)
    seen = _visible_annotation(request, annotation_id)
    wants_json = (request.content_type or "") in READABLE_TYPES
    if wants_json:
        try:
            wanted = json.loads(request.body.decode("utf-8")).get("state")
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError) as problem:
            raise _Refusal(400, 'Send {"state": "..."} as JSON.') from problem
    else:
        wanted = request.POST.get("state")
    if not isinstance(wanted, str):
        raise _Refusal(400, f"Say which state to move the annotation to: {', '.join(Annotation.STATES)}.")
    annotation = writing.move(seen.annotation, user, wanted)
    if wants_json:
        return _annotation_answer(request, _visible_annotation(request, annotation_id))
    messages.success(request, f"The annotation is now {Annotation.STATES[annotation.state].lower()}.")
    page = reverse("pages:document", args=[annotation.document.public_id])
    return HttpResponseRedirect(f"{page}#annotation-{annotation.annotation_id}")


# --- the texts annotations point into ----------------------------------------------------------

def text(request, public_id: str, layer: str):
    """The text layer as plain text: what the positions of a TextPositionSelector count in (code points)."""
    document = access.visible_documents(request.user).filter(public_id=public_id).first()
    if document is not None:
        for shown in access.visible_layers(document, request.user):
            if reading.text_name(shown.kind, shown.language) == layer:
                response = HttpResponse(shown.text, content_type="text/plain; charset=utf-8")
                response["Content-Language"] = shown.language
                return response
    return HttpResponseNotFound("No such text here.", content_type="text/plain; charset=utf-8")
