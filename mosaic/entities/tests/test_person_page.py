"""The person page as a biography: who the person was (life, biography with its sources, offices),
a chart of documents per year, the documents by role a page at a time, then the renderings of the
name with every system named in words. Counted and listed: only what the reader may see.

The documents created here are TEST FIXTURES, not archival records."""
import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mosaic.corpus.models import Document, DocumentAgent, NameLink
from mosaic.curation.history import restore, versions_of
from mosaic.curation.tests.admin_forms import form_data
from mosaic.entities.authority import load_biographies
from mosaic.entities.charts import year_chart
from mosaic.entities.models import Agent, Office, Person
from mosaic.entities.person_page import PER_PAGE, ROLE_HEADINGS, system_label
from mosaic.lib.names.romanize import RENDERING_LABELS, SYSTEMS
from mosaic.lib.vocabularies import AGENT_ROLES

pytestmark = pytest.mark.django_db

HIDDEN = "STAFFONLYCANARY"


def document(public_id: str, year: int | None, **fields) -> Document:
    dated = {"date": str(year), "date_min": dt.date(year, 1, 1), "date_max": dt.date(year, 12, 31)} if year else {}
    return Document.objects.create(public_id=public_id, title=fields.pop("title", f"Fixture {public_id}"),
                                   status=fields.pop("status", "published"), origin_country="USSR", doc_type="report",
                                   **dated, **fields)


def acting(person: Person, doc: Document, role: str, name: str = "A. A. Gromyko") -> None:
    agent, _ = Agent.objects.get_or_create(name=name, defaults={"person": person})
    DocumentAgent.objects.create(document=doc, agent=agent, role=role, as_written=name)


def section_ids(body: str) -> list[str]:
    return re.findall(r'<section[^>]* id="([\w-]+)"', body)


def counts_table(body: str) -> dict[str, int]:
    table = body[body.index('class="forms year-counts"'):]
    table = table[:table.index("</table>")]
    return {year: int(n) for year, n in re.findall(r"<tr><td>(\w+)</td><td>(\d+)</td></tr>", table)}


# --- the demo ---------------------------------------------------------------------------------


def test_a_demo_person_opens_with_biography_offices_chart_then_documents_by_role(client, demo_db):
    body = client.get("/people/hsg-107252/").content.decode()
    ids = section_ids(body)
    assert ids[:4] == ["biography", "offices", "documents-per-year", "documents"] and ids[-1] == "names"
    assert "Born May 27, 1923; died November 29, 2023." in body
    assert "Fürth" in body and 'href="https://history.state.gov/departmenthistory/people/kissinger-henry-a"' in body
    assert "Secretary of State of the United States, <span class=\"date\">September 22, 1973 – January 20, 1977</span>" in body
    signed = body[body.index('id="role-signatory"'):]
    assert "Documents signed" in signed and "National Security Study Memorandum 27" in signed

    kim = client.get("/people/P001/").content.decode()
    assert section_ids(kim)[:4] == ["biography", "offices", "documents-per-year", "documents"]
    assert "Mangyŏngdae" in kim and "<em>Juche</em>" in kim
    assert "Premier of the Democratic People&#x27;s Republic of Korea" in kim
    assert "Memorandum of Conversation with Premier Kim Il Sung" in kim
    assert sum(counts_table(kim).values()) >= 50  # the demo's catalogue names him in dozens of documents


def test_the_demo_biographies_load_once_and_never_overwrite_a_curators_text(demo_db, settings):
    kim = Person.objects.get(person_id="P001")
    assert kim.biography_source_list() and kim.offices.count() == 6 and kim.born == "1912-04-15"
    assert versions_of(kim).filter(revision__comment__startswith="Biography and offices").count() == 1
    Person.objects.filter(pk=kim.pk).update(biography="<p>A curator's own text.</p>")
    assert load_biographies(settings.DATA_DIR / "demo" / "biographies.json") == 0
    kim.refresh_from_db()
    assert kim.biography == "<p>A curator's own text.</p>" and kim.offices.count() == 6
    assert versions_of(kim).filter(revision__comment__startswith="Biography and offices").count() == 1


def test_no_raw_system_or_language_code_is_shown(client, demo_db):
    body = client.get("/people/P001/").content.decode()
    names = body[body.index('<section id="names"'):]
    labels = re.findall(r"<dt>([^<]*)</dt>", names)
    assert not set(labels) & (set(RENDERING_LABELS) | {"ru", "cs", "en", "hu", "alias", "attested"})
    for key in SYSTEMS:
        assert SYSTEMS[key].label in labels, f"{key} is not shown under its name"
    assert RENDERING_LABELS["pinyin"] in labels
    assert "ru_en" not in body and "rok_popular" not in body and "mr_plain" not in body and "soviet_ru" not in body


