"""Readers' requests, the ranking they feed, the command line and the admin."""
import datetime as dt
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import Document, TextLayer
from mosaic.translations.backlog import build_backlog, untranslated_documents
from mosaic.translations.models import TranslationRequest

pytestmark = pytest.mark.django_db


def request_translation(client, public_id, language="en", follow=False):
    return client.post(f"/documents/{public_id}/request-translation", {"language": language}, follow=follow)


def make_document(public_id, **fields):
    document = Document.objects.create(public_id=public_id, title=f"Fixture {public_id}", status="published",
                                       original_language="hu", origin_country="Hungary", **fields)
    TextLayer.objects.create(document=document, kind="original", language="hu", access="staff", text="Szöveg " * 50)
    return document


def test_a_reader_asks_once_and_is_told_so(untranslated):
    reader = Client()
    page = reader.get(f"/documents/{untranslated.public_id}/").content.decode()
    assert "Request an English translation" in page and "No one has asked yet." in page

    response = request_translation(reader, untranslated.public_id)
    assert response.status_code == 302
    assert response.url == f"/documents/{untranslated.public_id}/?translation-request=recorded#translation-request"
    page = reader.get(response.url).content.decode()
    assert "your request for a translation is recorded" in page and "1 reader asked so far." in page
    assert "You have asked for one." in page and "Request an English translation" not in page

    again = request_translation(reader, untranslated.public_id, follow=True)
    assert again.status_code == 200 and "already asked" in again.content.decode()
    # A fresh session from the same address is the same reader.
    assert "already asked" in request_translation(Client(), untranslated.public_id, follow=True).content.decode()
    assert TranslationRequest.objects.count() == 1
    stored = TranslationRequest.objects.get()
    assert stored.address_hash and "127.0.0.1" not in stored.address_hash and len(stored.address_hash) == 64


def test_each_address_is_limited_per_hour(untranslated):
    with override_settings(MOSAIC_TRANSLATION_REQUESTS_PER_HOUR=2):
        for number in range(3):
            make_document(f"fixture-hu-{number}")
        reader = Client(REMOTE_ADDR="198.51.100.7")
        assert "recorded" in request_translation(reader, "fixture-hu-0").url
        assert "recorded" in request_translation(reader, "fixture-hu-1").url
        throttled = request_translation(reader, "fixture-hu-2", follow=True)
        assert throttled.status_code == 200 and "Too many translation requests" in throttled.content.decode()
        assert "recorded" in request_translation(Client(REMOTE_ADDR="198.51.100.8"), "fixture-hu-2").url
        assert TranslationRequest.objects.count() == 3


def test_signed_in_readers_count_once_whatever_their_address(untranslated, reader):
    for address in ("192.0.2.1", "192.0.2.2"):
        client = Client(REMOTE_ADDR=address)
        client.force_login(reader)
        request_translation(client, untranslated.public_id)
    assert TranslationRequest.objects.filter(user=reader).count() == 1


def test_requests_for_what_a_reader_cannot_see_are_not_found(untranslated):
    draft = make_document("fixture-draft")
    draft.status = "draft"
    draft.save()
    restricted = make_document("fixture-restricted", access="staff")
    reader = Client()
    for document in (draft, restricted):
        assert request_translation(reader, document.public_id).status_code == 404
        assert reader.get(f"/documents/{document.public_id}/request-translation").status_code in (404, 405)
    assert reader.get(f"/documents/{untranslated.public_id}/request-translation").status_code == 405
    assert request_translation(reader, untranslated.public_id, language="xx").status_code == 400
    assert TranslationRequest.objects.count() == 0


def test_no_form_where_a_translation_is_readable_or_no_text_is_held(untranslated):
    reader = Client()
    catalogue = Document.objects.create(public_id="fixture-catalogue", title="Fixture catalogue record", status="published",
                                        catalogue_only=True, original_language="ru")
    assert "Request an English translation" not in reader.get("/documents/fixture-catalogue/").content.decode()
    assert "cannot be requested" in request_translation(reader, catalogue.public_id, follow=True).content.decode()

    TextLayer.objects.create(document=untranslated, kind="translation", language="en", text="A public translation.")
    assert "Request an English translation" not in reader.get(f"/documents/{untranslated.public_id}/").content.decode()


