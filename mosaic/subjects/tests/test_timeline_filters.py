"""The timeline filtered by subject and place (documents), and events chosen by country through
their actors, the rule the page states."""
import pytest

from mosaic.context.models import Event
from mosaic.subjects.models import DocumentPlace, DocumentSubject
from mosaic.subjects.tests.conftest import make_document

pytestmark = pytest.mark.django_db

PLENUM = "august-plenum-1956"


@pytest.fixture
def world(vocabulary):
    subjects, places = vocabulary
    plenum = make_document("su-plenum", title="Ivanov on the August Plenum", date="1956-09-15")
    other = make_document("su-other", title="Journal of Puzanov", date="1957-05-06")
    hungarian = make_document("hu-plenum", title="Hungarian report on the plenum", country="Hungary", date="1956-09-10")
    draft = make_document("su-draft-plenum", title="Draft on the plenum", status="draft", date="1956-09-20")
    for document in (plenum, hungarian, draft):
        DocumentSubject.objects.create(document=document, subject=subjects[PLENUM])
    DocumentPlace.objects.create(document=hungarian, place=places["budapest"])
    DocumentPlace.objects.create(document=other, place=places["pyongyang"])
    for row_id, start, title, actors in (("E1", "1956-08-30", "August Plenum", "KWP CC; Choe Chang-ik"),
                                         ("E2", "1956-09-23", "Mikoyan and Peng in Pyongyang", "SU; PRC; KWP"),
                                         ("E3", "1956-10-23", "Hungarian revolution", "HU"),
                                         ("E4", "1956-11-01", "A purge", "Kim Il Sung; Pak Chang-ok")):
        Event.objects.create(row_id=row_id, start=start, title=title, category="party", actors=actors,
                             sources="test", confidence="high")
    return plenum


def timeline(client, **params):
    response = client.get("/api/timeline", {"granularity": "items", **params})
    assert response.status_code == 200, response.content
    data = response.json()
    return [d["id"] for d in data["documents"]], [e["id"] for e in data["events"]]


def test_a_subject_or_a_place_chooses_documents_and_leaves_events_to_the_country_rule(client, world):
    documents, events = timeline(client, subject=PLENUM)
    assert documents == ["hu-plenum", "su-plenum"] and events == ["E1", "E2", "E3", "E4"]  # never the draft
    assert timeline(client, subject=PLENUM, origin_country="USSR") == (["su-plenum"], ["E2"])
    assert timeline(client, place="budapest")[0] == ["hu-plenum"]
    assert timeline(client, place="pyongyang", subject=PLENUM)[0] == []


def test_events_are_chosen_by_the_countries_of_their_actors(client, world):
    assert timeline(client, origin_country="Hungary")[1] == ["E3"]
    assert timeline(client, origin_country="DPRK")[1] == ["E1", "E2"]  # the party's bodies stand for the DPRK
    assert timeline(client, origin_country="China")[1] == ["E2"]
    countries = {e["id"]: e["countries"] for e in client.get("/api/timeline", {"granularity": "items"}).json()["events"]}
    assert countries == {"E1": ["DPRK"], "E2": ["China", "DPRK", "USSR"], "E3": ["Hungary"], "E4": []}


def test_the_page_offers_the_readers_subjects_and_places_and_states_the_rule(client, world):
    page = client.get("/timeline/", {"subject": PLENUM}).content.decode()
    assert f'<option value="{PLENUM}" selected>August Plenum (1956)</option>' in page
    assert '<option value="budapest">Budapest</option>' in page and '"berlin"' not in page  # only places of documents
    assert "by name or code (HU, SU, PRC, DD …)" in page
    # a year's count links to the search with the same filters
    assert f'href="/search?year=1956&amp;subject={PLENUM}">2 documents</a>' in page


def test_unknown_subjects_and_places_are_refused(client, world):
    for params, message in (({"subject": "atlantis"}, "subject: no subject heading 'atlantis'"),
                            ({"place": "juche"}, "place: no place 'juche'")):
        response = client.get("/api/timeline", params)
        assert response.status_code == 400 and message in response.json()["detail"]
        assert message in client.get("/timeline/", params).content.decode().replace("&#x27;", "'")
