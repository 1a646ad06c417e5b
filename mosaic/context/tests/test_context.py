"""The context panel and reporting lag. Documents here are test fixtures written for these
tests (titles and texts are not archival); the context rows are the shipped seed."""
import datetime as dt

import pytest
from django.urls import reverse

from mosaic.context.lag import find_candidates, lags
from mosaic.context.lookup import context_for, context_json
from mosaic.context.models import EmbassyCondition, Event, EventMention, RelationsPeriod
from mosaic.context.seed import SeedError, load_context
from mosaic.corpus.models import Document, TextLayer
from mosaic.search.index import rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    report = load_context()
    assert report.created == 55 + 16 + 37
    return report


def make_document(public_id, date, country, text="", title=None, status="published"):
    from mosaic.lib.partial_dates import PartialDate

    partial = PartialDate.parse(date)
    document = Document.objects.create(public_id=public_id, title=title or f"Test fixture report {public_id}", date=date,
                                       date_min=partial.earliest(), date_max=partial.latest(), origin_country=country,
                                       doc_type="report", status=status)
    if text:
        TextLayer.objects.create(document=document, kind="translation", language="en", text=text)
    return document


def test_seed_loads_every_row_and_reloading_keeps_curator_edits(seeded):
    assert RelationsPeriod.objects.get(row_id="R005").status == "poor"
    c001 = EmbassyCondition.objects.get(row_id="C001")
    assert c001.countries == [] and c001.needs_verification and c001.approximate
    assert len(c001.source_list) == 1
    assert EmbassyCondition.objects.get(row_id="C005").countries == ["Hungary", "Poland"]
    assert load_context().created == 0
    r005 = RelationsPeriod.objects.get(row_id="R005")
    r005.summary = "A curator's corrected summary."
    r005.save()
    again = load_context()
    assert again.kept == ["R005"]
    assert RelationsPeriod.objects.get(row_id="R005").summary == "A curator's corrected summary."


