"""The leak test with the page cache on (mosaic/common/page_cache.py): kept pages show readers
nothing the access policy withholds, before or after a change.

Every public route and API route the leak test enumerates is fetched anonymously twice (the second
time from the cache), and must show nothing restricted either time. Then records that were open
when the cache was filled are closed the ways staff close them (withdrawn through the workflow,
made staff-only, embargoed, a text layer restricted, a publication and a collection withdrawn),
and no route may still show them. These tests commit, as the server does: pages are forgotten
when a change commits."""
import datetime as dt

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import resolve

from mosaic.collections.models import Collection, CollectionMembership
from mosaic.common import page_cache
from mosaic.corpus.models import Document, TextLayer
from mosaic.curation import workflow
from mosaic.pages.tests import test_leaks
from mosaic.pages.tests.test_leaks import (  # noqa: F401 (restricted_world is a fixture)
    MARK,
    QUERIES,
    TASK_MARK,
    _api_paths,
    _body,
    _fill,
    _hidden_ids,
    _public_patterns,
    _restricted_scans,
    restricted_world,
)
from mosaic.publications.models import Publication, PublicationDocument

pytestmark = pytest.mark.django_db(transaction=True)

# In records that are open while the cache fills, and closed afterwards.
OPEN_THEN_CLOSED = "CLOSINGCANARY"
CLOSING_IDS = ["closing-withdrawn", "closing-staff", "closing-embargoed", "closing-collection", "closing-publication"]


@pytest.fixture
def page_cache_on(settings):
    settings.MOSAIC_PAGE_CACHE = True
    for alias in (page_cache.PAGES, page_cache.GENERATION):
        caches[alias].clear()
    yield
    for alias in (page_cache.PAGES, page_cache.GENERATION):
        caches[alias].clear()


@pytest.fixture
def closing_world(restricted_world, monkeypatch):
    """Open records that staff will close, each with the canary in what readers see of it."""
    public, _ = restricted_world
    for public_id in CLOSING_IDS[:3]:
        document = Document.objects.create(public_id=public_id, title=f"{OPEN_THEN_CLOSED} {public_id} plenum",
                                           status="published", origin_country="Hungary", date="1956-10",
                                           date_min=dt.date(1956, 10, 1), date_max=dt.date(1956, 10, 31))
        TextLayer.objects.create(document=document, kind="translation", language="en", text=f"{OPEN_THEN_CLOSED} plenum")
    # An open layer of the open document, restricted later.
    TextLayer.objects.create(document=public, kind="translation", language="fr", text=f"{OPEN_THEN_CLOSED} plenum LAYERCANARY")
    collection = Collection.objects.create(slug="closing-collection", title=f"{OPEN_THEN_CLOSED} collection", status="published")
    CollectionMembership.objects.create(collection=collection, document=public)
    publication = Publication.objects.create(slug="closing-publication", kind="essay", title=f"{OPEN_THEN_CLOSED} essay",
                                             status="published")
    PublicationDocument.objects.create(publication=publication, document=public)
    monkeypatch.setattr(test_leaks, "IDS", test_leaks.IDS + CLOSING_IDS)  # the crawl fills routes with these too
    return public


def crawl(reader) -> list[tuple[str, object]]:
    """Every public route and API route, with every id the fixtures know and the search queries."""
    urls = [url for route in _public_patterns() for url in _fill(route)] + _api_paths(reader)
    fetched = []
    for url in urls:
        for query in QUERIES if ("search" in url or url.endswith("/api/names/resolve")) else [""]:
            if url.endswith("/api/names/resolve") and not query.startswith("?q="):
                continue
            request = url + (query if "?" not in url else query.replace("?", "&"))
            fetched.append((request, reader.get(request)))
    return fetched


def assert_nothing_restricted(fetched, *, also: tuple[str, ...] = ()) -> None:
    hidden_ids, scans = _hidden_ids(), _restricted_scans() + _restricted_scans(TASK_MARK)
    for request, response in fetched:
        body = _body(response)
        for mark in (MARK, TASK_MARK, *also):
            assert mark not in body, f"{request} shows {mark} ({'kept' if response.get('X-Page-Cache') else 'made'})"
        if not any(hidden in request for hidden in hidden_ids):  # not merely echoing the request
            assert not any(hidden in body for hidden in hidden_ids), f"{request} shows a restricted record's id"
        if any(sha256 in request for sha256 in scans):
            assert response.status_code == 404, f"{request} tells a restricted scan is held"


def kept_count(fetched) -> int:
    return sum(response.get("X-Page-Cache") == "hit" for _, response in fetched)


def test_kept_pages_show_nothing_restricted_and_closing_records_leave_them(client, page_cache_on, closing_world,
                                                                             staff_member, django_user_model):
    public = closing_world
    filled = crawl(client)
    assert_nothing_restricted(filled)
    served_again = crawl(client)
    assert_nothing_restricted(served_again)
    # The second crawl was served from the cache, wherever the cache may keep a page.
    keepable = [request for request, response in filled
                if response.status_code == 200 and resolve(request.split("?")[0]).route in page_cache.CACHEABLE_ROUTES]
    assert len(keepable) > 40 and kept_count(served_again) == len(keepable)
    # The canary is there to be kept: routes show the records about to close.
    showing = {request for request, response in served_again if OPEN_THEN_CLOSED in _body(response)}
    assert {"/documents/closing-staff/", "/publications/closing-publication/", "/collections/closing-collection/",
            "/api/documents/open-doc", "/search?q=plenum"} <= showing

    coordinator = staff_member("Coordinator")

    def withdraw(model, **lookup):
        return lambda: workflow.move(model.objects.get(**lookup), "withdrawn", coordinator)

    def restrict(document_id, **fields):
        def change():
            document = Document.objects.get(public_id=document_id)
            for name, value in fields.items():
                setattr(document, name, value)
            document.save()
        return change

    def restrict_layer():
        layer = public.text_layers.get(language="fr")
        layer.access = "staff"
        layer.save()

    # One change at a time, each followed by every page that showed the canary: each way of
    # closing a record must forget the pages by itself.
    changes = [
        ("closing-withdrawn", withdraw(Document, public_id="closing-withdrawn")),
        (f"{OPEN_THEN_CLOSED} essay", withdraw(Publication, slug="closing-publication")),
        (f"{OPEN_THEN_CLOSED} collection", withdraw(Collection, slug="closing-collection")),
        ("closing-staff", restrict("closing-staff", access="staff")),
        ("closing-embargoed", restrict("closing-embargoed", access="embargoed", embargo_until=dt.date(2999, 1, 1))),
        ("LAYERCANARY", restrict_layer),
    ]
    for gone, change in changes:
        assert any(gone in _body(client.get(request)) for request in showing), f"{gone} was not shown to begin with"
        change()
        for request in showing:
            assert gone not in _body(client.get(request)), f"{request} still shows {gone} after it was closed"

    after = crawl(client)
    assert_nothing_restricted(after, also=(OPEN_THEN_CLOSED,))
    assert not any(hidden in _body(response) for _, response in after for hidden in CLOSING_IDS[:3])
    assert_nothing_restricted(crawl(client), also=(OPEN_THEN_CLOSED,))  # and kept that way

    # A signed-in reader is never served a kept page, and their pages are never kept.
    researcher = Client()
    researcher.force_login(django_user_model.objects.create_user("researcher", password="a-long-passphrase"))
    signed_in = crawl(researcher)
    assert kept_count(signed_in) == 0
    assert_nothing_restricted(signed_in, also=(OPEN_THEN_CLOSED,))
