"""The timeline's API and its page without JavaScript: counts made by the database agree with a
direct count, documents are spans over their date interval, filters and bad input."""
import datetime as dt

import pytest

from mosaic.collections.models import Collection, CollectionMembership
from mosaic.context.models import Event, RelationsPeriod
from mosaic.corpus.models import Document, DocumentAgent
from mosaic.entities.models import Agent, Person

pytestmark = pytest.mark.django_db


def _doc(public_id, date, start, end, country="USSR", **fields):
    return Document.objects.create(public_id=public_id, title=f"Report {public_id}", status="published", date=date,
                                   date_min=start, date_max=end, origin_country=country, **fields)


@pytest.fixture
def world(db):
    docs = {
        "y1956": _doc("y1956", "1956", dt.date(1956, 1, 1), dt.date(1956, 12, 31)),
        "aug56": _doc("aug56", "1956-08-30", dt.date(1956, 8, 30), dt.date(1956, 8, 30)),
        "hu57": _doc("hu57", "1957-03", dt.date(1957, 3, 1), dt.date(1957, 3, 31), country="Hungary"),
        "su60": _doc("su60", "1960-05-02", dt.date(1960, 5, 2), dt.date(1960, 5, 2)),
    }
    Event.objects.create(row_id="E900", start="1956-08-30", title="August plenum", category="party", actors="KWP; SU",
                         sources="test", confidence="high")
    Event.objects.create(row_id="E901", start="1960-06", title="Treaty talks", category="treaty", actors="DPRK; PRC",
                         sources="test", confidence="high")
    RelationsPeriod.objects.create(row_id="R900", start="1948-10", end="1956-07", country="USSR", status="close",
                                   summary="Patron", sources="test", confidence="high")
    return docs


def _get(client, **params):
    return client.get("/api/timeline", params)


def test_a_year_document_is_a_span_over_the_year(client, world):
    data = _get(client, **{"from": "1956", "to": "1956"}).json()
    assert data["mode"] == "items"
    item = next(d for d in data["documents"] if d["id"] == "y1956")
    assert (item["start"], item["end"]) == ("1956-01-01", "1956-12-31")
    assert [d["id"] for d in data["documents"]] == ["y1956", "aug56"]
    assert [e["id"] for e in data["events"]] == ["E900"]
    # Overlap, not containment: a view of December 1956 still shows the year's document.
    december = _get(client, **{"from": "1956-12", "to": "1956-12"}).json()
    assert [d["id"] for d in december["documents"]] == ["y1956"]


def test_in_korean_the_curated_texts_labels_and_links_are_korean_where_written(client, world):
    Event.objects.filter(row_id="E900").update(title_ko="8월 전원회의")
    asked = {"from": "1956", "to": "1960", "origin_country": "USSR", "granularity": "items"}
    english, korean = _get(client, **asked).json(), _get(client, lang="ko", **asked).json()
    assert [(e["title"], e["title_language"]) for e in english["events"]] == [("August plenum", "en")]
    assert [(e["title"], e["title_language"]) for e in korean["events"]] == [("8월 전원회의", "ko")]
    # A summary not yet written in Korean comes in English and says so; the status is a label.
    band = korean["relations_periods"][0]
    assert (band["summary"], band["summary_language"], band["status"], band["status_label"]) == ("Patron", "en", "close", "긴밀")
    assert english["relations_periods"][0]["status_label"] == "close"
    # Links keep a Korean reader in the Korean pages.
    assert korean["documents"][0]["url"].startswith("http://testserver/ko/documents/")
    assert english["documents"][0]["url"].startswith("http://testserver/documents/")
    assert _get(client, lang="fr", **asked).status_code in (400, 422)


def test_counts_per_year_equal_a_direct_count(client, world):
    for year in range(1961, 1966):  # enough documents to make the view wide in time
        _doc(f"n{year}", str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), country="China")
    data = _get(client, **{"from": "1950", "to": "1970"}).json()
    assert data["mode"] == "year" and data["documents"] == []
    got = {c["period"]: c["documents"] for c in data["counts"]}
    expected = {}
    for document in Document.objects.public():
        expected[str(document.date_min.year)] = expected.get(str(document.date_min.year), 0) + 1
    assert got == expected
    assert next(c for c in data["counts"] if c["period"] == "1956") == {
        "period": "1956", "start": "1956-01-01", "end": "1956-12-31", "documents": 2}
    months = _get(client, **{"from": "1956", "to": "1957", "granularity": "month"}).json()
    assert {c["period"]: c["documents"] for c in months["counts"]} == {"1956-01": 1, "1956-08": 1, "1957-03": 1}


