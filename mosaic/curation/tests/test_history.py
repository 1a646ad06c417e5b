"""History: every edit is a version, any version can be restored exactly, deletion goes to a
trash a coordinator restores from, and two people saving one record at once never overwrite
each other silently."""
import pytest
from django.urls import reverse
from reversion.models import Version

from mosaic.archives.seed import load_repositories
from mosaic.collections.models import Collection, CollectionMembership
from mosaic.corpus.models import Document
from mosaic.curation import history
from mosaic.curation.tests.admin_forms import form_data
from mosaic.ingest.pipeline import ingest_file
from mosaic.ingest.tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    load_repositories()
    collection = Collection.objects.create(slug="plenum", title="The August Plenum", status="published")
    assert ingest_file(FIXTURES / "letters.jsonl").ok
    document = Document.objects.get(public_id="test-rgani-1956-07-24")
    CollectionMembership.objects.create(collection=collection, document=document, order=1)
    history.snapshot([document], comment="Added to a collection")
    return document


def whole_record(document) -> dict:
    """Every stored value of a document and its parts, keyed by part, without timestamps."""
    state = history._state_from_database(Document.objects.get(pk=document.pk))
    return {key: history._normalise(values) for key, values in state.items()}


def change_page(client, document):
    return client.get(reverse("admin:corpus_document_change", args=[document.pk]))


def test_import_is_the_first_version(archive):
    versions = list(history.versions_of(archive))
    assert [v.revision.comment for v in versions] == ["Added to a collection", "Imported from letters.jsonl"]
    record = history._record_versions(versions[1])
    kinds = sorted({v.content_type.model for v in record})
    assert kinds == ["archivalunit", "credit", "document", "documentagent", "locator", "textlayer"]


