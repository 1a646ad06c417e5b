"""Queries too large, page numbers out of bounds and searches past their time budget: a clear
answer on the page, in the API, in exports and on the command line, never a 500 or a traceback."""
import datetime as dt
import html

import pytest
from django.core.management import CommandError, call_command

from mosaic.entities.authority import load_shipped_authority, load_terms
from mosaic.entities.models import Person
from mosaic.entities.name_search import name_reader
from mosaic.lib.search_query import LIMITS, UNLIMITED, expand_names, parse_query
from mosaic.search.backends.sqlite_fts import fts_expression
from mosaic.search.entries import IndexEntry
from mosaic.search.index import get_backend
from mosaic.search.query import MAX_PAGE, MAX_PER_PAGE
from mosaic.search.tests.conftest import run_mosaic

pytestmark = pytest.mark.django_db

TOO_LONG = "Kim Il Sung plenum " * 5000  # about 95 KB, like the probe's queries
LONGEST = ("Kim Il Sung plenum Pyongyang " * 40)[:LIMITS.characters].strip()


@pytest.fixture
def authority(corpus):
    load_shipped_authority()
    load_terms()
    return corpus


def _page_error(response) -> str:
    body = response.content.decode()
    return html.unescape(body.split('<p class="error" role="alert">')[1].split("</p>")[0])


# --- too large a query ------------------------------------------------------------------------------


def test_the_page_refuses_a_query_past_the_length_limit_and_keeps_what_can_be_searched(client, corpus):
    response = client.get("/search", {"q": TOO_LONG})
    assert response.status_code == 400
    assert _page_error(response).startswith(f"the query is {len(TOO_LONG.strip()):,} characters long; Mosaic reads at most 1,000.")
    # The page does not echo 95 KB back: the form holds the part that would be read.
    assert len(response.content) < 10_000
    assert f'value="{TOO_LONG[:LIMITS.characters].strip()}' in response.content.decode()


def test_the_api_refuses_a_query_past_the_length_limit_like_a_bad_date(client, corpus):
    too_long = client.get("/api/search", {"q": TOO_LONG})
    bad_date = client.get("/api/search", {"from": "1956-02-30"})
    assert too_long.status_code == bad_date.status_code == 400
    assert set(too_long.json()) == set(bad_date.json()) == {"detail", "errors"}
    assert [e["parameter"] for e in too_long.json()["errors"]] == ["q"]
    assert [e["parameter"] for e in bad_date.json()["errors"]] == ["from"]
    assert "Mosaic reads at most 1,000" in too_long.json()["detail"]


def test_the_longest_query_is_searched(client, corpus):
    assert len(LONGEST) <= LIMITS.characters
    assert client.get("/search", {"q": LONGEST}).status_code == 200
    assert client.get("/api/search", {"q": LONGEST}).status_code == 200


def test_too_many_different_words_are_refused_with_the_advice_to_quote(client, corpus):
    words = " ".join(f"w{i}" for i in range(51))
    response = client.get("/api/search", {"q": words})
    assert response.status_code == 400
    assert "more than 50 different words or phrases" in response.json()["detail"]
    assert "double quotes" in response.json()["detail"]
    assert client.get("/api/search", {"q": f'"{words}"'}).status_code == 200  # a quotation is one phrase


def test_more_than_ten_names_are_refused_and_exact_searches_them_as_typed(client, authority):
    names = " ".join(f'"{person.mr}"' for person in Person.objects.order_by("person_id")[:11])
    response = client.get("/search", {"q": names})
    assert response.status_code == 400
    assert "names more than 10 people or terms" in _page_error(response)
    assert client.get("/search", {"q": names, "exact": "1"}).status_code == 200


def test_too_many_or_too_long_filters_are_refused(client, corpus):
    many = client.get("/api/search", {"origin_country": [f"Country {i}" for i in range(21)]})
    assert many.status_code == 400 and "at most 20 facet filters" in many.json()["detail"]
    long_value = client.get("/api/search", {"origin_country": "x" * 201})
    assert long_value.status_code == 400 and "at most 200 characters" in long_value.json()["detail"]


def test_the_command_line_says_it_in_one_line_and_exits_non_zero(copy_of_home, tmp_path):
    result = run_mosaic(copy_of_home("init", tmp_path / "home"), "search", TOO_LONG, check=False)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "Mosaic reads at most 1,000" in result.stderr and "Traceback" not in result.stderr


# --- page numbers ---------------------------------------------------------------------------------


ABSURD_PAGES = ["9223372036854775807", "9" * 5000, "-1", "0", "²", "١٢", "1_000", "+3", "1.5", "abc"]


