"""A reader in a real browser (Debian's Chromium driven by Playwright), in English and in Korean:
search, pick a facet, open a document, copy its citation."""
import pytest

from mosaic.conftest import needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_search_facet_document_and_copy_citation(live_server, corpus, journey, tmp_path):
    context, page, tr = journey.context, journey.page, journey.tr
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    page.goto(f"{live_server.url}/search")
    page.fill("#q", "Pyongyang")
    page.press("#q", "Enter")
    # The empty search page already has a count; wait for the results of this query.
    page.wait_for_selector("#results-heading:has-text('Pyongyang')")
    assert page.text_content("#result-count") == "3"

    page.click(f'[data-facet="origin_country"] a:has-text("{tr("Romania")}")')
    page.wait_for_function("() => document.querySelector('#result-count').textContent === '1'")
    assert "origin_country=Romania" in page.url

    page.click("a.title:has-text('Telegram from Pyongyang to Bucharest')")
    page.wait_for_selector("h1:has-text('Telegram from Pyongyang to Bucharest')")
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)

    page.click("button.copy")
    page.wait_for_selector(f".copy-status:has-text('{tr('Copied.', domain='djangojs')}')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith('"Telegram from Pyongyang to Bucharest," May 20, 1967,')
    assert copied.endswith("/documents/ro-1967-telegram/")


def test_search_and_facets_work_without_javascript(live_server, corpus, journey):
    page = journey.another_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/search?q=Pyongyang")
    page.click(f'[data-facet="origin_country"] a:has-text("{journey.tr("Romania")}")')
    page.wait_for_url("**origin_country=Romania")
    assert page.text_content("#result-count") == "1"
    page.click("a.title")
    page.wait_for_url("**/documents/ro-1967-telegram/")
    assert "Telegram from Pyongyang to Bucharest" in page.text_content("h1")
    assert page.input_value("#citation-archive").startswith('"Telegram from Pyongyang to Bucharest,"')
