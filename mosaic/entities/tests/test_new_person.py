"""Curators grow the authority: a name the authority does not know, found by the name check or
met in the linking queue, becomes a person in one step, with the document as its first source."""
import pytest
from reversion.models import Version

from mosaic.corpus.models import Document, NameLink, TextLayer
from mosaic.entities.authority import get_matcher, load_shipped_authority
from mosaic.entities.linking import link_document, unknown_names
from mosaic.entities.models import NameVariant, Person
from mosaic.jobs.worker import run_queued_jobs

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = ("Deputy Foreign Minister Sin Pong-gyu handed over the note; Kim Il Sung was away. Sin said the ministry "
        "would answer within a week. The students of Kim Il Sung University sent greetings.")


@pytest.fixture
def report():
    load_shipped_authority(people_folder=None)
    document = Document.objects.create(public_id="note-1957", title="Record of a conversation", doc_type="report",
                                       status="published")
    TextLayer.objects.create(document=document, kind="translation", language="en", text=TEXT)
    return document


def test_the_name_check_lists_names_beginning_with_a_korean_surname_that_the_authority_reads_as_no_one(report):
    assert [(n["written"], n["occurrences"]) for n in unknown_names(report, None)] == [("Sin Pong-gyu", 1)]


def test_a_curator_adds_the_person_in_one_step_and_the_document_links_them(report, client, staff_member):
    client.force_login(staff_member("Curator"))
    page = client.get(f"/documents/{report.public_id}/name-check/").content.decode()
    assert "Names the authority does not know" in page and "Sin Pong-gyu" in page and 'action="/people/new"' in page
    answer = client.post("/people/new", {"written": "Sin Pong-gyu", "language": "en", "document": report.public_id,
                                         "display_name": "Sin Pong-gyu", "tradition": "korean", "hangul": "신봉규",
                                         "hanja": "", "country": "DPRK"})
    person = Person.objects.get(hangul="신봉규")
    assert answer.status_code == 302 and answer["Location"] == f"/people/{person.person_id}/"
    assert person.person_id.startswith("C") and person.country == "DPRK"
    assert person.biography_sources == "Added to the authority from document note-1957"
    attested = NameVariant.objects.get(person=person)
    assert (attested.form, attested.kind, attested.source) == ("Sin Pong-gyu", "attested", "document note-1957 (first attested)")
    assert Version.objects.get_for_object(person).exists()
    # The document's names are read again in the background: now the person and his surname are linked.
    run_queued_jobs()
    links = {(link.surface_form, link.basis) for link in NameLink.objects.filter(document=report, person=person)}
    assert links == {("Sin Pong-gyu", NameLink.NAME), ("Sin", NameLink.SURNAME)}
    # Every rendering the hangul gives now finds him.
    assert get_matcher().resolve("Син Бон Гю", lang="ru").candidates[0].person_id == person.person_id
    assert unknown_names(report, None) == []


def test_a_person_added_without_hangul_is_found_by_the_form_written(report, client, staff_member):
    client.force_login(staff_member("Curator"))
    client.post("/people/new", {"written": "Sin Pong-gyu", "language": "en", "document": report.public_id,
                                "display_name": "Sin Pong-gyu", "tradition": "korean", "hangul": "", "hanja": "", "country": ""})
    person = Person.objects.get(display_name="Sin Pong-gyu")
    assert get_matcher().resolve("Sin Pong-gyu").candidates[0].person_id == person.person_id
    second = client.post("/people/new", {"written": "Chon Tae-hwan", "language": "en", "document": report.public_id,
                                         "display_name": "Chon Tae-hwan", "tradition": "korean"})
    assert Person.objects.get(display_name="Chon Tae-hwan").person_id == f"C{int(person.person_id[1:]) + 1:04d}"
    assert second.status_code == 302


def test_the_linking_queue_offers_to_add_the_person_meant(report, client, staff_member):
    link_document(report)
    client.force_login(staff_member("Curator"))
    queue = client.get("/admin/corpus/namelink/").content.decode()
    assert "add the person meant" in queue and "/people/new?written=Kim+Il+Sung" in queue
    form = client.get("/people/new", {"written": "Kim Il Sung", "document": report.public_id}).content.decode()
    assert 'value="Kim Il Sung"' in form and 'value="note-1957"' in form


@pytest.mark.parametrize("field, value, problem", [
    ("hangul", "Sin", "Hangul syllables only"),
    ("document", "no-such-document", "No such document."),
    ("tradition", "chinese", "A Chinese name needs its characters."),
])
def test_a_new_person_with_bad_details_is_refused_and_nothing_is_added(report, client, staff_member, field, value, problem):
    client.force_login(staff_member("Curator"))
    data = {"written": "Sin Pong-gyu", "language": "en", "document": report.public_id, "display_name": "Sin Pong-gyu",
            "tradition": "korean", "hangul": "신봉규", "hanja": "", "country": "", field: value}
    before = Person.objects.count()
    answer = client.post("/people/new", data)
    assert answer.status_code == 200 and problem in answer.content.decode()
    assert Person.objects.count() == before


def test_a_document_the_curator_may_not_see_cannot_be_named_as_a_source(report, client, staff_member, django_user_model):
    from mosaic.curation.roles import grant

    Document.objects.filter(pk=report.pk).update(status="draft")
    user = django_user_model.objects.create_user("adder", "adder@example.org", "a-long-passphrase-42", is_staff=True)
    grant(user, "Translator")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="add_person"))
    client.force_login(user)
    answer = client.post("/people/new", {"written": "Sin Pong-gyu", "language": "en", "document": report.public_id,
                                         "display_name": "Sin Pong-gyu", "tradition": "korean"})
    assert answer.status_code == 200 and "No such document." in answer.content.decode()
    assert not Person.objects.filter(display_name="Sin Pong-gyu").exists()


def test_only_those_who_may_add_people_can(report, client, staff_member):
    client.force_login(staff_member("Translator"))
    assert client.post("/people/new", {"written": "Sin Pong-gyu", "document": report.public_id,
                                       "display_name": "Sin Pong-gyu", "tradition": "korean"}).status_code in (302, 403)
    assert not Person.objects.filter(display_name="Sin Pong-gyu").exists()
    page = client.get(f"/documents/{report.public_id}/name-check/")
    assert page.status_code != 200 or 'action="/people/new"' not in page.content.decode()
