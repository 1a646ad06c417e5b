"""A reader in a real browser, in English and in Korean, follows a related-document link one way
and back the other."""
import pytest

from mosaic.conftest import needs_chromium

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


def test_follow_a_related_document_link_both_ways(live_server, demo_db, journey, tmp_path):
    page = journey.page
    page.goto(f"{live_server.url}/documents/wcda-1956-09-05-3318093595/")
    related = page.locator("section.related-documents")
    assert journey.tr("Other account of the same event") in related.inner_text()
    page.screenshot(path=str(tmp_path / "related-letter.png"), full_page=True)
    related.locator("a:has-text('Memorandum of Conversation with Premier Kim Il Sung')").click()
    page.wait_for_selector("h1:has-text('Memorandum of Conversation with Premier Kim Il Sung')")
    back = page.locator("section.related-documents")
    assert journey.tr("Other account of the same event") in back.inner_text()
    page.screenshot(path=str(tmp_path / "related-memorandum.png"), full_page=True)
    back.locator("a:has-text('Letter from Seo Hwi')").click()
    page.wait_for_selector("h1:has-text('Letter from Seo Hwi')")
