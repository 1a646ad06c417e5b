"""A book built from a Korean page is set in Korean (issue 17): headings, contents, chronology and
glossary labels, provenance labels, dates; the document's own texts keep their language, and a
Korean text is set in the Korean font. The PDF itself is rendered by test_downloads; these tests
read the HTML it is made from, which is quick."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from mosaic.books import assemble
from mosaic.books.pdf import render_html


@pytest.fixture
def korean_book(briefing_book):
    with translation.override("ko"):
        return assemble.publication_book(briefing_book, AnonymousUser(), "https://archive.test")


def test_a_book_assembled_in_korean_is_set_in_korean(korean_book):
    assert korean_book.language == "ko"
    html = render_html(korean_book)
    assert '<html lang="ko">' in html
    for heading in ("차례", "연표", "인물 용어집", "출처 정보", "원문 언어", "소장 위치"):
        assert heading in html, heading
    assert "1956년 8월 31일" in html  # a Korean date, from the partial-date formatter
    assert '<section class="text" lang="ru">' in html  # the documents' own texts keep their language


def test_the_same_publication_in_english_is_another_book(briefing_book, korean_book):
    with translation.override("en"):
        english = assemble.publication_book(briefing_book, AnonymousUser(), "https://archive.test")
    assert english.fingerprint() != korean_book.fingerprint()
    html = render_html(english)
    assert '<html lang="en">' in html and "Contents" in html and "차례" not in html


def test_the_print_stylesheet_sets_korean_in_a_korean_font():
    from mosaic.books.pdf import STYLESHEET

    css = STYLESHEET.read_text(encoding="utf-8")
    assert ':lang(ko) { font-family: "DejaVu Serif", "Noto Serif CJK KR"' in css


def test_the_download_links_of_a_korean_page_stay_in_korean(client, briefing_book):
    page = client.get(f"/ko/publications/{briefing_book.slug}/").content.decode()
    assert f'href="/ko/publications/{briefing_book.slug}/book.pdf"' in page
    assert "문서, 연표, 용어집과 함께 내려받기" in page
