"""Curators' links between documents, read from both sides with the inverse label; the documents
that share an event or people; history and restore; and what an anonymous reader may not see."""
import datetime as dt

import pytest
import reversion
from django.db import IntegrityError, transaction

from mosaic.context.models import Event, EventMention
from mosaic.corpus.models import Document, DocumentAgent, NameLink
from mosaic.curation import history
from mosaic.entities.models import Agent, Person
from mosaic.relations.models import DocumentRelation

pytestmark = pytest.mark.django_db


def document(public_id, **fields):
    return Document.objects.create(public_id=public_id, title=fields.pop("title", f"Fixture {public_id}"),
                                   status=fields.pop("status", "published"), origin_country="USSR", doc_type="letter",
                                   date="1956-09-01", date_min=dt.date(1956, 9, 1), date_max=dt.date(1956, 9, 1), **fields)


def related_section(client, public_id) -> str:
    body = client.get(f"/documents/{public_id}/").content.decode()
    start = body.find('class="related-documents"')
    return body[start:body.index("</section>", start)] if start >= 0 else ""


def test_a_link_reads_with_its_label_on_one_side_and_its_inverse_on_the_other(client):
    letter, answer = document("t-letter", title="Letter of the embassy"), document("t-answer", title="Answer of the ministry")
    DocumentRelation.objects.create(document=answer, related=letter, kind="reply_to")
    assert "Reply to" in related_section(client, "t-answer") and "Letter of the embassy" in related_section(client, "t-answer")
    other_side = related_section(client, "t-letter")
    assert "Replied to by" in other_side and "Answer of the ministry" in other_side and "Reply to " not in other_side

    cover, enclosure = document("t-cover"), document("t-enclosure")
    DocumentRelation.objects.create(document=enclosure, related=cover, kind="enclosure_of")
    assert "Enclosure of" in related_section(client, "t-enclosure")
    assert "Encloses" in related_section(client, "t-cover")
    # The API's document JSON lists them the same way.
    assert [(r["relation"], r["id"]) for r in client.get("/api/documents/t-letter").json()["related"]] == [("Replied to by", "t-answer")]
    assert client.get("/api/documents/t-cover").json()["related"][0]["url"].endswith("/documents/t-enclosure/")


def test_a_document_cannot_be_linked_to_itself_nor_twice_the_same_way():
    doc, other = document("t-self"), document("t-other")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelation.objects.create(document=doc, related=doc, kind="same_event")
    DocumentRelation.objects.create(document=doc, related=other, kind="same_event")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelation.objects.create(document=doc, related=other, kind="same_event")


def test_documents_sharing_two_people_or_a_confirmed_event_are_suggested_but_not_one_person(client):
    kim = Person.objects.create(person_id="P950", display_name="Kim Il Sung")
    mikoyan = Person.objects.create(person_id="P951", tradition=Person.OTHER, display_name="Anastas Mikoyan")
    here, both, one, by_name = document("t-here"), document("t-both", title="Both men"), document("t-one", title="One man"), document("t-named", title="Named in text")
    kim_agent = Agent.objects.create(name="Kim Il Sung", person=kim)
    mikoyan_agent = Agent.objects.create(name="A. Mikoyan", person=mikoyan)
    for doc in (here, both):
        DocumentAgent.objects.create(document=doc, agent=kim_agent, role="participant", as_written="Kim Il Sung")
        DocumentAgent.objects.create(document=doc, agent=mikoyan_agent, role="participant", as_written="A. Mikoyan")
    DocumentAgent.objects.create(document=one, agent=kim_agent, role="author", as_written="Kim Il Sung")
    # A confirmed name link counts as an agent does; a merely suggested one does not.
    DocumentAgent.objects.create(document=by_name, agent=kim_agent, role="mentioned", as_written="Kim Il Sung")
    NameLink.objects.create(document=by_name, person=mikoyan, surface_form="Mikoyan", confidence=0.9, status=NameLink.CONFIRMED)
    NameLink.objects.create(document=one, person=mikoyan, surface_form="Mikoyan", confidence=0.9)
    event = Event.objects.create(row_id="E900", title="September Plenum", category="party", start="1956-09-23")
    EventMention.objects.create(event=event, document=here, status=EventMention.CONFIRMED)
    EventMention.objects.create(event=event, document=one, status=EventMention.CONFIRMED)

    section = related_section(client, "t-here")
    assert "Both men" in section and "2 people in common: Anastas Mikoyan; Kim Il Sung" in section
    assert "Named in text" in section
    # One person in common is no reason: the event is its only one.
    assert 'One man</a> <span class="date">(September 1, 1956)</span>: Same event: September Plenum</li>' in section


def test_a_link_to_a_staff_only_document_is_not_shown_to_an_anonymous_reader(client, django_user_model):
    public = document("t-public")
    hidden = document("t-hidden", title="Draft held for staff", status="draft")
    DocumentRelation.objects.create(document=hidden, related=public, kind="reply_to")
    DocumentRelation.objects.create(document=public, related=document("t-secret", title="Secret enclosure", access="staff"), kind="enclosure_of")
    body = client.get("/documents/t-public/").content.decode()
    assert "Draft held for staff" not in body and "t-hidden" not in body and "Secret enclosure" not in body
    assert "Related documents" not in body
    assert client.get("/api/documents/t-public").json()["related"] == []

    curator = django_user_model.objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(curator)
    section = related_section(client, "t-public")
    assert "Replied to by" in section and "Draft held for staff" in section and "Secret enclosure" in section
    assert {r["id"] for r in client.get("/api/documents/t-public").json()["related"]} == {"t-hidden", "t-secret"}


def test_links_are_part_of_the_document_history_and_a_deleted_link_comes_back_with_a_restore():
    answer, letter = document("t-hist-answer"), document("t-hist-letter")
    with reversion.create_revision():
        DocumentRelation.objects.create(document=answer, related=letter, kind="reply_to", note="as sent")
    version = history.versions_of(answer).first()
    assert version is not None
    with reversion.create_revision():
        answer.relations_out.all().delete()
        reversion.add_to_revision(answer)
    assert not DocumentRelation.objects.exists()
    history.restore(version)
    restored = DocumentRelation.objects.get()
    assert (restored.document, restored.related, restored.kind, restored.note) == (answer, letter, "reply_to", "as sent")


def test_the_demo_links_load_once_and_reads_from_both_sides(demo_db, client):
    from mosaic.relations.seed import load_relations
    from django.conf import settings

    assert DocumentRelation.objects.count() == 2
    assert load_relations(settings.DATA_DIR / "demo" / "related_documents.json") == 0
    assert "Other account of the same event" in related_section(client, "wcda-1956-09-17-71d54e5e61")
    assert "Record of a Meeting between the Soviet and Chinese Delegations" in related_section(client, "wcda-1956-09-17-71d54e5e61")
