"""Subjects, places and people as search facets: what the index counts, the labels readers see,
the map's JSON (the same counts), and a re-index on every change of a document's tags or of a
curator's decision on a name. Runs on PostgreSQL too (test_postgres.py)."""
import pytest

from mosaic.corpus.models import DocumentAgent, NameLink
from mosaic.entities.models import Agent, AuthorityTerm, Person
from mosaic.search.index import rebuild
from mosaic.subjects.models import DocumentPlace, DocumentSubject
from mosaic.subjects.tests.conftest import make_document

pytestmark = pytest.mark.django_db(transaction=True)

SOVIET = "korea-north--foreign-relations--soviet-union"
PLENUM = "august-plenum-1956"


@pytest.fixture
def tagged(vocabulary):
    subjects, places = vocabulary
    kim = Person.objects.create(person_id="P001", display_name="Kim Il Sung")
    nam = Person.objects.create(person_id="P002", display_name="Nam Il")
    first = make_document("su-1", title="Journal of the Soviet ambassador on the plenum")
    second = make_document("su-2", title="Telegram on the plenum to Moscow", date="1956-10-02")
    third = make_document("hu-1", title="Hungarian report from Pyongyang", country="Hungary", date="1957-03-12")
    draft = make_document("su-draft", title="Draft on the plenum", status="draft")
    for document, headings, term_ids in ((first, [SOVIET, PLENUM], ["pyongyang"]), (second, [SOVIET], ["pyongyang", "moscow"]),
                                         (third, [], ["pyongyang", "budapest"]), (draft, [PLENUM], ["berlin"])):
        for order, slug in enumerate(headings):
            DocumentSubject.objects.create(document=document, subject=subjects[slug], order=order)
        for order, term_id in enumerate(term_ids):
            DocumentPlace.objects.create(document=document, place=places[term_id], order=order)
    agent = Agent.objects.create(name="Kim Il Sung", person=kim)
    DocumentAgent.objects.create(document=first, agent=agent, role="mentioned")
    DocumentAgent.objects.create(document=draft, agent=agent, role="mentioned")
    NameLink.objects.create(document=third, person=nam, surface_form="Nam Ir", confidence=0.9, status=NameLink.CONFIRMED)
    NameLink.objects.create(document=second, person=nam, surface_form="Nam Il", confidence=0.9)  # only suggested
    return {"first": first, "second": second, "third": third, "draft": draft, "kim": kim, "nam": nam}


def facet(client, name, **params):
    data = client.get("/api/search", params).json()
    return {v["value"]: (v["label"], v["count"]) for v in data["facets"][name]}


def test_subjects_places_and_people_are_counted_over_public_documents_only(client, tagged):
    assert facet(client, "subject") == {SOVIET: ("Korea (North)--Foreign relations--Soviet Union", 2),
                                        PLENUM: ("August Plenum (1956)", 1)}
    assert facet(client, "place") == {"pyongyang": ("Pyongyang", 3), "moscow": ("Moscow", 1), "budapest": ("Budapest", 1)}
    # a linked agent and a confirmed name count; a suggestion does not, nor anything of the draft
    assert facet(client, "person") == {"P001": ("Kim Il Sung", 1), "P002": ("Nam Il", 1)}
    narrowed = client.get("/api/search", {"subject": SOVIET, "place": "moscow"}).json()
    assert [r["id"] for r in narrowed["results"]] == ["su-2"]
    assert facet(client, "subject", q="plenum") == {SOVIET: ("Korea (North)--Foreign relations--Soviet Union", 2),
                                                    PLENUM: ("August Plenum (1956)", 1)}
    assert [r["id"] for r in client.get("/api/search", {"person": "P002"}).json()["results"]] == ["hu-1"]
    # the same after a rebuild from scratch
    rebuild()
    assert facet(client, "place")["pyongyang"] == ("Pyongyang", 3)


def test_the_search_page_lists_the_new_facets_and_works_without_javascript(client, tagged):
    page = client.get("/search", {"q": "plenum"}).content.decode()
    for key, heading in (("subject", "Subject"), ("place", "Place"), ("person", "Person")):
        assert f'data-facet="{key}"' in page and f"<h2>{heading}</h2>" in page
    assert f'href="?q=plenum&amp;subject={SOVIET}"' in page
    assert 'data-places="/search/places.json?q=plenum"' in page  # the map asks for the same search
    narrowed = client.get("/search", {"q": "plenum", "subject": SOVIET}).content.decode()
    assert "Subject: Korea (North)--Foreign relations--Soviet Union" in narrowed


def test_the_map_json_is_the_place_facet_of_the_same_search(client, tagged):
    data = client.get("/search/places.json", {"q": "plenum"}).json()
    assert data["total"] == 2
    by_id = {place["id"]: place for place in data["places"]}
    assert {k: v["count"] for k, v in by_id.items()} == {"pyongyang": 2, "moscow": 1}
    assert by_id["moscow"]["search_url"] == "/search?q=plenum&place=moscow"
    assert (round(by_id["moscow"]["latitude"], 1), round(by_id["moscow"]["longitude"], 1)) == (55.8, 37.6)
    selected = client.get("/search/places.json", {"place": "pyongyang"}).json()
    pyongyang = next(p for p in selected["places"] if p["id"] == "pyongyang")
    assert pyongyang["selected"] and pyongyang["search_url"] == "/search?place=pyongyang"
    # a place with no coordinates yet is counted apart, not drawn
    AuthorityTerm.objects.filter(term_id="budapest").update(latitude=None)
    unmapped = client.get("/search/places.json").json()["unmapped"]
    assert [(p["id"], p["count"]) for p in unmapped] == [("budapest", 1)]
    assert client.get("/search/places.json", {"sort": "nonsense"}).status_code == 400


def test_every_change_of_tags_or_confirmed_names_reindexes_the_document(client, tagged, vocabulary):
    subjects, places = vocabulary
    link = DocumentSubject.objects.create(document=tagged["third"], subject=subjects["korea-north--foreign-relations--hungary"])
    assert "korea-north--foreign-relations--hungary" in facet(client, "subject")
    link.delete()
    assert "korea-north--foreign-relations--hungary" not in facet(client, "subject")
    DocumentPlace.objects.filter(document=tagged["second"], place__term_id="moscow").delete()
    assert "moscow" not in facet(client, "place")
    suggestion = NameLink.objects.get(document=tagged["second"])
    suggestion.status = NameLink.CONFIRMED
    suggestion.save()
    assert facet(client, "person")["P002"] == ("Nam Il", 2)
    suggestion.status = NameLink.REJECTED
    suggestion.save()
    assert facet(client, "person")["P002"] == ("Nam Il", 1)


def test_the_document_page_lists_its_subjects_and_places_as_searches(client, tagged):
    page = client.get("/documents/su-2/").content.decode()
    assert f'<a href="/search?subject={SOVIET}">Korea (North)--Foreign relations--Soviet Union</a>' in page
    assert '<a href="/search?place=moscow">Moscow</a>' in page and '<a href="/search?place=pyongyang">Pyongyang</a>' in page
