"""From the queue to a published, credited translation, through HTTP as the staff and readers use it."""
import json

import pytest
from django.test import Client

from mosaic.corpus.models import Credit, TextLayer
from mosaic.translations.models import TranslationTask
from mosaic.translations.tests.permissions import grant

pytestmark = pytest.mark.django_db

BACKLOG = "/staff/translations/"
TRANSLATION = "The ambassador was received by Kim Il Sung. They spoke about a zzexchange of students."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def autosave(client, task, draft, revision):
    return client.post(f"/staff/translations/{task.pk}/autosave", data=json.dumps({"draft": draft, "revision": revision}),
                       content_type="application/json")


def take(client, document, language="en"):
    return client.post("/staff/translations/take", {"document": document.public_id, "language": language})


def test_take_translate_submit_approve_publish(untranslated, translator, curator, django_capture_on_commit_callbacks):
    anonymous = Client()
    tanya, clara = client_for(translator), client_for(curator)

    backlog = tanya.get(BACKLOG)
    assert backlog.status_code == 200
    body = backlog.content.decode()
    assert untranslated.public_id in body and "Priority score (a heuristic)" in body
    assert "Readers&#x27; requests" in body and "Date coverage gap" in body and "Take it" in body

    response = take(tanya, untranslated)
    task = TranslationTask.objects.get(document=untranslated)
    assert response.status_code == 302 and response.url == f"/staff/translations/{task.pk}/"
    assert (task.status, task.assignee, task.target_language) == ("in_progress", translator, "en")

    workspace = tanya.get(response.url).content.decode()
    assert "Ким Ир Сен принял посла" in workspace  # the staff-only original, beside the draft
    assert 'id="draft"' in workspace and "No machine translation engine is configured" in workspace

    saved = autosave(tanya, task, "The ambassador was received", 0)
    assert saved.status_code == 200 and saved.json()["revision"] == 1 and saved.json()["message"].startswith("Saved at ")
    task.refresh_from_db()
    assert (task.draft, task.revision) == ("The ambassador was received", 1)

    saved = autosave(tanya, task, TRANSLATION, 1)
    assert saved.json()["revision"] == 2

    stale = autosave(tanya, task, "An older tab's text", 1)
    assert stale.status_code == 409
    assert "saved elsewhere" in stale.json()["error"] and stale.json()["revision"] == 2
    task.refresh_from_db()
    assert (task.draft, task.revision) == (TRANSLATION, 2)

    submitted = tanya.post(f"/staff/translations/{task.pk}/", {"draft": TRANSLATION, "revision": 2, "action": "submit"})
    assert submitted.status_code == 302
    task.refresh_from_db()
    assert task.status == "in_review" and task.submitted_at is not None
    assert autosave(tanya, task, "late change", task.revision).status_code == 403  # locked while in review

    page = anonymous.get(f"/documents/{untranslated.public_id}/").content.decode()
    assert "zzexchange" not in page and "Tatiana Fixturova" not in page

    review_list = clara.get(BACKLOG).content.decode()
    assert "Awaiting review" in review_list and f"/staff/translations/{task.pk}/" in review_list
    review_page = clara.get(f"/staff/translations/{task.pk}/").content.decode()
    assert "zzexchange" in review_page and "Approve and publish" in review_page

    with django_capture_on_commit_callbacks(execute=True):
        approved = clara.post(f"/staff/translations/{task.pk}/review", {"decision": "approve", "note": "Reads well."})
    assert approved.status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.reviewed_by == curator and task.reviewed_at is not None
    layer = task.result_layer
    assert (layer.kind, layer.language, layer.access, layer.made_by, layer.text) == (
        "translation", "en", "public", "Tatiana Fixturova", TRANSLATION)
    credit = Credit.objects.get(document=untranslated, role="translated")
    assert (credit.agent.name, credit.language) == ("Tatiana Fixturova", "en")

    page = anonymous.get(f"/documents/{untranslated.public_id}/").content.decode()
    assert "zzexchange of students" in page
    assert "Translated by Tatiana Fixturova" in page
    assert "Ким Ир Сен" not in page  # the original stays staff-only
    assert "Request an English translation" not in page

    results = anonymous.get("/search", {"q": "zzexchange"}).content.decode()
    assert untranslated.title in results

    assert untranslated.public_id not in tanya.get(BACKLOG).content.decode()


def test_a_returned_translation_goes_back_to_its_translator_with_the_note(untranslated, translator, curator):
    tanya, clara = client_for(translator), client_for(curator)
    take(tanya, untranslated)
    task = TranslationTask.objects.get()
    tanya.post(f"/staff/translations/{task.pk}/", {"draft": "First attempt", "revision": 0, "action": "submit"})
    refused = clara.post(f"/staff/translations/{task.pk}/review", {"decision": "return", "note": ""}, follow=True)
    assert "needs a note" in refused.content.decode()
    clara.post(f"/staff/translations/{task.pk}/review", {"decision": "return", "note": "Please check the second paragraph."})
    task.refresh_from_db()
    assert task.status == "in_progress" and task.review_note == "Please check the second paragraph."
    assert not TextLayer.objects.filter(document=untranslated, kind="translation").exists()
    page = tanya.get(f"/staff/translations/{task.pk}/").content.decode()
    assert "Please check the second paragraph." in page
    assert autosave(tanya, task, "Second attempt", task.revision).status_code == 200


def test_a_translator_cannot_approve_their_own_translation(untranslated, curator):
    clara = client_for(curator)
    take(clara, untranslated)
    task = TranslationTask.objects.get()
    clara.post(f"/staff/translations/{task.pk}/", {"draft": "My own work", "revision": 0, "action": "submit"})
    page = clara.post(f"/staff/translations/{task.pk}/review", {"decision": "approve"}, follow=True).content.decode()
    assert "someone other than its translator" in page
    task.refresh_from_db()
    assert task.status == "in_review"


