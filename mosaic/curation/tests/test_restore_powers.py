"""Restoring a version never does what its user could not do by editing: a curator's restore
keeps the status a coordinator gave a record and the access levels and embargoes a coordinator
set, brings a deleted text or scan back staff-only, and the version page says what it keeps and
why. A coordinator's restore puts everything back, and is recorded as the workflow move it is."""
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from mosaic.collections.models import Collection
from mosaic.corpus.models import Document, TextLayer
from mosaic.curation import history, workflow
from mosaic.curation.tests.admin_forms import form_data
from mosaic.preservation.models import DocumentFile
from mosaic.preservation.store import store_stream
from mosaic.preservation.tests.conftest import file_store, page_image  # noqa: F401 (file_store is a fixture)
from mosaic.publications.models import Publication
from mosaic.search.index import rebuild

pytestmark = pytest.mark.django_db

TITLE_WORD = "zzsubject"  # in the fixture documents' titles: finds a document in search
WORD = "zzrestorable"  # only in their texts: finds their text in search


@pytest.fixture
def curator(staff_member):
    return staff_member("Curator")


@pytest.fixture
def coordinator(staff_member):
    return staff_member("Coordinator")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request leaves for after its commit (re-indexing), as it runs on a server."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def published(coordinator):
    """A public document with one public English text, published through the workflow."""
    document = Document.objects.create(public_id="memo-1958", title=f"Memorandum on the {TITLE_WORD} question")
    TextLayer.objects.create(document=document, kind="translation", language="en", text=f"The {WORD} question was raised.")
    publish(document, coordinator)
    rebuild()
    return document


def publish(record, coordinator):
    workflow.move(record, "in_review", coordinator)
    workflow.move(record, "published", coordinator)


def latest_version(record):
    return history.versions_of(record).first()


def admin_url(record, view, *args):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk, *args])