def test_every_system_and_role_has_words():
    assert all(system.label and "_" not in system.label for system in SYSTEMS.values())
    assert list(ROLE_HEADINGS) == list(AGENT_ROLES)
    assert system_label("ru_en") == "English transliteration of the Soviet Russian form"
    assert system_label("en (NKIDP RR)") == "English (NKIDP RR)"
    assert system_label("hu") == "Hungarian" and system_label("") == "Language not recorded"


# --- counts and lists follow the access policy ----------------------------------------------------


@pytest.fixture
def gromyko(db):
    person = Person.objects.create(person_id="P900", tradition=Person.OTHER, display_name="Andrei Gromyko")
    acting(person, document("open-1956", 1956, title="Open report"), "author")
    acting(person, document("staff-1957", 1957, title=f"{HIDDEN} staff report", access="staff"), "author")
    acting(person, document("draft-1956", 1956, title=f"{HIDDEN} draft report", status="draft"), "recipient")
    NameLink.objects.create(document=document("staff-mention-1958", 1958, title=f"{HIDDEN} mention", access="staff"),
                            person=person, surface_form="Gromyko", confidence=0.9)
    return person


def test_a_staff_only_document_is_neither_listed_nor_counted_for_an_anonymous_reader(client, gromyko):
    body = client.get("/people/P900/").content.decode()
    assert HIDDEN not in body and "staff-1957" not in body and "draft-1956" not in body
    assert counts_table(body) == {"1956": 1}
    assert "1 dated document;" in body and "1957" not in body and "1958" not in body
    assert 'id="role-author"' in body and "Documents written <span class=\"note\">(1)</span>" in body
    assert 'id="role-recipient"' not in body and 'id="role-mentioned"' not in body


def test_a_curator_sees_and_counts_every_document(client, gromyko, staff_member):
    client.force_login(staff_member("Curator"))
    body = client.get("/people/P900/").content.decode()
    assert counts_table(body) == {"1956": 2, "1957": 1, "1958": 1}
    assert "Documents written <span class=\"note\">(2)</span>" in body
    assert 'id="role-recipient"' in body and 'id="role-mentioned"' in body and "heuristic" in body


# --- pagination and the number of queries -------------------------------------------------------


def test_each_role_is_listed_a_page_at_a_time(client):
    person = Person.objects.create(person_id="P901", tradition=Person.OTHER, display_name="Andrei Gromyko")
    for n in range(PER_PAGE + 5):
        acting(person, document(f"author-{n:03}", 1950 + n % 10), "author")
    for n in range(3):
        NameLink.objects.create(document=document(f"mention-{n}", 1960), person=person, surface_form="Gromyko",
                                confidence=0.8)
    first = client.get("/people/P901/").content.decode()
    authored = first[first.index('id="role-author"'):first.index('id="role-mentioned"')]
    assert authored.count('href="/documents/author-') == PER_PAGE
    assert f"1–{PER_PAGE} of {PER_PAGE + 5}" in authored and 'href="?author_page=2#role-author"' in authored
    assert first.count('href="/documents/mention-') == 3
    assert sum(counts_table(first).values()) == PER_PAGE + 5 + 3

    second = client.get("/people/P901/?author_page=2").content.decode()
    authored = second[second.index('id="role-author"'):second.index('id="role-mentioned"')]
    assert authored.count('href="/documents/author-') == 5 and "Page 2 of 2" in authored
    assert 'href="/people/P901/#role-author"' in authored  # back to the first page
    assert second.count('href="/documents/mention-') == 3  # the other list stays where it was
    assert sum(counts_table(second).values()) == PER_PAGE + 5 + 3
    # Pages past the end show the last; what is not a page number shows the first.
    assert "Page 2 of 2" in client.get("/people/P901/?author_page=99").content.decode()
    assert "Page 1 of 2" in client.get("/people/P901/?author_page=²").content.decode()


def test_the_page_makes_the_same_queries_for_a_few_documents_in_every_role_or_many(client):
    person = Person.objects.create(person_id="P902", tradition=Person.OTHER, display_name="Andrei Gromyko")

    def fill(count: int, offset: int) -> None:
        for role in AGENT_ROLES:
            for n in range(count):
                acting(person, document(f"{role}-{offset + n}", 1950 + n % 30), role, name=f"Gromyko {role} {n % 3}")
        for n in range(count):
            NameLink.objects.create(document=document(f"text-{offset + n}", 1970 + n % 5), person=person,
                                    surface_form="Gromyko", confidence=0.7)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/people/P902/?mentioned_page=2").status_code == 200
        return len(captured.captured_queries)

    fill(1, 0)
    few = queries()
    fill(60, 100)
    # person, offices, variants, the role counts (2), a page per role (5), the forms (2), the years
    assert queries() == few <= 13


