"""The page cache (mosaic/common/page_cache.py): anonymous readers' pages are kept and served
again, every committed change forgets them, and nobody signed in ever gets or fills one.

These tests commit (transaction=True), as the server does: pages are forgotten after a commit."""
import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client

from mosaic.common import page_cache
from mosaic.corpus.models import Document, TextLayer
from mosaic.lens.models import MarkerFlag
from mosaic.lens.tests.test_lens import MEMO, add_layer, dispute, make_document
from mosaic.search.index import get_backend

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def page_cache_on(settings):
    settings.MOSAIC_PAGE_CACHE = True
    for alias in (page_cache.PAGES, page_cache.GENERATION):
        caches[alias].clear()
    get_backend().clear()
    yield
    for alias in (page_cache.PAGES, page_cache.GENERATION):
        caches[alias].clear()


def kept(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def without_tokens(response) -> str:
    return TOKEN.sub("TOKEN", response.content.decode())


@pytest.fixture
def report():
    document = Document.objects.create(public_id="kept-doc", title="First title", status="published",
                                       date="1956-08", date_min=dt.date(1956, 8, 1), date_max=dt.date(1956, 8, 31))
    TextLayer.objects.create(document=document, kind="translation", language="en", text="The plenum met in August.")
    return document


def test_an_anonymous_page_is_kept_and_served_again(client, page_cache_on, report):
    for url in ("/", "/documents/kept-doc/", "/search?q=plenum", "/api/documents/kept-doc", "/api/search?q=plenum"):
        first = client.get(url)
        assert first.status_code == 200 and not kept(first)
        again = client.get(url)
        assert kept(again), f"{url} was not kept"
        # The same page, but for the token of its forms (masked afresh for every page, as Django does).
        assert without_tokens(again) == without_tokens(first) and again["Content-Type"] == first["Content-Type"]
    head = client.head("/documents/kept-doc/")
    assert kept(head) and head.status_code == 200


def test_every_committed_change_forgets_the_kept_pages(client, page_cache_on, report):
    def title_shown():
        client.get("/documents/kept-doc/")  # keeps it, if it was not kept already
        page = client.get("/documents/kept-doc/")
        assert kept(page)
        return re.search(r"<h1[^>]*>(.*?)</h1>", page.content.decode(), re.S).group(1).strip()

    assert title_shown() == "First title"
    report.title = "Second title"
    report.save()  # a staff edit: the signals tell the change service
    assert title_shown() == "Second title"
    # A write round the service and the signals (a bulk update) forgets them too.
    Document.objects.filter(pk=report.pk).update(title="Third title")
    assert title_shown() == "Third title"
    # Writes that change nothing a reader sees (a session) keep them.
    generation = page_cache.current_generation()
    Session.objects.create(session_key="k" * 32, session_data="", expire_date=dt.datetime(2999, 1, 1, tzinfo=dt.UTC))
    Session.objects.all().delete()
    assert page_cache.current_generation() == generation


def test_a_rolled_back_change_forgets_nothing_and_a_commit_forgets_once_it_is_done(page_cache_on, report):
    from django.db import transaction

    generation = page_cache.current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Document.objects.filter(pk=report.pk).update(title="Never committed")
        raise RuntimeError
    assert page_cache.current_generation() == generation
    with transaction.atomic():
        Document.objects.filter(pk=report.pk).update(title="Committed")
        assert page_cache.current_generation() == generation  # not before the commit
    assert page_cache.current_generation() != generation


def test_a_signed_in_reader_never_gets_nor_fills_a_kept_page(client, page_cache_on, report, django_user_model):
    reader = Client()
    reader.force_login(django_user_model.objects.create_user("researcher", password="a-long-passphrase"))
    signed_in = reader.get("/documents/kept-doc/")
    assert not kept(signed_in) and "researcher" in signed_in.content.decode()
    first_anonymous = client.get("/documents/kept-doc/")
    assert not kept(first_anonymous), "the signed-in reader's page was kept"
    assert "researcher" not in first_anonymous.content.decode()
    assert kept(client.get("/documents/kept-doc/"))
    again = reader.get("/documents/kept-doc/")
    assert not kept(again) and "researcher" in again.content.decode()
    assert not kept(reader.get("/api/documents/kept-doc"))


def test_pages_for_readers_with_messages_and_unlisted_routes_are_not_kept(client, page_cache_on, report):
    client.get("/documents/kept-doc/")
    with_message = Client()
    with_message.cookies["messages"] = "a message waiting to be shown"
    assert not kept(with_message.get("/documents/kept-doc/"))
    for url in ("/healthz", "/accounts/login/", "/documents/kept-doc/report", "/documents/no-such-doc/",
                "/documents/kept-doc/export.ris", "/sitemap.xml"):
        client.get(url)
        assert not kept(client.get(url)), f"{url} was kept"
    assert not kept(client.post("/search", {"q": "plenum"}))


def test_a_kept_page_carries_each_readers_own_csrf_token(page_cache_on):
    """A document page with markers holds dispute forms: a reader served the kept page gets a
    token of their own, which the CSRF check accepts, and not the first reader's."""
    document = make_document()
    layer = add_layer(document, MEMO, made_by="A. Translator")
    flag = MarkerFlag.objects.get(layer=layer, rule_id="PRESC-002")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(f"/documents/{document.public_id}/")
    second_page = second.get(f"/documents/{document.public_id}/")
    assert not kept(first_page) and kept(second_page)
    first_tokens, second_tokens = (set(TOKEN.findall(p.content.decode())) for p in (first_page, second_page))
    assert len(first_tokens) == len(second_tokens) == 1 and first_tokens != second_tokens
    assert "csrftoken" in second_page.cookies and second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    (first_token,), (second_token,) = first_tokens, second_tokens
    assert dispute(second, document, flag, csrfmiddlewaretoken=first_token).status_code == 403
    assert dispute(second, document, flag, csrfmiddlewaretoken=second_token).status_code == 200


@pytest.mark.parametrize(("sql", "seen"), [
    ('SELECT "corpus_document"."id" FROM "corpus_document"', False),
    ("PRAGMA journal_mode=WAL", False),
    ('SAVEPOINT "s1"', False),
    ('UPDATE "corpus_document" SET "title" = %s', True),
    ('INSERT INTO "publications_publication" ("slug") VALUES (%s)', True),
    ("INSERT OR REPLACE INTO search_doc VALUES (?)", True),
    ('DELETE FROM "django_session" WHERE "session_key" = %s', False),
    ('UPDATE "jobs_workerprocess" SET "beat_at" = %s', False),
    ('INSERT INTO "django_tasks_database_dbtaskresult" ("id") VALUES (%s)', False),
    ("WITH gone AS (SELECT 1) DELETE FROM corpus_textlayer WHERE id IN (SELECT * FROM gone)", True),
    ("WITH hits AS (SELECT doc_id FROM search_doc) SELECT count(*) FROM hits", False),
    ("  delete from corpus_document", True),
])
def test_which_statements_forget_the_pages(sql, seen):
    assert page_cache.writes_seen_tables(sql) is seen
