"""What keeps the page cache cheap under load (mosaic/common/page_cache.py): a page many readers
ask for at once is made once, the cache's files are not listed before every store, and a part
many pages share (a group's marker baseline) is kept until the next committed write, never
across one, and never inside a transaction that may not commit.

These tests commit (transaction=True), as the server does."""
import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from mosaic.common import page_cache
from mosaic.corpus.models import Document
from mosaic.lens.markers import markers_for_document
from mosaic.lens.models import LayerMarkerStats
from mosaic.lens.refresh import refresh_layer
from mosaic.lens.tests.test_lens import MEMO, add_layer, make_document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_cache_on(settings):
    settings.MOSAIC_PAGE_CACHE = True
    for alias in (page_cache.PAGES, page_cache.GENERATION, page_cache.FRAGMENTS):
        caches[alias].clear()
    yield
    for alias in (page_cache.PAGES, page_cache.GENERATION, page_cache.FRAGMENTS):
        caches[alias].clear()


def anonymous_get(path: str):
    request = RequestFactory().get(path)
    request.user, request.session = AnonymousUser(), SessionStore()
    return request


def test_a_page_asked_for_by_many_readers_at_once_is_made_once(page_cache_on):
    made = []

    def slow_home_page(request):
        made.append(request)
        time.sleep(0.3)  # long enough for every reader to ask while it is being made
        return HttpResponse(f"<p>home {len(made)}</p>", content_type="text/html")

    middleware = page_cache.PageCacheMiddleware(slow_home_page)
    page_cache.current_generation()  # made before, not raced for by the readers
    pages = []
    readers = [threading.Thread(target=lambda: pages.append(middleware(anonymous_get("/")))) for _ in range(6)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    assert len(made) == 1
    assert [page.content for page in pages] == [b"<p>home 1</p>"] * 6
    assert sum(page.get("X-Page-Cache") == "hit" for page in pages) == 5
    assert middleware._making == {}
    # Another page is not held behind it.
    assert middleware(anonymous_get("/search?q=plenum")).content == b"<p>home 2</p>"


def test_a_page_that_cannot_be_kept_is_made_for_each_reader_who_waited(page_cache_on):
    made = []

    def page_with_a_cookie(request):
        made.append(request)
        time.sleep(0.2)
        response = HttpResponse("<p>yours</p>", content_type="text/html")
        response.set_cookie("preference", "x")  # an answer that sets a cookie is never kept
        return response

    middleware = page_cache.PageCacheMiddleware(page_with_a_cookie)
    page_cache.current_generation()
    readers = [threading.Thread(target=middleware, args=(anonymous_get("/"),)) for _ in range(3)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    assert len(made) == 3


def test_the_file_cache_lists_its_files_to_cull_only_every_few_seconds(tmp_path):
    cache = page_cache.FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2}})
    for n in range(12):
        cache.set(f"page-{n}", b"x" * 100, 60)
    files = len(list(tmp_path.glob("*.djcache")))
    assert files > 5  # one cull at the first store, none since
    cache._culled[str(tmp_path)] -= page_cache.FileCache.CULL_SECONDS
    cache.set("one-more", b"x", 60)
    assert len(list(tmp_path.glob("*.djcache"))) <= files + 1 - files // 2


def stats_queries(action) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return sum("lens_layermarkerstats" in query["sql"] for query in captured.captured_queries), result


def test_a_marker_baseline_is_kept_until_a_write_and_never_shows_a_closed_document():
    document = make_document()
    refresh_layer(add_layer(document, MEMO))
    others = []
    for n in range(6):
        other = make_document(f"su-1962-{n}", year=1962)
        layer = add_layer(other, " ".join(["word"] * 1000))
        refresh_layer(layer)
        LayerMarkerStats.objects.filter(layer=layer).update(counts={"prescriptive": n + 1}, word_count=1000)
        others.append(other)

    def baseline():
        return markers_for_document(document, None)["layers"][0]["comparable_group"]["n"]

    assert stats_queries(baseline) == (2, 6)  # the document's own markers, and its group's
    assert stats_queries(baseline) == (1, 6)  # the group's kept
    Document.objects.filter(pk=others[0].pk).update(access="staff")  # committed at once
    assert stats_queries(baseline) == (2, 5)
    # Inside a transaction the group is counted afresh, and what it counted is not kept: the
    # transaction's writes replace the generation only if it commits.
    with pytest.raises(RuntimeError), transaction.atomic():
        Document.objects.filter(pk=others[0].pk).update(access="public")
        assert stats_queries(baseline) == (2, 6)
        raise RuntimeError("rolled back")
    assert stats_queries(baseline) == (1, 5)
