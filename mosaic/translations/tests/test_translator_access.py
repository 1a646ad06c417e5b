"""A translator sees what the public sees, plus the documents of their open tasks whole: the
backlog, taking a task and the document's pages follow the access policy, not staff status."""
import datetime as dt

import pytest
from django.test import Client

from mosaic.corpus.models import Document, TextLayer
from mosaic.translations.models import TranslationTask

pytestmark = pytest.mark.django_db

BACKLOG = "/staff/translations/"
DRAFT_ORIGINAL = "Черновик: запись беседы о гастролях."


@pytest.fixture
def draft(db):
    """A draft, staff-only document whose Russian original awaits translation."""
    document = Document.objects.create(public_id="fixture-ru-draft", title="Fixture: draft record of a conversation",
                                       status="draft", access="staff", original_language="ru", date="1957-03",
                                       date_min=dt.date(1957, 3, 1), date_max=dt.date(1957, 3, 31))
    TextLayer.objects.create(document=document, kind="original", language="ru", access="staff", text=DRAFT_ORIGINAL)
    return document


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_translator_sees_only_public_documents_and_their_own_tasks(untranslated, draft, translator, curator):
    tanya, clara = client_for(translator), client_for(curator)
    backlog = tanya.get(BACKLOG).content.decode()
    assert untranslated.public_id in backlog and draft.public_id not in backlog
    assert draft.public_id in clara.get(BACKLOG).content.decode()  # curators see every record
    # Taking a document one may not see is refused as if it did not exist, and opens nothing.
    assert tanya.post("/staff/translations/take", {"document": draft.public_id}).status_code == 404
    assert not TranslationTask.objects.filter(document=draft).exists()
    assert tanya.get(f"/documents/{draft.public_id}/").status_code == 404

    assert clara.post("/staff/translations/assign", {"document": draft.public_id, "assignee": translator.pk}).status_code == 302
    task = TranslationTask.objects.get(document=draft)
    assert draft.public_id in tanya.get(BACKLOG).content.decode()
    assert DRAFT_ORIGINAL in tanya.get(f"/documents/{draft.public_id}/").content.decode()
    assert DRAFT_ORIGINAL in tanya.get(f"/staff/translations/{task.pk}/").content.decode()

    # Another translator, or the same one once the task is done, sees it no more.
    task.status = TranslationTask.DONE
    task.save()
    assert tanya.get(f"/documents/{draft.public_id}/").status_code == 404
    assert tanya.get(f"/staff/translations/{task.pk}/").status_code == 403
    assert DRAFT_ORIGINAL not in tanya.get(BACKLOG, {"status": "done"}).content.decode()


def test_a_translator_sees_the_restricted_original_of_a_public_document_only_while_it_is_their_task(
        untranslated, translator, other_translator):
    tanya, otto = client_for(translator), client_for(other_translator)
    original = untranslated.text_layers.get(kind="original").text
    assert original not in tanya.get(f"/documents/{untranslated.public_id}/").content.decode()
    tanya.post("/staff/translations/take", {"document": untranslated.public_id})
    assert original in tanya.get(f"/documents/{untranslated.public_id}/").content.decode()
    assert original in [text["text"] for text in tanya.get(f"/api/documents/{untranslated.public_id}").json()["texts"]]
    assert original not in otto.get(f"/documents/{untranslated.public_id}/").content.decode()
