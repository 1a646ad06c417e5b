"""Other sites may read IIIF and the public API as the public sees them (mosaic/iiif/cors.py):
never a signed-in reader's answers, never with credentials, never anything that writes."""
import pytest
from django.core.cache import caches
from django.test import Client

from mosaic.common import page_cache
from mosaic.corpus.models import Document, TextLayer

MANIFEST = "/iiif/documents/ru-1956-plenum/manifest.json"
ORIGIN = {"HTTP_ORIGIN": "https://viewer.example.org"}


def allowed(response) -> str | None:
    assert "Access-Control-Allow-Credentials" not in response
    return response.get("Access-Control-Allow-Origin")


@pytest.mark.django_db
def test_reads_of_iiif_and_the_api_are_shared_only_as_the_public_sees_them(client, scanned, django_user_model):
    _, scan, _ = scanned
    info = f"/iiif/image/{scan.stored_file.sha256}/1/info.json"
    for url in (MANIFEST, info, "/iiif/documents/ru-1956-plenum/search?q=Пленум", "/api/documents/ru-1956-plenum",
                "/api/search?q=plenum", "/annotations/documents/ru-1956-plenum/"):
        assert allowed(client.get(url, **ORIGIN)) == "*", url
        assert allowed(client.head(url, **ORIGIN)) == "*", url
    # A script elsewhere may follow the API's pages and an annotation container's version.
    assert set(client.get("/api/search?q=plenum", **ORIGIN)["Access-Control-Expose-Headers"].split(", ")) >= {"Link", "ETag"}
    assert allowed(client.post("/annotations/documents/ru-1956-plenum/", **ORIGIN)) is None
    assert allowed(client.get("/documents/ru-1956-plenum/", **ORIGIN)) is None  # pages are not an API
    assert allowed(client.post("/api/documents/ru-1956-plenum", **ORIGIN)) is None
    # A signed-in reader's API answers may hold what only they may see: not for other sites.
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-passphrase"))
    assert allowed(client.get("/api/documents/ru-1956-plenum", **ORIGIN)) is None
    # What is the same for everyone (the view says so: Cache-Control public) is shared still.
    assert allowed(client.get(info, **ORIGIN)) == "*"


@pytest.mark.django_db
def test_preflight_requests_are_allowed_for_reads_only(client, scanned):
    # A viewer asking for JSON-LD with its profile sends a header value browsers preflight.
    preflight = client.options(MANIFEST, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                               HTTP_ACCESS_CONTROL_REQUEST_HEADERS="Accept", **ORIGIN)
    assert preflight.status_code == 204 and allowed(preflight) == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Headers"] == "accept"
    for method, headers in (("POST", ""), ("DELETE", ""), ("GET", "Authorization"), ("GET", "X-CSRFToken")):
        refused = client.options("/api/documents/ru-1956-plenum", HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
                                 HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers, **ORIGIN)
        assert allowed(refused) is None and "Access-Control-Allow-Methods" not in refused, (method, headers)


@pytest.fixture
def page_cache_on(settings):
    settings.MOSAIC_PAGE_CACHE = True
    for alias in (page_cache.PAGES, page_cache.GENERATION):
        caches[alias].clear()
    yield
    for alias in (page_cache.PAGES, page_cache.GENERATION):
        caches[alias].clear()


@pytest.mark.django_db(transaction=True)
def test_a_kept_answer_is_shared_and_a_signed_in_readers_never_is(page_cache_on, django_user_model):
    document = Document.objects.create(public_id="kept-doc", title="Open report", status="published")
    TextLayer.objects.create(document=document, kind="original", language="ru", access="staff", text="Staff-only original")
    anonymous = Client()
    first = anonymous.get("/api/documents/kept-doc", **ORIGIN)
    again = anonymous.get("/api/documents/kept-doc", **ORIGIN)
    assert again.get("X-Page-Cache") == "hit" and allowed(first) == allowed(again) == "*"
    assert "Staff-only original" not in again.content.decode()
    curator = Client()
    curator.force_login(django_user_model.objects.create_user("curator", password="a-long-passphrase", is_superuser=True))
    answer = curator.get("/api/documents/kept-doc", **ORIGIN)
    assert "Staff-only original" in answer.content.decode()
    assert answer.get("X-Page-Cache") != "hit" and allowed(answer) is None