def test_a_malformed_seed_row_is_named(tmp_path, db):
    from mosaic.context import seed

    for name in ("relations_timeline.tsv", "embassy_conditions.tsv", "events.tsv"):
        (tmp_path / name).write_text((seed.SEED_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "relations_timeline.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("1962-10\t1964-10", "1962-13\t1964-10", 1), encoding="utf-8")
    with pytest.raises(SeedError, match=r"relations_timeline.tsv:\d+: .*1962-13"):
        load_context(tmp_path)
    assert not RelationsPeriod.objects.exists()  # nothing half-loaded


def test_a_1963_soviet_document_shows_the_poor_relations_of_1962_64_with_sources(client, seeded):
    make_document("fixture-su-1963", "1963-03-15", "USSR")
    context = context_for(Document.objects.get(public_id="fixture-su-1963"))
    soviet = context.relations[0]
    assert soviet.country == "USSR" and [p.row_id for p in soviet.periods] == ["R005"]
    assert [r.country for r in context.relations] == ["USSR", "China"]
    page = client.get("/documents/fixture-su-1963/").content.decode()
    assert "DPRK–USSR relations" in page and ">poor<" in page
    assert RelationsPeriod.objects.get(row_id="R005").source_list[0].split(" http")[0][:40] in page
    data = client.get("/api/documents/fixture-su-1963/lens").json()["context"]
    assert data["relations"][0]["periods"][0]["id"] == "R005" and data["relations"][0]["periods"][0]["sources"]


def test_a_1954_hungarian_document_shows_the_embassy_location_condition(client, seeded):
    make_document("fixture-hu-1954", "1954", "Hungary")
    context = context_for(Document.objects.get(public_id="fixture-hu-1954"))
    assert "C001" in [c.row_id for c in context.conditions]
    page = client.get("/documents/fixture-hu-1954/").content.decode()
    assert "Missions operate outside Pyongyang in temporary facilities" in page
    assert "needs verification" in page
    assert [r.country for r in context.relations] == ["Hungary", "USSR", "China"]


def test_events_in_the_window_are_placed_before_or_after(seeded):
    document = make_document("fixture-hu-1956-09", "1956-09-05", "Hungary")
    context = context_for(document)
    placed = {item.event.row_id: (item.position, item.days) for item in context.events}
    assert placed["E007"] == ("before", 5)  # the plenum ended on 31 August
    assert placed["E008"][0] == "after"
    assert context_json(context)["events"]["window_days"] == 90


def test_an_undated_document_says_so(client, seeded):
    Document.objects.create(public_id="undated", title="Undated fixture", status="published")
    assert "The document is undated" in client.get("/documents/undated/").content.decode()
    assert context_json(context_for(Document.objects.get(public_id="undated")))["placed"] is False


def test_context_rows_are_edited_with_history(client, seeded, staff_member):
    from mosaic.curation.history import versions_of
    from mosaic.curation.tests.admin_forms import form_data

    client.force_login(staff_member("Curator"))
    r005 = RelationsPeriod.objects.get(row_id="R005")
    url = reverse("admin:context_relationsperiod_change", args=[r005.pk])
    data = form_data(client.get(url))
    data["summary"] = "Revised after checking the sources."
    assert client.post(url, data).status_code == 302
    assert versions_of(r005).count() == 1
    client.post(reverse("admin:context_relationsperiod_changelist"), {"action": "mark_verified", "_selected_action": [r005.pk]})
    r005.refresh_from_db()
    assert not r005.needs_verification and r005.verified_by == "curator"


KAPSAN_FIXTURES = [
    # (id, date, embassy, text): passages written for this test, not archival text
    ("fixture-hu-1967-05-20", "1967-05-20", "Hungary", "The legation heard that Ri Hyo-sun no longer appears at receptions."),
    ("fixture-hu-1967-06-02", "1967-06-02", "Hungary", "A note on the harvest campaign in South Hamgyong."),
    ("fixture-hu-1967-06-30", "1967-06-30", "Hungary", "The Kapsan group was condemned at the plenum, the Korean comrades said."),
    ("fixture-dd-1967-07-15", "1967-07-15", "GDR", "Ли Хё Сун и Пак Кым Чер исчезли; говорят о пленуме."),
    ("fixture-dd-1967-06-10", "1967-06-10", "GDR", "Trade talks on machine tools continued."),
    ("fixture-su-1967-06", "1967-06", "USSR", "The embassy learnt that Kim To-man was removed."),
]


def test_the_1967_purge_page_lists_each_embassys_earliest_confirmed_mention_and_lag(client, seeded, staff_member):
    from mosaic.entities.authority import load_shipped_authority

    load_shipped_authority()  # so a search for Ri Hyo-sun also finds Ли Хё Сун
    for public_id, date, country, text in KAPSAN_FIXTURES:
        make_document(public_id, date, country, text)
    rebuild()
    event = Event.objects.get(row_id="E016")
    assert find_candidates(event) == 4
    found = {m.document.public_id: m.found_by for m in EventMention.objects.filter(event=event)}
    assert "fixture-dd-1967-07-15" in found  # Cyrillic renderings found through the name authority
    assert "fixture-hu-1967-06-02" not in found and "fixture-dd-1967-06-10" not in found

    client.force_login(staff_member("Curator"))
    page = client.get("/events/E016/").content.decode()
    assert "Candidate mentions" in page
    for public_id in ["fixture-hu-1967-06-30", "fixture-dd-1967-07-15", "fixture-su-1967-06"]:
        mention = EventMention.objects.get(event=event, document__public_id=public_id)
        client.post(f"/events/E016/mentions/{mention.pk}/decide", {"decision": "confirmed"})
    mention = EventMention.objects.get(event=event, document__public_id="fixture-hu-1967-05-20")
    client.post(f"/events/E016/mentions/{mention.pk}/decide", {"decision": "rejected"})  # a curator's judgement

    rows = {lag.country: lag for lag in lags(event)}
    assert rows["Hungary"].document.public_id == "fixture-hu-1967-06-30"
    assert rows["Hungary"].lag_days == (dt.date(1967, 6, 30) - dt.date(1967, 5, 1)).days
    assert rows["Hungary"].written_between == 2  # the rejected 20 May note and the harvest note
    assert rows["GDR"].lag_days == 75 and rows["GDR"].written_between == 1
    assert rows["USSR"].date_uncertain and rows["USSR"].lag_days == 31

    client.logout()
    page = client.get("/events/E016/").content.decode()
    assert "earliest document <em>in this archive</em>" in page
    assert "does not show that the embassy did not know" in page
    assert page.index("USSR") < page.index("Hungary")  # ordered by lag
    assert "at least 31" in page and "<svg" in page and "Candidate mentions" not in page
    assert client.post("/events/E016/find-mentions").status_code == 302  # readers are sent to sign in


def test_a_draft_document_never_counts_as_a_first_mention(client, seeded):
    draft = make_document("fixture-draft", "1967-05-10", "Romania", "Kapsan", status="draft")
    event = Event.objects.get(row_id="E016")
    EventMention.objects.create(event=event, document=draft, found_by="keyword: Kapsan", status=EventMention.CONFIRMED)
    assert lags(event) == []
    assert "fixture-draft" not in client.get("/events/E016/").content.decode()


def test_a_state_without_recorded_relations_gets_no_mission_conditions(client, seeded):
    make_document("fixture-us-1969", "1969-03-19", "USA")
    context = context_for(Document.objects.get(public_id="fixture-us-1969"))
    assert context.conditions == [] and not context.has_mission
    assert "No relations with the DPRK are recorded for USA" in client.get("/documents/fixture-us-1969/").content.decode()


def test_a_candidate_search_past_its_time_budget_records_nothing_and_says_so(client, seeded, staff_member, settings):
    from django.core.management import CommandError, call_command

    from mosaic.search.backends.base import IndexEntry
    from mosaic.search.index import get_backend

    # Enough matching entries that the search runs through many steps of SQLite's machine (the
    # budget is checked between steps).
    get_backend().replace(
        IndexEntry(doc_id=100_000 + n, public_id=f"synthetic-{n}", title=f"Report {n} on Ri Hyo-sun", summary="",
                   body="Ri Hyo-sun spoke at the plenum. " * 20, names="", locator="", date="1967-06-01",
                   date_min=dt.date(1967, 6, 1), date_max=dt.date(1967, 6, 1), origin_country="USSR",
                   catalogue_only=False, facets=(("origin_country", "USSR"),))
        for n in range(2000)
    )
    settings.MOSAIC_SEARCH_TIME_BUDGET = 1e-9  # every search runs out at once
    client.force_login(staff_member("Curator"))
    page = client.post("/events/E016/find-mentions", follow=True).content.decode()
    assert "No candidates recorded" in page and "took longer than" in page
    with pytest.raises(CommandError, match="No candidates recorded"):
        call_command("lens", find_mentions="E016")
    assert not EventMention.objects.exists()
