"""The reader's language (mosaic/common/language.py): Korean under /ko/, the choice remembered,
the browser's language as the first guess, machine endpoints at one address, and kept pages
never shown in the wrong language."""
import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from mosaic.common.tests.test_page_cache import kept, page_cache_on  # noqa: F401 (a fixture)
from mosaic.corpus.models import Document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def document():
    return Document.objects.create(public_id="lang-doc", title="Record of a conversation", status="published",
                                   date="1956-09-05", date_min=dt.date(1956, 9, 5), date_max=dt.date(1956, 9, 5))


def test_korean_pages_live_under_ko_and_english_at_the_bare_address(client, document):
    korean = client.get("/ko/documents/lang-doc/")
    assert korean.status_code == 200
    page = korean.content.decode()
    assert '<html lang="ko">' in page and "본문 바로 가기" in page and 'href="/ko/search"' in page
    english = client.get("/documents/lang-doc/").content.decode()
    assert '<html lang="en">' in english and "Skip to content" in english and 'href="/search"' in english


def test_the_browsers_language_is_the_first_guess_and_the_readers_choice_wins(document):
    korean_browser = Client(HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5")
    response = korean_browser.get("/documents/lang-doc/?tab=texts")
    assert response.status_code == 302 and response["Location"] == "/ko/documents/lang-doc/?tab=texts"
    assert "private" in response["Cache-Control"]

    chosen = korean_browser.get("/language/", {"to": "en", "next": "/ko/documents/lang-doc/"})
    assert chosen.status_code == 302 and chosen["Location"] == "/documents/lang-doc/"
    assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert korean_browser.get("/documents/lang-doc/").status_code == 200  # the choice, not the browser

    english_browser = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english_browser.get("/documents/lang-doc/").status_code == 200
    assert Client().get("/").status_code == 200  # crawlers send no Accept-Language


def test_the_switcher_keeps_the_page_and_refuses_other_sites(client, document):
    page = client.get("/documents/lang-doc/").content.decode()
    assert 'href="/language/?to=ko&amp;next=%2Fdocuments%2Flang-doc%2F"' in page
    switched = client.get("/language/", {"to": "ko", "next": "/documents/lang-doc/"})
    assert switched["Location"] == "/ko/documents/lang-doc/"
    assert client.get("/documents/lang-doc/")["Location"] == "/ko/documents/lang-doc/"  # remembered
    assert client.get("/language/", {"to": "ko", "next": "https://elsewhere.example/"})["Location"] == "/ko/"
    assert client.get("/language/", {"to": "xx", "next": "/search"})["Location"] == "/search"


def test_machine_endpoints_have_one_address_whatever_the_language(document):
    korean_browser = Client(HTTP_ACCEPT_LANGUAGE="ko")
    assert korean_browser.get("/api/documents/lang-doc").status_code == 200
    assert korean_browser.get("/oai", {"verb": "Identify"}).status_code == 200
    assert Client().get("/ko/api/documents/lang-doc").status_code == 404


def test_kept_pages_are_kept_per_language(page_cache_on, document):  # noqa: F811
    reader = Client()
    for url, marker in (("/ko/documents/lang-doc/", "본문 바로 가기"), ("/documents/lang-doc/", "Skip to content")):
        first = reader.get(url)
        again = reader.get(url)
        assert kept(again), f"{url} was not kept"
        assert marker in first.content.decode() and marker in again.content.decode()
    korean_browser = Client(HTTP_ACCEPT_LANGUAGE="ko")
    assert korean_browser.get("/documents/lang-doc/").status_code == 302  # never the kept English page