def test_a_withheld_translation_is_not_betrayed_by_the_form(untranslated):
    """With a staff-only English translation the reader sees what they would see without one."""
    reader = Client()
    before = reader.get(f"/documents/{untranslated.public_id}/").content.decode()
    TextLayer.objects.create(document=untranslated, kind="translation", language="en", access="staff", text="LEAKCANARY")
    after = reader.get(f"/documents/{untranslated.public_id}/").content.decode()
    assert "Request an English translation" in after and "LEAKCANARY" not in after
    def section(body):  # the box, without the CSRF token (masked afresh on every page)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body.split('id="translation-request"')[1].split("</section>")[0])

    assert section(before) == section(after)
    assert "recorded" in request_translation(reader, untranslated.public_id).url


def test_requests_and_collection_priority_raise_the_rank(untranslated):
    quiet = make_document("fixture-hu-quiet", date="1956-09", date_min=dt.date(1956, 9, 1), date_max=dt.date(1956, 9, 30))
    first = [entry.document.public_id for entry in build_backlog("en")]
    assert set(first) == {untranslated.public_id, quiet.public_id}

    ranked_before = {e.document.public_id: e for e in build_backlog("en")}
    for address in ("192.0.2.10", "192.0.2.11", "192.0.2.12"):
        request_translation(Client(REMOTE_ADDR=address), quiet.public_id)
    ranked = {e.document.public_id: e for e in build_backlog("en")}
    requests = ranked[quiet.public_id].priority.factor("reader_requests")
    assert requests.raw == 3 and "3 readers asked" in requests.explanation
    assert ranked[quiet.public_id].priority.score > ranked_before[quiet.public_id].priority.score
    assert ranked[quiet.public_id].rank == 1

    urgent = Collection.objects.create(slug="fixture-urgent", title="Fixture urgent collection", translation_priority=5)
    CollectionMembership.objects.create(collection=urgent, document=untranslated)
    ranked = {e.document.public_id: e for e in build_backlog("en")}
    assert ranked[untranslated.public_id].priority.factor("collection_priority").normalised == 1

    with override_settings(MOSAIC_TRANSLATION_PRIORITY={"weights": {"reader_requests": 0, "collection_priority": 1}}):
        assert build_backlog("en")[0].document == untranslated
    with override_settings(MOSAIC_TRANSLATION_PRIORITY={"weights": {"reader_requests": 1, "collection_priority": 0}}):
        assert build_backlog("en")[0].document == quiet


def test_the_facts_behind_length_and_coverage(untranslated):
    entry = build_backlog("en")[0]
    length = entry.priority.factor("length_cost")
    assert "3 pages (from the folio range)" in length.explanation and length.raw == 90  # 3 folios × 30 a page
    with override_settings(MOSAIC_TRANSLATION_COST_PER_PAGE=10):
        assert build_backlog("en")[0].priority.factor("length_cost").raw == 30

    gap = entry.priority.factor("coverage_gap")
    assert gap.raw == 0 and "USSR, 1956" in gap.explanation
    translated = Document.objects.create(public_id="fixture-translated", title="Translated", status="published",
                                         origin_country="USSR", date="1956", date_min=dt.date(1956, 1, 1), date_max=dt.date(1956, 12, 31))
    TextLayer.objects.create(document=translated, kind="translation", language="en", text="Done already.")
    TextLayer.objects.create(document=translated, kind="original", language="ru", text="Уже переведено.")
    assert build_backlog("en")[0].priority.factor("coverage_gap").raw == 1
    assert not untranslated_documents("en").filter(pk=translated.pk).exists()


def test_what_counts_as_untranslated(untranslated):
    english = Document.objects.create(public_id="fixture-en", title="English original", original_language="en", status="published")
    TextLayer.objects.create(document=english, kind="original", language="en", text="Written in English.")
    catalogue = Document.objects.create(public_id="fixture-cat", title="Catalogue", catalogue_only=True, original_language="ru")
    TextLayer.objects.create(document=catalogue, kind="original", language="ru", text="Текст.")
    withdrawn = make_document("fixture-withdrawn")
    withdrawn.status = "withdrawn"
    withdrawn.save()
    no_text = Document.objects.create(public_id="fixture-no-text", title="No text", original_language="ru", status="published")
    machine_only = Document.objects.create(public_id="fixture-machine", title="Machine", original_language="ru", status="published")
    TextLayer.objects.create(document=machine_only, kind="machine_draft", language="en", text="Machine words.")
    assert list(untranslated_documents("en")) == [untranslated]
    assert set(untranslated_documents("ko")) == {untranslated, english}


