"""A reader in a real browser (Debian's Chromium driven by Playwright) follows a subject facet of
the demo corpus, then a place on the map drawn beside the results, to the result list of both."""
import os

import pytest

from mosaic.conftest import needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]

ROMANIA = "korea-north--foreign-relations--romania"


def test_follow_a_subject_facet_and_a_place_on_the_map_to_a_result_list(live_server, demo_db, journey, tmp_path):
    from mosaic.corpus.models import Document

    expected = set(Document.objects.public().filter(subject_links__subject__slug=ROMANIA, place_links__place__term_id="bucharest")
                   .values_list("title", flat=True))
    assert len(expected) >= 3, "the demo tags Romanian telegrams with Bucharest"
    page, tr = journey.page, journey.tr
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/search")
    page.click(f'[data-facet="subject"] a[href*="subject={ROMANIA}"]')
    page.wait_for_url(f"**subject={ROMANIA}**")
    heading = journey.pick(en="Korea (North)--Foreign relations--Romania", ko="북한--대외 관계--루마니아")
    page.wait_for_selector(f'#search-region .active-filters:has-text("{tr("%(facet)s: %(value)s", facet=tr("Subject"), value=heading)}")')
    # The map of this result set: drawn without any tile server, its markers sized by count.
    marker = page.locator('figure.place-map a.marker[data-place="bucharest"]')
    marker.wait_for()
    assert page.locator("figure.place-map .land path").count() > 100  # the country outlines of world-atlas
    label = marker.locator("title").text_content()  # the sentence; its name is the words beside it
    assert marker.get_attribute("aria-label") in (label, f"Bucharest {len(expected)}")
    assert label == journey.ntr("%(place)s: %(count)s document", "%(place)s: %(count)s documents", len(expected),
                                domain="djangojs", place="Bucharest", count=len(expected))
    page.screenshot(path=str(tmp_path / "search-map.png"), full_page=True)
    if os.environ.get("MOSAIC_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["MOSAIC_SCREENSHOTS"], "search-map.png"), full_page=True)

    marker.locator("circle").click()  # where a reader clicks: the circle
    page.wait_for_url("**place=bucharest**")
    page.wait_for_selector(f"#search-region .active-filters:has-text('{tr('%(facet)s: %(value)s', facet=tr('Place'), value='Bucharest')}')")
    assert page.text_content("#result-count") == str(len(expected))
    shown = {title.strip() for title in page.locator("ol.hits a.title").all_inner_texts()}
    assert shown == {title.strip() for title in expected}
    # the map of the narrowed results marks the chosen place
    page.locator('figure.place-map a.marker[data-place="bucharest"][aria-current="true"]').wait_for()
    assert not errors, errors
