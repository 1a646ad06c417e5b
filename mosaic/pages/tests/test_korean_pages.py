"""The reading pages under /ko/ (issue 17): Korean words, Korean dates, links that stay under /ko/,
and the English pages as they were."""
import datetime as dt
import json
import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from mosaic.archives.models import Repository
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.common.throttle import Throttled, refusal
from mosaic.corpus.models import Document, Locator, TextLayer
from mosaic.publications.models import Publication, PublicationDocument

pytestmark = pytest.mark.django_db

# Pages that have their own address in each language (machine endpoints excepted).
PAGE_PREFIXES = ("/documents/", "/collections/", "/publications/", "/search", "/timeline/", "/events/", "/terms/",
                 "/people/")


@pytest.fixture
def archive(db):
    report = Document.objects.create(
        public_id="ivanov-report", title="Ivanov to Mikoyan on the August Plenum", status="published",
        doc_type="report", original_language="ru", origin_country="USSR",
        date="1956-07", date_min=dt.date(1956, 7, 20), date_max=dt.date(1956, 7, 31))
    Locator.objects.create(document=report, repository=Repository.objects.create(code="AVPRF", name="AVPRF"),
                           as_printed="AVPRF, Fond 0102")
    TextLayer.objects.create(document=report, kind="original", language="ru", text="Секретно.")
    collection = Collection.objects.create(slug="plenum", title="The 1956 August Plenum", status="published")
    CollectionMembership.objects.create(collection=collection, document=report)
    essay = Publication.objects.create(slug="plenum-essay", kind="essay", title="Reading the Plenum",
                                       status="published", date=dt.date(2026, 1, 5), body="<p>Text.</p>")
    PublicationDocument.objects.create(publication=essay, document=report)
    return report


def _page_links(body: str) -> set[str]:
    return {link for link in re.findall(r'href="([^"#]+)"', body) if link.startswith("/")}


def _escaping(links) -> list[str]:
    return sorted(link for link in links if link.startswith(PAGE_PREFIXES))


def test_korean_home_page(client, archive):
    body = client.get("/ko/").content.decode()
    assert "공개 문서 <strong>1</strong>건" in body and "작성국별" in body and "최근 추가된 문서" in body
    assert ">소련</a>" in body and "1956년 7월" in body
    links = _page_links(body)
    assert "/ko/documents/ivanov-report/" in links and "/ko/collections/plenum/" in links
    assert "/ko/search?origin_country=USSR" in links
    assert not _escaping(links)


def test_korean_document_page(client, archive):
    body = client.get("/ko/documents/ivanov-report/").content.decode()
    for korean in ("이 문서 인용하기", "인용 복사", "(월 단위까지 확인)", "보고서", "원문 언어", "러시아어", "작성국",
                   "1956년 7월 20일에서 1956년 7월 31일 사이에 작성", "원문 전사본", "<dt>문서보관소</dt>"):
        assert korean in body, korean
    assert '<h1 lang="en">Ivanov to Mikoyan' in body and 'lang="ru"' in body
    assert "<h1>Ivanov to Mikoyan" in client.get("/documents/ivanov-report/").content.decode()
    # The script catalogue is loaded before the page's script, both from Korean addresses.
    assert body.index('src="/ko/jsi18n/"') < body.index("mosaic/document.js")
    links = _page_links(body)
    assert "/ko/collections/plenum/" in links and "/ko/publications/plenum-essay/" in links
    assert not _escaping(links)


def test_english_document_page_keeps_its_words(client, archive):
    body = client.get("/documents/ivanov-report/").content.decode()
    assert "Cite this document" in body and "(known to the month)" in body and "July 1956" in body
    assert "written between July 20, 1956 and July 31, 1956" in body and "Russian" in body and "USSR" in body
    assert 'href="/collections/plenum/"' in body and 'src="/jsi18n/"' in body


def test_korean_collection_and_publication_pages(client, archive):
    listing = client.get("/ko/collections/").content.decode()
    assert "(문서 1건)" in listing and "/ko/collections/plenum/" in _page_links(listing)
    collection = client.get("/ko/collections/plenum/").content.decode()
    assert "이 컬렉션 안에서 검색" in collection and "/ko/search?collection=plenum" in _page_links(collection)
    assert "/ko/documents/ivanov-report/" in _page_links(collection) and not _escaping(_page_links(collection))
    publications = client.get("/ko/publications/").content.decode()
    assert "논고, 2026년 1월 5일" in publications and "/ko/publications/plenum-essay/" in _page_links(publications)
    essay = client.get("/ko/publications/plenum-essay/").content.decode()
    assert "논고 · 2026년 1월 5일" in essay and "/ko/documents/ivanov-report/" in _page_links(essay)
    assert "Essay · January 5, 2026" in client.get("/publications/plenum-essay/").content.decode()


def test_korean_timeline_page(client, archive):
    body = client.get("/ko/timeline/").content.decode()
    assert "<h1>연표</h1>" in body and "<h3>1956년</h3>" in body and "문서 1건" in body
    assert "/ko/search?year=1956" in _page_links(body)
    assert 'src="/ko/jsi18n/"' in body
    # The API stays one address in every language, with English links in it.
    assert client.get("/api/timeline").json()["documents"][0]["url"].endswith("testserver/documents/ivanov-report/")


def test_script_catalogue_carries_the_reading_pages_words(client):
    catalogue = client.get("/ko/jsi18n/").content.decode()
    for korean in ("복사했습니다.", "불러오는 중…", "이 결과에 나오는 장소의 지도"):
        assert json.dumps(korean)[1:-1] in catalogue, korean


def test_throttled_page_in_korean(archive):
    request = RequestFactory().get("/ko/documents/ivanov-report/report")
    limit = Throttled(dt.datetime(2030, 5, 1, 12, 30, tzinfo=dt.UTC), "you have sent 5 reports within the last hour", 5)
    with translation.override("ko"):
        body = refusal(request, archive, limit, noun="report", unsent="My words").content.decode()
    assert "지금은 신고를 더 보낼 수 없습니다" in body and "지난 한 시간 동안 신고를 5건 보냈습니다" in body
    assert "2030년 5월 1일 12:30(UTC)" in body and 'href="/ko/documents/ivanov-report/"' in body
    with translation.override("en"):
        english = refusal(request, archive, limit, noun="report", unsent="").content.decode()
    assert "Your report was not sent: you have sent 5 reports within the last hour." in english
