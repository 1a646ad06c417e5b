"""A reader in a real browser (Debian's Chromium driven by Playwright) opens the timeline narrowed
to the USSR in 1956 through its address, sees the documents drawn on the axis and clicks through
to one."""
import re

import pytest

from mosaic.conftest import needs_chromium

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_narrow_the_timeline_to_the_ussr_in_1956_and_open_a_document(live_server, demo_db, journey, tmp_path):
    from mosaic.corpus.models import Document

    expected = set(Document.objects.public().filter(origin_country="USSR", date_min__year__lte=1956,
                                                    date_max__year__gte=1956).values_list("title", flat=True))
    assert expected, "the demo corpus has Soviet documents of 1956"
    page = journey.page
    page.goto(f"{live_server.url}/timeline/?from=1956&to=1956&origin_country=USSR")
    page.wait_for_selector("#timeline .vis-item.document")
    assert re.match(journey.pattern("%(documents)s documents and %(events)s events, %(from)s to %(to)s", domain="djangojs"),
                    page.locator("#timeline-status").inner_text())
    shown = page.locator("#timeline .vis-item.document")
    # Items vis-timeline has not laid out yet (outside the drawn part of the axis) have no text.
    titles = {shown.nth(i).inner_text().strip() for i in range(shown.count())} - {""}
    assert titles and titles <= {title.strip() for title in expected}
    # The Soviet relations periods of 1956 are drawn behind the items.
    assert page.locator("#timeline .vis-item.vis-background.band").count() >= 1
    # The list by year is still there beneath the axis, for the same view.
    assert page.locator("#year-1956").count() == 1
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)

    title = sorted(titles)[0]
    shown.filter(has_text=title).first.click()
    page.wait_for_url("**/documents/**")
    assert title[:40] in page.locator("h1").inner_text()
