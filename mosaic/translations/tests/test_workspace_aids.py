"""The workspace's aids: name-check suggestions from the name authority and the machine
translation slot (tested with a test double; no engine ships with Mosaic)."""
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from mosaic.corpus.models import TextLayer
from mosaic.entities.house_style import house_form
from mosaic.entities.models import Person
from mosaic.translations.machine import get_machine_translator
from mosaic.translations.models import TranslationTask

pytestmark = pytest.mark.django_db


class WordReversingEngine:
    """A test double for the pluggable slot: reverses the order of the words."""

    name = "Word reverser (test double)"

    def translate(self, text, source_language, target_language):
        return f"[{source_language}→{target_language}] " + " ".join(reversed(text.split()))


class BrokenEngine:
    name = "Broken engine (test double)"

    def translate(self, text, source_language, target_language):
        raise ConnectionError("engine unreachable")


class NotAnEngine:
    pass


@pytest.fixture
def task(untranslated, translator):
    client = Client()
    client.force_login(translator)
    client.post("/staff/translations/take", {"document": untranslated.public_id})
    return TranslationTask.objects.get()


@pytest.fixture
def tanya(translator):
    client = Client()
    client.force_login(translator)
    return client


def test_names_in_the_original_and_the_draft_are_checked_against_the_house_style(authority, task, tanya):
    kim = Person.objects.get(person_id="P001")
    preferred = house_form(kim)
    assert preferred and "Kim Ir Sen" not in preferred
    tanya.post(f"/staff/translations/{task.pk}/autosave", data=json.dumps({"draft": "Kim Ir Sen received the ambassador.", "revision": 0}),
               content_type="application/json")
    body = tanya.get(f"/staff/translations/{task.pk}/").content.decode()
    draft_names = body.split('id="draft-names"')[1].split("</table>")[0]
    source_names = body.split('id="source-names"')[1].split("</table>")[0]
    assert "Kim Ir Sen" in draft_names and preferred in draft_names
    assert "Ким Ир Сен" in source_names and preferred in source_names
    assert "heuristic" in body

    tanya.post(f"/staff/translations/{task.pk}/autosave", data=json.dumps({"draft": f"{preferred} received the ambassador.", "revision": 1}),
               content_type="application/json")
    body = tanya.get(f"/staff/translations/{task.pk}/").content.decode()
    assert "Every name the authority recognises in the draft is in the house style." in body
    assert TranslationTask.objects.get().draft == f"{preferred} received the ambassador."  # suggestions never edit


def test_no_machine_translation_unless_an_engine_is_configured(task, tanya):
    assert get_machine_translator() is None
    body = tanya.get(f"/staff/translations/{task.pk}/").content.decode()
    assert "No machine translation engine is configured, and none runs offline" in body
    answer = tanya.post(f"/staff/translations/{task.pk}/machine-draft")
    assert "No machine translation engine is configured." in answer.content.decode()


@override_settings(MOSAIC_MACHINE_TRANSLATOR=f"{__name__}.WordReversingEngine")
def test_a_configured_engine_fills_a_separate_pane_and_nothing_is_saved(task, tanya):
    body = tanya.get(f"/staff/translations/{task.pk}/").content.decode()
    assert "Show a machine translation by Word reverser (test double)" in body
    answer = tanya.post(f"/staff/translations/{task.pk}/machine-draft").content.decode()
    pane = answer.split('id="machine-suggestion"')[1].split("</section>")[0]
    assert "machine-made" in pane and "[ru→en] театра. гастролей и студентами" in pane
    task.refresh_from_db()
    assert task.draft == "" and task.revision == 0
    assert not TextLayer.objects.filter(kind__in=["translation", "machine_draft"]).exists()


@override_settings(MOSAIC_MACHINE_TRANSLATOR=f"{__name__}.BrokenEngine")
def test_an_engine_failure_is_reported_not_crashed(task, tanya):
    answer = tanya.post(f"/staff/translations/{task.pk}/machine-draft")
    assert answer.status_code == 200 and "Broken engine (test double) failed: engine unreachable" in answer.content.decode()


def test_a_misconfigured_engine_is_named_plainly():
    with override_settings(MOSAIC_MACHINE_TRANSLATOR=f"{__name__}.NotAnEngine"), pytest.raises(ImproperlyConfigured, match="translate"):
        get_machine_translator()
    with override_settings(MOSAIC_MACHINE_TRANSLATOR="nowhere.Engine"), pytest.raises(ImproperlyConfigured, match="cannot be imported"):
        get_machine_translator()


@override_settings(MOSAIC_MACHINE_TRANSLATOR=f"{__name__}.WordReversingEngine")
def test_only_the_assigned_translator_asks_the_engine(task, other_translator):
    otto = Client()
    otto.force_login(other_translator)
    assert otto.post(f"/staff/translations/{task.pk}/machine-draft").status_code == 403


def test_a_document_with_no_text_says_so(task, tanya, untranslated):
    untranslated.text_layers.all().delete()
    body = tanya.get(f"/staff/translations/{task.pk}/").content.decode()
    assert "No text of this document is held here, only scans" in body


def test_user_text_is_escaped_in_the_workspace(task, tanya):
    tanya.post(f"/staff/translations/{task.pk}/autosave", data=json.dumps({"draft": "<script>alert(1)</script>", "revision": 0}),
               content_type="application/json")
    body = tanya.get(f"/staff/translations/{task.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_autosave_refuses_unreadable_input(task, tanya):
    url = f"/staff/translations/{task.pk}/autosave"
    assert tanya.post(url, data="{not json", content_type="application/json").status_code == 400
    assert tanya.post(url, data=json.dumps({"draft": "x"}), content_type="application/json").status_code == 400
    assert tanya.post(url, {"draft": "form-encoded works too", "revision": "0"}).status_code == 200
    assert tanya.get(url).status_code == 405