def edit(client, user, record, fields=None, parts=None):
    """Save the record's staff form as this user would: the form as shown, with these fields
    changed, and parts changed by (related name, part) -> their fields."""
    client.force_login(user)
    data = form_data(client.get(admin_url(record, "change")))
    data.update(fields or {})
    for (related_name, part), changes in (parts or {}).items():
        prefix = next(key[: -len("-id")] for key, value in data.items()
                      if key.startswith(f"{related_name}-") and key.endswith("-id") and value == str(part.pk))
        data.update({f"{prefix}-{name}": value for name, value in changes.items()})
    response = client.post(admin_url(record, "change"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def restore_as(client, user, record, version):
    client.force_login(user)
    response = client.post(admin_url(record, "version", version.pk), follow=True)
    assert response.status_code == 200
    assert latest_version(record).revision.comment.startswith("Restored the version of")
    return response.content.decode()


def public_sees(document) -> bool:
    reader = Client()
    page = reader.get(f"/documents/{document.public_id}/")
    found = document.public_id in reader.get("/api/search", {"q": TITLE_WORD}).content.decode()
    api = reader.get(f"/api/documents/{document.public_id}").status_code == 200
    assert (page.status_code == 200) == found == api, "every channel must agree"
    return found


def text_is_public(document) -> bool:
    """Whether the fixture's text reaches anonymous readers, on the page and in search."""
    page = Client().get(f"/documents/{document.public_id}/").content.decode()
    found = document.public_id in Client().get("/api/search", {"q": WORD}).content.decode()
    assert (WORD in page) == found, "page and search must agree"
    return found


def test_a_curators_restore_leaves_a_withdrawn_document_withdrawn(client, published, curator, coordinator, committed):
    published_version = latest_version(published)
    with committed():
        workflow.move(published, "withdrawn", coordinator, note="rights question")
    with committed():
        edit(client, curator, published, {"title": "A title the curator regrets"})

    with committed():
        page = restore_as(client, curator, published, published_version)

    published.refresh_from_db()
    assert published.title == f"Memorandum on the {TITLE_WORD} question"  # what a curator may change is restored
    assert published.status == "withdrawn"
    assert not public_sees(published)
    assert f"Not restored: Document: memo-1958: Memorandum on the {TITLE_WORD} question: Status stays “Withdrawn”" in page
    moves = [(e.from_status, e.to_status, e.user.username) for e in workflow.events_for(published)]
    assert moves == [("published", "withdrawn", "coordinator"), ("in_review", "published", "coordinator"),
                     ("draft", "in_review", "coordinator")]  # no move pretends the curator published
    assert "kept: status “Withdrawn”" in latest_version(published).revision.comment


def test_a_curators_restore_keeps_the_access_a_coordinator_set_on_a_document_and_its_text(client, published, curator,
                                                                                        coordinator, committed):
    open_version = latest_version(published)
    layer = published.text_layers.get()
    with committed():
        edit(client, coordinator, published, {"access": "staff"}, parts={("text_layers", layer): {"access": "staff"}})
    assert not public_sees(published)

    with committed():
        restore_as(client, curator, published, open_version)
    published.refresh_from_db()
    layer.refresh_from_db()
    assert (published.access, layer.access) == ("staff", "staff")
    assert not public_sees(published)

    # Only the document closed: the text, still staff-only, must not come back with the document.
    with committed():
        edit(client, coordinator, published, {"access": "public"})
    assert public_sees(published) and not text_is_public(published)


def test_a_curators_restore_keeps_an_embargo_date(client, coordinator, curator, committed):
    document = Document.objects.create(public_id="memo-1959", title=f"An embargo on the {TITLE_WORD} question that had ended", access="embargoed",
                                       embargo_until=dt.date(2000, 1, 1))
    TextLayer.objects.create(document=document, kind="translation", language="en", text=f"The {WORD} embargo.")
    publish(document, coordinator)
    rebuild()
    ended_version = latest_version(document)
    assert public_sees(document)
    with committed():
        edit(client, coordinator, document, {"embargo_until": "2999-01-01"})
    assert not public_sees(document)

    with committed():
        restore_as(client, curator, document, ended_version)
    document.refresh_from_db()
    assert (document.access, document.embargo_until) == ("embargoed", dt.date(2999, 1, 1))
    assert not public_sees(document)


def test_a_curators_restore_keeps_a_scans_access(client, published, curator, coordinator, committed, file_store):
    scan = DocumentFile.objects.create(document=published, label="Scan of the memorandum",
                                       stored_file=store_stream(io.BytesIO(page_image("Memorandum")), name="memo.png"))
    with committed():
        edit(client, curator, published, {"summary": "With its scan."})  # a version holding the open scan
    open_version = latest_version(published)
    image_info = f"/iiif/image/{scan.stored_file.sha256}/1/info.json"
    assert Client().get(image_info).status_code == 200
    with committed():
        edit(client, coordinator, published, parts={("files", scan): {"access": "staff"}})
    assert Client().get(image_info).status_code == 404

    with committed():
        restore_as(client, curator, published, open_version)
    scan.refresh_from_db()
    assert scan.access == "staff"
    assert Client().get(image_info).status_code == 404
    assert "Scan of the memorandum" not in Client().get(f"/documents/{published.public_id}/").content.decode()


def test_a_deleted_text_comes_back_staff_only_from_a_curators_restore(client, published, curator, coordinator, committed):
    open_version = latest_version(published)
    layer = published.text_layers.get()
    with committed():
        edit(client, coordinator, published, parts={("text_layers", layer): {"access": "staff"}})
    with committed():
        edit(client, curator, published, parts={("text_layers", layer): {"DELETE": "on"}})
    assert not published.text_layers.exists()

    client.force_login(curator)
    page = client.get(admin_url(published, "version", open_version.pk)).content.decode()
    assert "comes back with access “Staff only”, not “Public”: a text or file a curator adds starts staff-only" in page
    with committed():
        restore_as(client, curator, published, open_version)
    assert published.text_layers.get().access == "staff"
    assert public_sees(published) and not text_is_public(published)


@pytest.mark.parametrize("model, public_url", [(Collection, "/collections/{slug}/"), (Publication, "/publications/{slug}/")])
def test_a_curators_restore_leaves_a_withdrawn_collection_or_publication_withdrawn(client, model, public_url, curator,
                                                                                   coordinator, committed):
    fields = {"kind": "essay"} if model is Publication else {}
    record = model.objects.create(slug="zz-restorable", title="A list later withdrawn", **fields)
    publish(record, coordinator)
    published_version = latest_version(record)
    url = public_url.format(slug=record.slug)
    assert Client().get(url).status_code == 200
    workflow.move(record, "withdrawn", coordinator)
    with committed():
        edit(client, curator, record, {"title": "A list renamed by the curator"})

    restore_as(client, curator, record, published_version)
    record.refresh_from_db()
    assert (record.title, record.status) == ("A list later withdrawn", "withdrawn")
    assert Client().get(url).status_code == 404
    assert workflow.events_for(record).first().to_status == "withdrawn"


def test_the_version_page_says_what_a_curators_restore_keeps_and_why(client, published, curator, coordinator, committed):
    open_version = latest_version(published)
    with committed():
        workflow.move(published, "withdrawn", coordinator)
    with committed():
        edit(client, coordinator, published, {"access": "staff"})

    client.force_login(curator)
    response = client.get(admin_url(published, "version", open_version.pk))
    page = response.content.decode()
    assert "What restoring will not change" in page
    assert "Status stays “Withdrawn”, not “Published”: only a coordinator can publish or withdraw." in page
    assert "Access stays “Staff only”, not “Public”: only a coordinator changes who may see it." in page
    # and what it lists as changing is what the restore will really do: nothing, here
    assert response.context["restore_changes"] == []
    assert "Nothing you may restore" in page and "Restore this version</button>" not in page

    client.force_login(coordinator)
    response = client.get(admin_url(published, "version", open_version.pk))
    assert "What restoring will not change" not in response.content.decode()
    changed = {f.name for part in response.context["restore_changes"] for f in part.fields}
    assert {"status", "access"} <= changed


def test_a_coordinators_restore_puts_status_and_access_back(client, published, coordinator, committed):
    open_version = latest_version(published)
    layer = published.text_layers.get()
    with committed():
        workflow.move(published, "withdrawn", coordinator)
    with committed():
        edit(client, coordinator, published, {"access": "staff"}, parts={("text_layers", layer): {"access": "staff"}})
    assert not public_sees(published)

    with committed():
        page = restore_as(client, coordinator, published, open_version)
    published.refresh_from_db()
    assert (published.status, published.access, published.text_layers.get().access) == ("published", "public", "public")
    assert public_sees(published) and text_is_public(published)
    assert "Not restored" not in page
    move = workflow.events_for(published).first()
    assert (move.from_status, move.to_status, move.user) == ("withdrawn", "published", coordinator)
    assert move.note.startswith("Restored the version of")


def test_a_curators_restore_makes_the_moves_a_curator_may_make_and_records_them(client, curator, committed):
    document = Document.objects.create(public_id="memo-1960", title="A draft")
    workflow.move(document, "in_review", curator)
    in_review = latest_version(document)
    workflow.move(document, "draft", curator, note="needs a date")
    with committed():
        restore_as(client, curator, document, in_review)
    document.refresh_from_db()
    assert document.status == "in_review"
    move = workflow.events_for(document).first()
    assert (move.from_status, move.to_status, move.user) == ("draft", "in_review", curator)
