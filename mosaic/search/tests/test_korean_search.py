"""The search page under /ko/: Korean words, Korean facet labels, links that stay in Korean."""
import re

import pytest

from mosaic.corpus.models import Document
from mosaic.entities.models import AuthorityTerm
from mosaic.search.index import update_documents
from mosaic.search.views import _sorts
from mosaic.subjects.models import DocumentPlace

pytestmark = pytest.mark.django_db


def test_korean_search_page_speaks_korean_and_links_to_korean_pages(client, corpus):
    body = client.get("/ko/search", {"q": "Pyongyang"}).content.decode()
    assert '<html lang="ko">' in body
    assert "아카이브 검색" in body and "결과 좁히기" in body
    assert "“Pyongyang” 검색 결과 문서 <span id=\"result-count\">3</span>건" in body
    # Facet headings and values, and a result's date, in Korean.
    assert "<h2>작성국</h2>" in body and "헝가리" in body and "1955년 3월 2일" in body
    assert "관련도순" in body
    links = set(re.findall(r'href="([^"]+)"', body))
    assert "/ko/documents/hu-1955-report/" in links
    assert not [link for link in links if link.startswith(("/documents/", "/search?", "/search/"))]


def test_english_search_page_is_unchanged(client, corpus):
    body = client.get("/search", {"q": "Pyongyang", "origin_country": "Hungary"}).content.decode()
    assert '<span id="result-count">1</span> document for' in body
    assert "Origin: Hungary" in body and "March 2, 1955" in body
    assert 'href="/documents/hu-1955-report/"' in body


def test_a_refused_korean_search_says_why_in_korean(client, corpus):
    response = client.get("/ko/search", {"from": "1956-13"})
    assert response.status_code == 400
    body = response.content.decode()
    # The problem itself, worded from lib's message and the one nested in it, not English.
    assert "검색을 실행할 수 없습니다: from: “1956-13”은(는) 실제로 있는 날짜가 아닙니다 (13월은 없는 달입니다)" in body
    assert "is not a real date" not in body

    too_long = client.get("/ko/search", {"q": "가" * 1001}).content.decode()
    assert "검색어가 1,001자입니다. Mosaic은 최대 1,000자까지 읽습니다." in too_long


def test_the_api_and_the_english_page_keep_the_english_wording(client, corpus):
    english = client.get("/search", {"from": "1956-13"}).content.decode()
    assert 'from: "1956-13" is not a real date (month 13 does not exist)' in english.replace("&quot;", '"')
    api = client.get("/api/search", {"from": "1956-13"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert api.status_code == 400
    assert api.json()["detail"] == 'from: "1956-13" is not a real date (month 13 does not exist)'


def test_the_places_of_a_korean_search_link_to_korean_pages(client, corpus):
    place = AuthorityTerm.objects.create(term_id="pyongyang", kind="place", preferred="Pyongyang",
                                         latitude=39.03, longitude=125.75)
    document = Document.objects.get(public_id="hu-1955-report")
    DocumentPlace.objects.create(document=document, place=place)
    update_documents([document.pk])
    [mapped] = client.get("/ko/search/places.json", {"q": "Pyongyang"}).json()["places"]
    assert mapped["search_url"].startswith("/ko/search?") and mapped["url"] == "/ko/terms/pyongyang/"
    [english] = client.get("/search/places.json", {"q": "Pyongyang"}).json()["places"]
    assert english["search_url"].startswith("/search?") and english["url"] == "/terms/pyongyang/"


def test_sort_names_follow_the_language():
    from django.utils import translation

    with translation.override("ko"):
        assert _sorts()["-date"] == "날짜 (최근 순)"
    with translation.override("en"):
        assert _sorts()["-date"] == "Date (latest first)"