@pytest.mark.parametrize("page", ABSURD_PAGES)
def test_an_absurd_page_gets_a_clear_400_everywhere(client, corpus, page):
    search_page = client.get("/search", {"q": "plenum", "page": page})
    assert search_page.status_code == 400 and _page_error(search_page).startswith("page must be")
    api = client.get("/api/search", {"q": "plenum", "page": page})
    assert api.status_code == 400 and api.json()["detail"].startswith("page must be")
    export = client.get("/search/export.ris", {"q": "plenum", "page": page})
    assert export.status_code == 400 and export.content.decode().startswith("page must be")
    with pytest.raises(CommandError, match="page must be"):
        call_command("search", "plenum", "--page", page)


@pytest.mark.parametrize("per_page", ["-5", "0", "²", "abc"])
def test_an_absurd_per_page_gets_a_clear_400(client, corpus, per_page):
    response = client.get("/api/search", {"per_page": per_page})
    assert response.status_code == 400 and response.json()["detail"].startswith("per_page must be")


def test_the_last_allowed_page_is_empty_and_a_huge_per_page_is_read_as_the_maximum(client, corpus):
    last = client.get("/api/search", {"page": str(MAX_PAGE), "per_page": "9223372036854775807"}).json()
    assert (last["page"], last["per_page"], last["results"]) == (MAX_PAGE, MAX_PER_PAGE, [])
    assert last["total"] > 0
    assert client.get("/search", {"page": str(MAX_PAGE)}).status_code == 200
    assert client.get("/api/search", {"page": str(MAX_PAGE + 1)}).json() == {
        "detail": "page must be at most 100,000", "errors": [{"parameter": "page", "message": "page must be at most 100,000"}]}


def test_the_schema_still_documents_page_and_per_page(client):
    parameters = {p["name"]: p for p in client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]["parameters"]}
    assert "100,000" in parameters["page"]["description"] and "100" in parameters["per_page"]["description"]


# --- linear work -------------------------------------------------------------------------------------


def test_repeating_words_adds_nothing_to_what_the_backend_is_handed(authority):
    # The old engine handed FTS5 one phrase (and a name's 20 renderings) per word typed; SQLite's
    # snippets and ranking grow with the square of that (1,000 words 4.8 s, 2,000 words 18 s).
    def expression(words: int) -> str:
        text = " ".join(["Kim Il Sung plenum Pyongyang"] * (words // 5))
        return fts_expression(expand_names(parse_query(text, UNLIMITED), name_reader(), limits=UNLIMITED).distinct())

    assert "Ким Ир Сен" in expression(1000)
    assert expression(2000) == expression(1000) == expression(5)


# --- the time budget -----------------------------------------------------------------------------


@pytest.fixture
def big_index(corpus):
    """2,000 more indexed documents, so that a search runs through many steps of SQLite's machine."""
    words = "plenum embassy faction cooperative delegation harvest railway students armistice speech".split()
    get_backend().replace(
        IndexEntry(doc_id=100_000 + n, public_id=f"synthetic-{n}", title=f"Synthetic report {n} on the plenum",
                   summary="", body=" ".join(words[(n + i) % 10] for i in range(200)), names="", locator="",
                   date="1956-08-31", date_min=dt.date(1956, 8, 31), date_max=dt.date(1956, 8, 31),
                   origin_country="USSR", catalogue_only=False,
                   facets=(("origin_country", "USSR"), ("year", str(1950 + n % 10))))
        for n in range(2000)
    )


def test_a_search_past_its_budget_is_stopped_with_a_clear_answer(client, big_index, settings):
    assert client.get("/api/search", {"q": "plenum"}).json()["total"] > 2000  # the default budget is ample
    settings.MOSAIC_SEARCH_TIME_BUDGET = 0.000001
    page = client.get("/search", {"q": "plenum"})
    assert page.status_code == 503
    assert _page_error(page).startswith("The search took longer than 1e-06 seconds and was stopped. Narrow it")
    api = client.get("/api/search", {"q": "plenum"})
    assert api.status_code == 503 and api["Content-Type"].startswith("application/json")
    assert api.json()["errors"] == [] and api.json()["detail"].startswith("The search took longer than")
    export = client.get("/search/export.bib", {"q": "plenum"})
    assert export.status_code == 503 and "Narrow it" in export.content.decode()
    with pytest.raises(CommandError, match="The search took longer than"):
        call_command("search", "plenum")
    # The connection is left as it was: the next search, within its budget, runs.
    settings.MOSAIC_SEARCH_TIME_BUDGET = 5
    assert client.get("/api/search", {"q": "plenum"}).status_code == 200

