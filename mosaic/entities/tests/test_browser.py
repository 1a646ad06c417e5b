"""A reader in a real browser (Debian's Chromium driven by Playwright) opens a person from the list
of people and finds who they were: the biography, the offices, the chart, the documents by role."""
import re

import pytest

from mosaic.conftest import needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_open_a_person_and_see_biography_offices_and_documents_by_role(live_server, demo_db, journey, tmp_path):
    page, tr = journey.page, journey.tr
    page.goto(f"{live_server.url}/people/")
    page.click("a:has-text('Henry A. Kissinger')")
    page.wait_for_selector("h1:has-text('Henry A. Kissinger')")

    biography = page.locator("#biography")
    assert journey.pick(en="Fürth", ko="퓌르트") in biography.inner_text() and tr("Sources:") in biography.inner_text()
    assert "Secretary of State of the United States" in page.locator("#offices").inner_text()
    chart = page.locator("#documents-per-year svg[role='img']")
    assert re.match(journey.pattern("Documents naming %(name)s per year, %(first)s", name="Henry A. Kissinger"),
                    chart.locator("title").first.text_content())
    assert chart.locator("rect").count() >= 1 and chart.bounding_box()["height"] > 50
    signed = page.locator("#role-signatory")
    assert tr("Documents signed") in signed.locator("h3").inner_text()
    # The sections come in the order a reader meets them: who the person was, then the documents.
    tops = [page.locator(selector).bounding_box()["y"]
            for selector in ("#biography", "#offices", "#documents-per-year", "#role-signatory", "#names")]
    assert tops == sorted(tops)
    page.screenshot(path=str(tmp_path / "person.png"), full_page=True)

    signed.locator("a:has-text('National Security Study Memorandum 27')").click()
    page.wait_for_selector("h1:has-text('National Security Study Memorandum 27')")

    # A person named in more documents than one page holds: the next page of that role only.
    page.goto(f"{live_server.url}/people/P001/")
    assert journey.pick(en="Mangyŏngdae", ko="만경대") in page.locator("#biography").inner_text()
    assert "President of the Democratic People's Republic of Korea" in page.locator("#offices").inner_text()
    mentioned = page.locator("#role-mentioned")
    assert mentioned.locator("ul.documents > li").count() == 25
    page.screenshot(path=str(tmp_path / "person-kim-il-sung.png"), full_page=True)
    mentioned.locator("a[rel='next']").click()
    page.wait_for_url("**mentioned_page=2**")
    assert re.search(journey.pattern("Page %(page)s of %(pages)s", page=2), page.locator("#role-mentioned nav").inner_text())
