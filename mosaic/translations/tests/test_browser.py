"""A translator in a real browser (Debian's Chromium driven by Playwright): the draft saves itself
after a pause in typing, and a save from a stale page is refused without overwriting."""
import json
import re

import pytest

from mosaic.conftest import needs_chromium
from django.conf import settings
from django.test import Client

from mosaic.translations.models import TranslationTask

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_the_draft_saves_itself_and_a_stale_page_does_not_overwrite(live_server, journey, untranslated, translator):
    context, page, tr = journey.context, journey.page, journey.tr
    tanya = Client()
    tanya.force_login(translator)
    tanya.post("/staff/translations/take", {"document": untranslated.public_id})
    task = TranslationTask.objects.get()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": tanya.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])

    page.goto(f"{live_server.url}/staff/translations/{task.pk}/")
    page.wait_for_selector("text=Ким Ир Сен принял посла")
    page.click("#draft")
    page.keyboard.type("The ambassador was received.")
    page.locator("#save-status").filter(has_text=re.compile(journey.pattern("Saved at %(time)s", domain="djangojs"))).wait_for()
    task.refresh_from_db()
    assert (task.draft, task.revision) == ("The ambassador was received.", 1)
    assert page.input_value("#draft-revision") == "1"

    # Another tab saves meanwhile; this page's next save is refused and leaves that save alone.
    other_tab = tanya.post(f"/staff/translations/{task.pk}/autosave", data=json.dumps({"draft": "Saved in another tab.", "revision": 1}),
                           content_type="application/json")
    assert other_tab.status_code == 200
    page.keyboard.type(" They spoke about students.")
    page.locator("#save-status.error").filter(has_text=re.compile(journey.pattern(
        "Not saved: this draft was saved elsewhere by %(who)s at %(when)s (revision %(revision)s) after you opened it."))).wait_for()
    task.refresh_from_db()
    assert (task.draft, task.revision) == ("Saved in another tab.", 2)
    assert page.input_value("#draft").endswith("They spoke about students.")  # the translator's text is still on the page