def test_saving_without_javascript_and_a_stale_form(untranslated, translator):
    tanya = client_for(translator)
    take(tanya, untranslated)
    task = TranslationTask.objects.get()
    saved = tanya.post(f"/staff/translations/{task.pk}/", {"draft": "Saved by the button", "revision": 0, "action": "save"}, follow=True)
    assert "Saved at" in saved.content.decode()
    task.refresh_from_db()
    assert (task.draft, task.revision) == ("Saved by the button", 1)

    stale = tanya.post(f"/staff/translations/{task.pk}/", {"draft": "From a stale tab", "revision": 0, "action": "save"})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "saved elsewhere" in body and "Your unsaved text" in body and "From a stale tab" in body
    task.refresh_from_db()
    assert (task.draft, task.revision) == ("Saved by the button", 1)

    empty = tanya.post(f"/staff/translations/{task.pk}/", {"draft": "  ", "revision": 1, "action": "submit"}, follow=True)
    assert "no translation to submit" in empty.content.decode()
    assert TranslationTask.objects.get().status == "in_progress"


def test_staff_pages_need_sign_in_and_the_permission(untranslated, translator, other_translator, reader, django_user_model):
    tanya = client_for(translator)
    take(tanya, untranslated)
    task = TranslationTask.objects.get()
    workspace, autosave_url = f"/staff/translations/{task.pk}/", f"/staff/translations/{task.pk}/autosave"

    anonymous = Client()
    for url in (BACKLOG, workspace):
        response = anonymous.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/login/?next=")
    assert anonymous.post("/staff/translations/take", {"document": untranslated.public_id}).status_code == 302
    assert autosave(anonymous, task, "x", 1).status_code == 401

    without_permission = client_for(django_user_model.objects.create_user("staffer", password="a-long-passphrase", is_staff=True))
    # Permissions without staff status do not open the staff pages.
    not_staff = client_for(grant(django_user_model.objects.create_user("outsider", password="a-long-passphrase"),
                                 "view_translationtask", "change_translationtask", "approve_translationtask"))
    for who in (client_for(reader), without_permission, not_staff):
        assert who.get(BACKLOG).status_code == 403
        assert who.get(workspace).status_code == 403
        assert take(who, untranslated).status_code == 403
        assert autosave(who, task, "x", 0).status_code == 403

    otto = client_for(other_translator)
    assert otto.get(BACKLOG).status_code == 200
    assert otto.get(workspace).status_code == 403  # not assigned to him
    assert autosave(otto, task, "hijack", 0).status_code == 403
    assert otto.post(f"/staff/translations/{task.pk}/review", {"decision": "approve"}).status_code == 403
    assert otto.post("/staff/translations/assign", {"document": untranslated.public_id, "assignee": other_translator.pk}).status_code == 403
    refused = take(otto, untranslated)
    assert refused.status_code == 302
    assert "already assigned to Tatiana Fixturova" in otto.get(refused.url).content.decode()
    assert TranslationTask.objects.get().assignee == translator


def test_a_curator_assigns_and_the_filters_find_it(untranslated, translator, other_translator, curator):
    clara = client_for(curator)
    page = clara.get(BACKLOG).content.decode()
    assert "Fixturova" in page and "otto" in page  # both translators offered

    response = clara.post("/staff/translations/assign", {"document": untranslated.public_id, "language": "en",
                                                         "assignee": other_translator.pk, "next": BACKLOG + "?country=USSR"})
    assert response.status_code == 302 and response.url == BACKLOG + "?country=USSR"
    task = TranslationTask.objects.get()
    assert (task.assignee, task.status) == (other_translator, "queued")

    otto = client_for(other_translator)
    mine = otto.get(BACKLOG, {"assignee": "me"}).content.decode()
    assert "My tasks" in mine and untranslated.title in mine
    row = f'data-document="{untranslated.public_id}"'
    assert row not in client_for(translator).get(BACKLOG, {"assignee": "me"}).content.decode()
    assert row not in clara.get(BACKLOG, {"country": "Hungary"}).content.decode()
    assert row in clara.get(BACKLOG, {"status": "queued", "country": "USSR"}).content.decode()
    assert row not in clara.get(BACKLOG, {"status": "in_review"}).content.decode()
    assert row in clara.get(BACKLOG, {"language": "ko", "assignee": "none"}).content.decode()  # no task into Korean yet
    assert row not in clara.get(BACKLOG, {"language": "ko", "assignee": str(other_translator.pk)}).content.decode()

    # The assigned translator starts by saving; the queued task becomes in progress.
    assert autosave(otto, task, "Started", 0).status_code == 200
    assert TranslationTask.objects.get().status == "in_progress"

    refused = clara.post("/staff/translations/assign", {"document": untranslated.public_id, "assignee": curator.pk + 1000})
    assert refused.status_code == 404


def test_done_tasks_are_listed_as_the_record(untranslated, translator, curator):
    tanya, clara = client_for(translator), client_for(curator)
    take(tanya, untranslated)
    task = TranslationTask.objects.get()
    tanya.post(f"/staff/translations/{task.pk}/", {"draft": "Done text", "revision": 0, "action": "submit"})
    clara.post(f"/staff/translations/{task.pk}/review", {"decision": "approve"})
    done = clara.get(BACKLOG, {"status": "done"}).content.decode()
    assert 'id="done-tasks"' in done and untranslated.title in done and "Clara Curator" in done
    # A translated document cannot be taken again.
    refused = take(tanya, untranslated)
    assert "needs no translation" in tanya.get(refused.url).content.decode()