def test_an_edit_through_the_staff_form_is_a_version_with_its_author_and_a_diff(client, archive, staff_member):
    curator = staff_member("Curator")
    client.force_login(curator)
    data = form_data(change_page(client, archive))
    data["title"] = "Conversation with Nam Il (retitled)"
    layer_field = next(k for k, v in data.items() if k.startswith("text_layers-") and k.endswith("-text") and "plenum" in v)
    data[layer_field] = "Nam Il said that the plenum would meet in late August."
    response = client.post(reverse("admin:corpus_document_change", args=[archive.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response

    versions = list(history.versions_of(archive))
    assert len(versions) == 3
    latest = versions[0]
    assert latest.revision.user == curator and latest.revision.comment.startswith("Changed")
    changes = {(part.label.split(":")[0], f.name): (f.before, f.after) for part in history.diff_with_previous(latest) for f in part.fields}
    assert changes[("Document", "title")][1] == "Conversation with Nam Il (retitled)"
    assert ("Text layer", "text") in changes

    page = client.get(reverse("admin:corpus_document_version", args=[archive.pk, latest.pk])).content.decode()
    assert "Conversation with Nam Il (retitled)" in page and "would meet in late August" in page
    history_page = client.get(reverse("admin:corpus_document_history", args=[archive.pk])).content.decode()
    assert "curator" in history_page and "Imported from letters.jsonl" in history_page


def test_restore_brings_back_an_edited_document_exactly(client, archive, staff_member, django_capture_on_commit_callbacks):
    before = whole_record(archive)
    version_before_edit = history.versions_of(archive).first()
    client.force_login(staff_member("Curator"))
    data = form_data(change_page(client, archive))
    data["title"] = "A wrong title"
    data["summary"] = "Overwritten summary"
    credit_prefix = next(k[: -len("-id")] for k in data if k.startswith("credits-") and k.endswith("-id"))
    data[f"{credit_prefix}-DELETE"] = "on"  # and a credit removed
    assert client.post(reverse("admin:corpus_document_change", args=[archive.pk]), data).status_code == 302
    archive.refresh_from_db()
    assert archive.title == "A wrong title" and whole_record(archive) != before

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:corpus_document_version", args=[archive.pk, version_before_edit.pk]))
    assert response.status_code == 302

    assert whole_record(archive) == before
    # and the public sees the restored title, in search as well
    assert "A wrong title" not in client.get("/search?q=Nam").content.decode()
    assert client.get("/search", {"q": "Minister"}).content.decode().count("Memorandum of Conversation with Minister") >= 1
    assert [v.revision.comment for v in history.versions_of(archive)][0].startswith("Restored the version of")


def test_deleting_moves_to_the_trash_and_a_coordinator_restores_it_exactly(client, archive, staff_member,
                                                                           django_capture_on_commit_callbacks):
    before = whole_record(archive)
    client.force_login(staff_member("Curator", "curator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:corpus_document_delete", args=[archive.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.filter(pk=archive.pk).exists()
    assert client.get("/documents/test-rgani-1956-07-24/").status_code == 404
    assert "Memorandum of Conversation with Minister" not in client.get("/search?q=Minister").content.decode()

    trash = client.get(reverse("curation:trash")).content.decode()
    assert "Memorandum of Conversation with Minister" in trash and "A coordinator can restore them" in trash
    version = history.deleted_records()[0]
    # a curator may look but not restore
    assert client.post(reverse("curation:restore", args=[version.pk])).status_code == 403

    client.force_login(staff_member("Coordinator", "coordinator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("curation:restore", args=[version.pk]))
    assert response.status_code == 302
    restored = Document.objects.get(public_id="test-rgani-1956-07-24")
    assert whole_record(restored) == before
    assert client.get("/documents/test-rgani-1956-07-24/").status_code == 200
    assert "Memorandum of Conversation with Minister" in client.get("/search?q=Minister").content.decode()
    assert history.deleted_records() == []


def test_a_record_deleted_outside_any_revision_still_reaches_the_trash(archive):
    Document.objects.create(public_id="made-in-a-shell", title="Made in a shell")
    Document.objects.get(public_id="made-in-a-shell").delete()
    assert [v.object_repr for v in history.deleted_records()] == ["made-in-a-shell: Made in a shell"]
    history.restore(history.deleted_records()[0])
    assert Document.objects.get(public_id="made-in-a-shell").title == "Made in a shell"


def test_second_of_two_simultaneous_edits_gets_a_conflict_not_an_overwrite(client, archive, staff_member, django_user_model):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(staff_member("Curator", "ana"))
    second.force_login(staff_member("Curator", "ben"))
    form_a = form_data(change_page(first, archive))
    form_b = form_data(change_page(second, archive))  # both opened the same version

    form_a["title"] = "Ana's title"
    assert first.post(reverse("admin:corpus_document_change", args=[archive.pk]), form_a).status_code == 302
    form_b["title"] = "Ben's title"
    response = second.post(reverse("admin:corpus_document_change", args=[archive.pk]), form_b)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Not saved: ana saved this record at" in body
    archive.refresh_from_db()
    assert archive.title == "Ana's title"
    # after reopening, Ben's edit goes through
    form_b = form_data(change_page(second, archive))
    form_b["title"] = "Ben's title"
    assert second.post(reverse("admin:corpus_document_change", args=[archive.pk]), form_b).status_code == 302


def test_reimport_keeps_what_staff_edited_unless_told_to_replace(client, archive, staff_member, write_jsonl):
    import json

    client.force_login(staff_member("Curator"))
    data = form_data(change_page(client, archive))
    data["summary"] = "A curator's better summary."
    assert client.post(reverse("admin:corpus_document_change", args=[archive.pk]), data).status_code == 302

    records = [json.loads(line) for line in (FIXTURES / "letters.jsonl").read_text().splitlines() if line.strip()]
    records[0]["summary"] = "A changed summary from the source file."
    report = ingest_file(write_jsonl(records, name="letters.jsonl"))
    assert (report.kept, report.kept_ids) == (1, ["test-rgani-1956-07-24"])
    assert "kept because staff edited them" in report.summary()
    archive.refresh_from_db()
    assert archive.summary == "A curator's better summary."

    report = ingest_file(write_jsonl(records, name="letters.jsonl"), replace_edited=True)
    assert report.updated == 1
    archive.refresh_from_db()
    assert archive.summary == "A changed summary from the source file."
    comments = [v.revision.comment for v in history.versions_of(archive)]
    assert comments[0] == "Imported from letters.jsonl" and any(c.startswith("Changed") for c in comments)


def test_history_pages_need_staff(client, archive):
    assert client.get(reverse("admin:corpus_document_history", args=[archive.pk])).status_code == 302
    assert client.get(reverse("curation:trash")).status_code == 302
    version = Version.objects.get_for_object(archive).first()
    assert client.post(reverse("curation:restore", args=[version.pk])).status_code == 302


def test_archival_units_are_edited_inline_and_bad_ones_are_explained(client, archive, staff_member):
    client.force_login(staff_member("Curator"))
    url = reverse("admin:corpus_document_change", args=[archive.pk])
    data = form_data(change_page(client, archive))
    assert data["locators-0-units_text"] == "fond 5; opis 28; delo 410"
    data["locators-0-units_text"] = "fond 5; opis 28; delo 411"
    assert client.post(url, data).status_code == 302
    locator = archive.locators.get()
    assert [(u.unit_type, u.label, u.value) for u in locator.units.all()] == [
        ("fond", "Fond", "5"), ("opis", "Opis", "28"), ("delo", "Delo", "411")]  # printed labels kept
    change = history.diff_with_previous(history.versions_of(archive).first())
    assert any(f.after == "411" for part in change for f in part.fields)

    data = form_data(change_page(client, archive))
    data["locators-0-units_text"] = "fond 5; shelf 3"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "“shelf” in “shelf 3” is not a unit type" in response.content.decode()
    korean = client.post(reverse("admin:corpus_document_change", args=[archive.pk]).replace("/admin/", "/ko/admin/", 1), data)
    assert korean.status_code == 200
    assert "“shelf 3”의 “shelf”은(는) 단위 유형이 아닙니다" in korean.content.decode()  # lib's message, worded in Korean
    data = form_data(change_page(client, archive))
    data["date"] = "1956-02-30"
    response = client.post(url, data)
    assert response.status_code == 200 and "1956-02-30" in response.content.decode()