def test_the_backlog_on_the_command_line(untranslated, capsys):
    call_command("translations", "backlog")
    out = capsys.readouterr().out
    assert "Priority score (a heuristic)" in out and untranslated.public_id in out and untranslated.title in out
    assert out.splitlines()[1].split()[0] == "1"

    call_command("translations", "backlog", "--json", "--limit", "1", "--language", "en")
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 1 and data[0]["public_id"] == untranslated.public_id and data[0]["rank"] == 1
    assert {f["factor"] for f in data[0]["factors"]} == {"reader_requests", "collection_priority", "length_cost", "coverage_gap"}
    assert abs(sum(f["contribution"] for f in data[0]["factors"]) - data[0]["score"]) < 0.001


def test_the_admin_lists_tasks_and_requests(untranslated, translator, django_user_model):
    coordinator = django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-passphrase")
    client = Client()
    client.force_login(coordinator)
    take = Client()
    take.force_login(translator)
    take.post("/staff/translations/take", {"document": untranslated.public_id})
    request_translation(Client(), untranslated.public_id)
    tasks = client.get("/admin/translations/translationtask/").content.decode()
    assert untranslated.public_id in tasks and "Open the workspace" in tasks
    assert client.get("/admin/translations/translationrequest/").status_code == 200
    task_id = untranslated.translation_tasks.get().pk
    assert client.get(f"/admin/translations/translationtask/{task_id}/change/").status_code == 200
    assert client.get("/admin/collections/collection/add/").content.decode().count("translation_priority") >= 1


def test_the_demo_corpus_has_demonstration_records_awaiting_translation(demo_db, client):
    from mosaic.ingest.demo import SCANNED_DEMO_DOCUMENT

    demo = Document.objects.filter(public_id__startswith="demo-").exclude(public_id=SCANNED_DEMO_DOCUMENT)
    assert demo.count() == 4
    backlog = {entry.document.public_id for entry in build_backlog("en")}
    assert set(demo.values_list("public_id", flat=True)) <= backlog
    for document in demo:
        assert document.status == "published" and "Demonstration record" in document.title
        assert "not an archival document" in document.rights
        assert list(document.text_layers.values_list("kind", "access")) == [("original", "staff")]
        page = client.get(f"/documents/{document.public_id}/").content.decode()
        assert "Request an English translation" in page and document.text_layers.get().text[40:80] not in page


def test_the_staff_roles_carry_the_translation_permissions(untranslated, django_user_model):
    from mosaic.curation.roles import grant as grant_role
    from mosaic.curation.roles import sync_roles

    sync_roles()
    translator = django_user_model.objects.create_user("role-translator", password="a-long-passphrase")
    curator = django_user_model.objects.create_user("role-curator", password="a-long-passphrase")
    grant_role(translator, "Translator")
    grant_role(curator, "Curator")
    as_translator, as_curator = Client(), Client()
    as_translator.force_login(translator)
    as_curator.force_login(curator)
    assert as_translator.get("/staff/translations/").status_code == 200
    taken = as_translator.post("/staff/translations/take", {"document": untranslated.public_id})
    assert taken.status_code == 302 and as_translator.get(taken.url).status_code == 200
    task = untranslated.translation_tasks.get()
    as_translator.post(taken.url, {"draft": "Role-based translation.", "revision": 0, "action": "submit"})
    as_curator.post(f"/staff/translations/{task.pk}/review", {"decision": "approve"})
    task.refresh_from_db()
    assert task.status == "done"


def test_in_the_admin_translators_see_only_their_tasks_and_the_workflow_owns_the_status(
        untranslated, translator, other_translator, curator):
    as_translator, as_other, as_curator = Client(), Client(), Client()
    as_translator.force_login(translator)
    as_other.force_login(other_translator)
    as_curator.force_login(curator)
    as_translator.post("/staff/translations/take", {"document": untranslated.public_id})
    task = untranslated.translation_tasks.get()
    change = f"/admin/translations/translationtask/{task.pk}/change/"

    assert untranslated.public_id not in as_other.get("/admin/translations/translationtask/").content.decode()
    assert as_other.get(change).status_code == 302  # not found for him: back to the list
    assert as_other.get("/admin/translations/translationtask/add/").status_code == 403

    form = as_translator.get(change).content.decode()
    assert 'name="status"' not in form and 'name="draft"' not in form and 'name="assignee"' not in form
    form = as_curator.get(change).content.decode()
    assert 'name="assignee"' in form and 'name="status"' not in form and 'name="draft"' not in form
