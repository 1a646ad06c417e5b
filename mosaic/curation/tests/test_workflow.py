"""The workflow: draft → in review → published → withdrawn, who may move what, and that only
published records exist for the public."""
import pytest
from django.urls import reverse

from mosaic.collections.models import Collection
from mosaic.corpus.models import Document, TextLayer
from mosaic.curation import workflow
from mosaic.curation.models import WorkflowEvent
from mosaic.curation.tests.admin_forms import form_data
from mosaic.publications.models import Publication
from mosaic.search.index import rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    document = Document.objects.create(public_id="memo-1957", title="Memorandum on the zzworkflow question", status="draft")
    TextLayer.objects.create(document=document, kind="translation", language="en", text="The zzworkflow question was raised.")
    rebuild()
    return document


def public_sees(client, document) -> bool:
    page = client.get(f"/documents/{document.public_id}/").status_code == 200
    found = "memo-1957" in client.get("/api/search", {"q": "zzworkflow"}).content.decode()
    api = client.get(f"/api/documents/{document.public_id}").status_code == 200
    assert page == found == api, "every channel must agree"
    return page


def test_curator_submits_coordinator_publishes_and_withdraws(client, draft, staff_member, django_capture_on_commit_callbacks):
    curator, coordinator = staff_member("Curator"), staff_member("Coordinator")
    assert not public_sees(client, draft)

    workflow.move(draft, "in_review", curator, note="ready")
    with pytest.raises(workflow.WorkflowError, match="Only a coordinator can publish"):
        workflow.move(draft, "published", curator)
    assert not public_sees(client, draft)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(draft, "published", coordinator)
    assert public_sees(client, draft)
    with pytest.raises(workflow.WorkflowError, match="can only go to withdrawn"):
        workflow.move(draft, "draft", coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(draft, "withdrawn", coordinator, note="rights question")
    assert not public_sees(client, draft)

    events = [(e.from_status, e.to_status, e.user.username, e.note) for e in workflow.events_for(draft)]
    assert events == [("published", "withdrawn", "coordinator", "rights question"),
                      ("in_review", "published", "coordinator", ""),
                      ("draft", "in_review", "curator", "ready")]
    assert all(e.at for e in WorkflowEvent.objects.all())


def test_workflow_buttons_and_bulk_actions_in_the_staff_interface(client, draft, staff_member):
    client.force_login(staff_member("Curator"))
    page = client.get(reverse("admin:corpus_document_change", args=[draft.pk])).content.decode()
    assert "Submit for review" in page and "Publish</button>" not in page
    client.post(reverse("admin:corpus_document_move", args=[draft.pk, "in_review"]), {"note": "please check"})
    draft.refresh_from_db()
    assert draft.status == "in_review"

    changelist = reverse("admin:corpus_document_changelist")
    response = client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert "Only a coordinator can publish" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "in_review"

    client.force_login(staff_member("Coordinator"))
    page = client.get(reverse("admin:corpus_document_change", args=[draft.pk])).content.decode()
    assert "Publish</button>" in page and "please check" in page
    response = client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert "Publish: 1 record(s)." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "published"


def test_status_cannot_be_changed_by_editing_the_form(client, draft, staff_member):
    client.force_login(staff_member("Curator"))
    data = form_data(client.get(reverse("admin:corpus_document_change", args=[draft.pk])))
    data["status"] = "published"
    assert client.post(reverse("admin:corpus_document_change", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_only_a_coordinator_changes_access_and_a_curators_new_text_starts_staff_only(client, draft, staff_member):
    url = reverse("admin:corpus_document_change", args=[draft.pk])
    client.force_login(staff_member("Curator"))
    data = form_data(client.get(url))
    assert "access" not in data  # shown, not editable
    data["access"] = "staff"
    prefix = "text_layers"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-kind": "original", f"{prefix}-{total}-language": "ru",
                 f"{prefix}-{total}-text": "Оригинал, который архив не разрешает публиковать.", f"{prefix}-{total}-order": "2"})
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.access == "public"
    assert draft.text_layers.get(language="ru").access == "staff"

    client.force_login(staff_member("Coordinator"))
    data = form_data(client.get(url))
    data["access"], data["embargo_until"] = "embargoed", "2031-01-01"
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.access == "embargoed"


def test_collections_and_publications_follow_the_same_workflow(client, staff_member):
    coordinator = staff_member("Coordinator")
    collection = Collection.objects.create(slug="zz-coll", title="A collection in draft", status="draft")
    publication = Publication.objects.create(slug="zz-pub", kind="essay", title="An essay in draft", status="draft")
    assert client.get("/collections/zz-coll/").status_code == 404
    assert client.get("/publications/zz-pub/").status_code == 404
    for record in (collection, publication):
        workflow.move(record, "in_review", coordinator)
        workflow.move(record, "published", coordinator)
    assert client.get("/collections/zz-coll/").status_code == 200
    assert client.get("/publications/zz-pub/").status_code == 200
    client.force_login(coordinator)
    page = client.get(reverse("admin:publications_publication_change", args=[publication.pk])).content.decode()
    assert "Withdraw</button>" in page


def test_bulk_add_to_collection_and_number_by_date(client, staff_member):
    import datetime as dt

    late = Document.objects.create(public_id="late", title="Late", date="1960", date_min=dt.date(1960, 1, 1), date_max=dt.date(1960, 12, 31))
    early = Document.objects.create(public_id="early", title="Early", date="1950", date_min=dt.date(1950, 1, 1), date_max=dt.date(1950, 12, 31))
    collection = Collection.objects.create(slug="bulk", title="Bulk target")
    client.force_login(staff_member("Curator"))
    changelist = reverse("admin:corpus_document_changelist")
    chooser = client.post(changelist, {"action": "add_to_collection", "_selected_action": [late.pk, early.pk]})
    assert "Bulk target" in chooser.content.decode()
    response = client.post(changelist, {"action": "add_to_collection", "_selected_action": [late.pk, early.pk],
                                        "apply": "1", "collection": collection.pk}, follow=True)
    assert "Added 2 document(s)" in response.content.decode()
    assert [m.document.public_id for m in collection.memberships.order_by("order")] == ["early", "late"]

    collection.memberships.filter(document=early).update(order=9)
    client.post(reverse("admin:collections_collection_changelist"),
                {"action": "number_documents_by_date", "_selected_action": [collection.pk]})
    assert [(m.document.public_id, m.order) for m in collection.memberships.order_by("order")] == [("early", 1), ("late", 2)]


def test_an_ended_embargo_opens_the_document_in_search_without_an_edit(client):
    import datetime as dt

    from mosaic.search import index

    document = Document.objects.create(public_id="embargoed", title="Embargoed zzembargo report", status="published",
                                       access="embargoed", embargo_until=dt.date(2030, 6, 1))
    TextLayer.objects.create(document=document, kind="translation", language="en", text="zzembargo text")
    rebuild()
    index._embargoes_checked_on = None
    assert "embargoed" not in client.get("/api/search", {"q": "zzembargo"}).content.decode()
    # the calendar moves on; nothing is saved
    assert index.refresh_ended_embargoes(today=dt.date(2030, 6, 1)) == 1
    Document.objects.filter(pk=document.pk).update(embargo_until=dt.date(2000, 1, 1))  # as seen from "today"
    index._embargoes_checked_on = None
    assert "embargoed" in client.get("/api/search", {"q": "zzembargo"}).content.decode()
