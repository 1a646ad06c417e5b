"""A reader in a real browser (Debian's Chromium driven by Playwright): search, pick a facet,
open a document, copy its citation."""
import os

import pytest

from mosaic.conftest import CHROMIUM, needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_search_facet_document_and_copy_citation(live_server, corpus, browser_page, tmp_path):
    context, page = browser_page
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    page.goto(f"{live_server.url}/search")
    page.fill("#q", "Pyongyang")
    page.press("#q", "Enter")
    # The empty search page already has a count; wait for the results of this query.
    page.wait_for_selector("#results-heading:has-text('Pyongyang')")
    assert page.text_content("#result-count") == "3"

    page.click('[data-facet="origin_country"] a:has-text("Romania")')
    page.wait_for_function("() => document.querySelector('#result-count').textContent === '1'")
    assert "origin_country=Romania" in page.url

    page.click("a.title:has-text('Telegram from Pyongyang to Bucharest')")
    page.wait_for_selector("h1:has-text('Telegram from Pyongyang to Bucharest')")
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)

    page.click("button.copy")
    page.wait_for_selector(".copy-status:has-text('Copied.')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith('"Telegram from Pyongyang to Bucharest," May 20, 1967,')
    assert copied.endswith("/documents/ro-1967-telegram/")


def test_search_and_facets_work_without_javascript(live_server, corpus):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(f"{live_server.url}/search?q=Pyongyang")
        page.click('[data-facet="origin_country"] a:has-text("Romania")')
        page.wait_for_url("**origin_country=Romania")
        assert page.text_content("#result-count") == "1"
        page.click("a.title")
        page.wait_for_url("**/documents/ro-1967-telegram/")
        assert "Telegram from Pyongyang to Bucharest" in page.text_content("h1")
        assert page.input_value("#citation-archive").startswith('"Telegram from Pyongyang to Bucharest,"')
        browser.close()