def test_too_many_items_become_counts(client, world, monkeypatch):
    from mosaic.timeline import data as timeline_data

    monkeypatch.setattr(timeline_data, "ITEM_LIMIT", 1)
    data = _get(client, **{"from": "1956", "to": "1956"}).json()
    assert data["mode"] == "month" and sum(c["documents"] for c in data["counts"]) == 2


def test_filters(client, world):
    person = Person.objects.create(person_id="P900", display_name="Kim Test")
    agent = Agent.objects.create(name="Kim Test", person=person)
    DocumentAgent.objects.create(document=world["su60"], agent=agent, role="author")
    collection = Collection.objects.create(slug="plenum", title="Plenum", status="published")
    CollectionMembership.objects.create(collection=collection, document=world["hu57"])

    def ids(**params):
        return [d["id"] for d in _get(client, **{"from": "1956", "to": "1960", "granularity": "items", **params}).json()["documents"]]

    assert ids(origin_country="Hungary") == ["hu57"]
    assert ids(person="P900") == ["su60"]
    assert ids(collection="plenum") == ["hu57"]
    assert ids(origin_country="USSR") == ["y1956", "aug56", "su60"]
    events = _get(client, **{"from": "1956", "to": "1960", "category": "treaty"}).json()["events"]
    assert [e["id"] for e in events] == ["E901"]
    bands = _get(client, **{"from": "1956", "to": "1956", "origin_country": "USSR"}).json()["relations_periods"]
    assert [(b["id"], b["end"]) for b in bands] == [("R900", "1956-07-31")]
    assert _get(client, **{"from": "1957", "to": "1960", "origin_country": "USSR"}).json()["relations_periods"] == []


@pytest.mark.parametrize("params, message", [
    ({"from": "1956-13"}, "from"),
    ({"to": "soon"}, "to"),
    ({"from": "1960", "to": "1956"}, "after the end"),
    ({"origin_country": "Atlantis"}, "origin_country"),
    ({"category": "no_such_category"}, "category"),
    ({"collection": "nowhere"}, "collection"),
    ({"person": "P99999"}, "person"),
    ({"granularity": "decade"}, "granularity"),
    ({"origin_country": "x" * 500}, "origin_country"),
])
def test_bad_input_is_a_400_that_says_what(client, world, params, message):
    response = _get(client, **params)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert client.get("/timeline/", params).status_code == 400


def test_the_korean_page_says_what_is_wrong_in_korean(client, world):
    response = client.get("/ko/timeline/", {"from": "1956-13", "collection": "nowhere"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "연표를 표시할 수 없습니다: from:" in body and "is not a real date" not in body
    assert "from: “1956-13”은(는) 실제로 있는 날짜가 아닙니다 (13월은 없는 달입니다) (YYYY, YYYY-MM 또는 YYYY-MM-DD" in body
    missing = client.get("/ko/timeline/", {"collection": "nowhere"}).content.decode()
    assert "collection: &#x27;nowhere&#x27; 컬렉션이 없습니다" in missing


def test_an_unpublished_collection_is_refused_like_a_missing_one(client, world):
    Collection.objects.create(slug="secret", title="Secret", status="draft")
    response = _get(client, collection="secret")
    assert response.status_code == 400 and "no collection 'secret'" in response.json()["detail"]


def test_the_page_without_javascript_lists_years(client, world):
    response = client.get("/timeline/", {"origin_country": "USSR"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<li id="year-1956">' in page and '<li id="year-1960">' in page
    assert 'href="/search?year=1956&amp;origin_country=USSR">2 documents</a>' in page
    assert "August plenum" in page and 'href="/events/E900/"' in page
    assert "year-1957" not in page  # the Hungarian document is filtered out
    assert "vendor/vis-timeline-graph2d.min.js" in page
