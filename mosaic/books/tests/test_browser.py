"""A reader in a real browser (Debian's Chromium driven by Playwright) downloads a briefing book as
PDF and as EPUB from its page, and finds its documents, chronology and glossary inside."""
import pytest

from mosaic.books.tests.conftest import HANGUL_NAME, RUSSIAN_FORM, SECRET
from mosaic.books.tests.readback import epub_chapters, pdf_text
from mosaic.conftest import needs_chromium

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


def test_download_a_briefing_book_as_pdf_and_epub(live_server, briefing_book, journey, tmp_path):
    page, tr = journey.page, journey.tr
    page.goto(f"{live_server.url}/publications/plenum-book/")
    page.wait_for_selector("h1:has-text('The August Plenum of 1956')")
    page.screenshot(path=str(tmp_path / "briefing-book.png"), full_page=True)

    with page.expect_download() as pdf_download:
        page.click(".book-downloads a:has-text('PDF')")
    assert pdf_download.value.suggested_filename == "plenum-book.pdf"
    pdf_path = tmp_path / "plenum-book.pdf"
    pdf_download.value.save_as(pdf_path)
    text = pdf_text(pdf_path.read_bytes())
    for expected in (tr("Chronology"), "August Plenum of the KWP CC", tr("Glossary of people"), HANGUL_NAME,
                     "Ivanov on the August Plenum", "Rodong Sinmun editorial", RUSSIAN_FORM):
        assert expected in text, expected
    assert SECRET not in text

    with page.expect_download() as epub_download:
        page.click(".book-downloads a:has-text('EPUB')")
    assert epub_download.value.suggested_filename == "plenum-book.epub"
    epub_path = tmp_path / "plenum-book.epub"
    epub_download.value.save_as(epub_path)
    chapters = epub_chapters(epub_path.read_bytes())
    assert "August Plenum of the KWP CC" in chapters["chronology.xhtml"]
    assert HANGUL_NAME in chapters["glossary.xhtml"]
    assert "Ivanov on the August Plenum" in chapters["document-2.xhtml"]
    assert SECRET not in "".join(chapters.values())