# --- curating the biography -------------------------------------------------------------------------


def test_each_curator_save_of_a_biography_is_a_version_and_hostile_markup_never_reaches_readers(client, staff_member):
    person = Person.objects.create(person_id="P903", tradition=Person.OTHER, display_name="Nam Il")
    Office.objects.create(person=person, title="Minister of Foreign Affairs", start="1953", end="1959")
    client.force_login(staff_member("Curator"))
    url = reverse("admin:entities_person_change", args=[person.pk])
    for text in ("<p>Chief negotiator at Panmunjom.</p>",
                 '<p>Signed the <em>armistice</em>.<script>alert(1)</script><img src=x onerror="alert(2)">'
                 '<a href="javascript:alert(3)">file</a></p>'):
        data = form_data(client.get(url))
        data["biography"] = text
        data["biography_sources"] = "Britannica https://www.britannica.com/\njavascript:alert(4)"
        assert client.post(url, data).status_code == 302
    versions = list(versions_of(person))
    assert len(versions) == 2
    assert "Panmunjom" in versions[1].field_dict["biography"] and "armistice" in versions[0].field_dict["biography"]

    client.logout()
    body = client.get("/people/P903/").content.decode()
    assert "Signed the <em>armistice</em>." in body and "Minister of Foreign Affairs" in body
    assert "<script>alert" not in body and "onerror" not in body and 'href="javascript' not in body
    assert '<a href="https://www.britannica.com/" rel="external">' in body and "javascript:alert(4)" in body  # as text


# --- the chart's geometry ------------------------------------------------------------------------


def test_the_chart_has_a_bar_per_year_scaled_to_the_busiest():
    assert year_chart({}) is None and year_chart({1956: 0}) is None
    chart = year_chart({1950: 2, 1953: 8, 1956: 1})
    assert [bar.year for bar in chart.bars] == [1950, 1951, 1952, 1953, 1954, 1955, 1956]
    assert [bar.count for bar in chart.bars] == [2, 0, 0, 8, 0, 0, 1]
    heights = {bar.year: bar.height for bar in chart.bars}
    assert heights[1953] == chart.baseline and heights[1950] == chart.baseline / 4 and heights[1951] == 0
    assert all(bar.y + bar.height == chart.baseline for bar in chart.bars)
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.width
    assert (chart.peak.year, chart.total, chart.first, chart.last) == (1953, 11, 1950, 1956)
    one_year = year_chart({1969: 2})
    assert one_year.width <= 120 and one_year.bars[0].width <= 40  # one year is a bar, not a slab across the page
    long = year_chart({1900: 1, 1999: 400})
    assert len(long.ticks) <= 10 and all(tick.year % 10 == 0 for tick in long.ticks)
    assert long.bars[0].height >= 1  # one document among hundreds still shows


def test_an_office_edited_on_the_person_is_in_the_persons_history(client, staff_member):
    """Offices are parts of the person (curation.history.PARTS): changing one is a version of the
    person that holds the office as it was, so it shows in the person's history and comes back
    with a restored version."""
    from reversion.models import Version

    person = Person.objects.create(person_id="P904", tradition=Person.OTHER, display_name="Pak Chang-ok")
    office = Office.objects.create(person=person, title="Chairman of the State Planning Commission", start="1954")
    client.force_login(staff_member("Curator"))
    url = reverse("admin:entities_person_change", args=[person.pk])
    data = form_data(client.get(url))
    office_field = next(key for key, value in data.items() if key.endswith("-title") and value == office.title)
    data[office_field] = "Vice-Premier"
    assert client.post(url, data).status_code == 302
    latest = versions_of(person)[0]
    held = [version for version in Version.objects.filter(revision=latest.revision)
            if version.content_type.model == "office"]
    assert [version.field_dict["title"] for version in held] == ["Vice-Premier"]
    # The person's earlier state includes the office as it was then, and restoring it brings it back.
    data = form_data(client.get(url))
    data["biography"] = "<p>Purged in 1956.</p>"
    assert client.post(url, data).status_code == 302
    Office.objects.filter(pk=office.pk).update(title="Changed behind the history's back")
    first = list(versions_of(person))[-1]
    restore(first, user=None)
    assert Office.objects.get(pk=office.pk).title == "Vice-Premier"
