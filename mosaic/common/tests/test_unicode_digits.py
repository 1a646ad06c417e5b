"""Ids and numbers in requests are ASCII digits that fit a database integer: "²" (a digit to
`str.isdigit()`, not to `int()`), other scripts' digits and numbers past 2**63 - 1 are answered
with 400 or ignored, never with a server error."""
import json

import pytest
from django.test import Client
from django.utils import timezone

from mosaic.collections.models import Collection
from mosaic.common.numbers import LARGEST_STORED_INTEGER, parse_number
from mosaic.corpus.models import Document, TextLayer
from mosaic.preservation.models import AuditRun
from mosaic.translations.models import TranslationTask

pytestmark = pytest.mark.django_db

LARGEST = str(LARGEST_STORED_INTEGER)  # 9223372036854775807: a number, of no record
TOO_LARGE = [str(LARGEST_STORED_INTEGER + 1), str(10**30)]
NOT_NUMBERS = ["²", "٣", "¹²", "1²", " 1", "+1", "-1", "1_0", "1e3", "0x1", ""]


def test_parse_number_reads_ascii_digits_within_range_only():
    assert parse_number("0") == 0 and parse_number("42") == 42 and parse_number(LARGEST) == LARGEST_STORED_INTEGER
    assert parse_number(7) == 7  # a JSON number
    for value in NOT_NUMBERS + TOO_LARGE + [None, True, 1.0, -1, 10**30, "1\n"]:
        assert parse_number(value) is None, value


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def curator(staff_member):
    return _signed_in(staff_member("Curator"))


@pytest.fixture
def task(db, staff_member):
    document = Document.objects.create(public_id="fixture-untranslated", title="Fixture record", status="published",
                                       original_language="ru")
    TextLayer.objects.create(document=document, kind="original", language="ru", text="Текст для перевода.")
    translator = staff_member("Translator")
    return TranslationTask.objects.create(document=document, assignee=translator, status=TranslationTask.IN_PROGRESS)


def test_the_audit_log_ignores_a_run_that_is_no_number(curator):
    run = AuditRun.objects.create(started=timezone.now(), finished=timezone.now())
    assert curator.get("/staff/audit/", {"run": str(run.pk)}).status_code == 200
    for value in NOT_NUMBERS + TOO_LARGE:
        assert curator.get("/staff/audit/", {"run": value}).status_code == 200, value
    assert curator.get("/staff/audit/", {"run": LARGEST}).status_code == 404


def test_the_backlog_ignores_an_assignee_filter_that_is_no_number(curator, task):
    for status in ("", "done"):
        for value in NOT_NUMBERS + TOO_LARGE + [LARGEST]:
            response = curator.get("/staff/translations/", {"status": status, "assignee": value})
            assert response.status_code == 200, (status, value)
    # A real id still filters.
    shown = curator.get("/staff/translations/", {"assignee": str(task.assignee_id)}).content.decode()
    assert "fixture-untranslated" in shown
    assert "fixture-untranslated" not in curator.get("/staff/translations/", {"assignee": LARGEST}).content.decode()


def test_assigning_to_an_assignee_that_is_no_number_is_refused(curator, task):
    for value in [v for v in NOT_NUMBERS if v] + TOO_LARGE:
        response = curator.post("/staff/translations/assign", {"document": "fixture-untranslated", "assignee": value})
        assert response.status_code == 400, value
    response = curator.post("/staff/translations/assign", {"document": "fixture-untranslated", "assignee": LARGEST})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.assignee is not None  # none of these put the task back in the queue


def test_a_draft_revision_that_is_no_number_is_refused(task):
    translator = _signed_in(task.assignee)
    workspace, autosave = f"/staff/translations/{task.pk}/", f"/staff/translations/{task.pk}/autosave"
    for value in NOT_NUMBERS + TOO_LARGE:
        response = translator.post(workspace, {"action": "save", "revision": value, "draft": "Text."})
        assert response.status_code == 400, value
        response = translator.post(autosave, json.dumps({"draft": "Text.", "revision": value}), content_type="application/json")
        assert response.status_code == 400, value
    for number in (10**30, True, 1.5):
        response = translator.post(autosave, json.dumps({"draft": "Text.", "revision": number}), content_type="application/json")
        assert response.status_code == 400, number
    stale = translator.post(autosave, json.dumps({"draft": "Text.", "revision": LARGEST_STORED_INTEGER}), content_type="application/json")
    assert stale.status_code == 409  # a number, but not the draft's revision
    assert translator.post(autosave, json.dumps({"draft": "Text.", "revision": 0}), content_type="application/json").status_code == 200


def test_task_urls_with_huge_ids_are_not_found(curator):
    for value in [LARGEST] + TOO_LARGE:
        assert curator.get(f"/staff/translations/{value}/").status_code == 404, value


def test_adding_documents_to_a_collection_that_is_no_number_is_refused(curator):
    document = Document.objects.create(public_id="fixture-doc", title="Fixture record")
    Collection.objects.create(slug="fixture-collection", title="Fixture collection")
    for value in NOT_NUMBERS + TOO_LARGE + [LARGEST]:
        response = curator.post("/admin/corpus/document/", {"action": "add_to_collection", "_selected_action": [document.pk],
                                                            "apply": "1", "collection": value}, follow=True)
        assert response.status_code == 200, value
        assert "Choose the collection to add the documents to." in response.content.decode(), value
    assert not document.collections.exists()
