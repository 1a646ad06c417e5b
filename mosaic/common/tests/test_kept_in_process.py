"""What each server process keeps in memory between requests (page_cache.kept_in_process): the
context tables, the official statements' figures and the name reader. Each is read once, kept
until the next committed write to the archive and never across one, and made afresh inside a
transaction that may not commit.

These tests commit (transaction=True), as the server does."""
import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mosaic.common import page_cache
from mosaic.context.echoes import echoes_for
from mosaic.context.lookup import context_for
from mosaic.context.models import Event
from mosaic.context.seed import load_context
from mosaic.context.tests.test_context import make_document
from mosaic.context.tests.test_echoes import STATEMENT
from mosaic.corpus.models import Document
from mosaic.entities.authority import load_shipped_authority, load_terms
from mosaic.entities.models import AuthorityTerm, TermVariant
from mosaic.search.query import search_query_from_params

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_generation():
    caches[page_cache.GENERATION].clear()
    page_cache._in_process.clear()
    yield
    page_cache._in_process.clear()


def queries(action) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return [query["sql"] for query in captured.captured_queries], result


def test_a_kept_thing_is_made_once_until_a_write_and_afresh_inside_a_transaction():
    made = []

    def make():
        made.append(1)
        return len(made)

    assert page_cache.kept_in_process("test:thing", make) == 1
    assert page_cache.kept_in_process("test:thing", make) == 1
    Document.objects.create(public_id="kept-1", title="A write", status="draft")  # commits at once
    assert page_cache.kept_in_process("test:thing", make) == 2
    with transaction.atomic():
        assert page_cache.kept_in_process("test:thing", make) == 3
    assert page_cache.kept_in_process("test:thing", make) == 2  # what the transaction made was not kept
    page_cache._in_process["test:thing"] = (page_cache.current_generation(), 0.0, 2)  # made long ago
    assert page_cache.kept_in_process("test:thing", make, seconds=60) == 4


def test_the_context_panel_reads_the_context_tables_once_and_sees_a_new_event():
    load_context()
    document = make_document("kept-hu-1956-10", "1956-10-20", "Hungary")
    sql, first = queries(lambda: context_for(document))
    assert any("context_event" in statement for statement in sql)
    sql, again = queries(lambda: context_for(document))
    assert sql == []
    assert [item.event.row_id for item in again.events] == [item.event.row_id for item in first.events]
    assert again.relations and again.has_mission

    Event.objects.create(row_id="E999", start="1956-10-25", title="A fixture event days after the document",
                         category="other", sources="test fixture", confidence="low")
    _, after = queries(lambda: context_for(document))
    assert [(item.event.row_id, item.position, item.days) for item in after.events
            if item.event.row_id == "E999"] == [("E999", "after", 5)]


def test_official_figures_are_read_once_and_a_new_statement_counts_at_once():
    report = make_document("kept-report", "1957-03-02", "Hungary",
                           "According to the Korean comrades, the grain harvest of 1956 was 2,870,000 tons.")
    assert echoes_for(report, None) == []
    sql, _ = queries(lambda: echoes_for(report, None))
    assert not any("official_statement" in statement for statement in sql)  # the kept list, not a query

    statement = make_document("kept-official", "1957-01-01", "DPRK", STATEMENT, title="Fixture official statement")
    statement.doc_type = "official_statement"
    statement.save()
    assert [echo.statement.public_id for echo in echoes_for(report, None)] == ["kept-official"]
    # A statement withdrawn from the public is no longer an echo, from the next page on.
    Document.objects.filter(pk=statement.pk).update(status="draft")
    assert echoes_for(report, None) == []
    # Nor is one dated after the report, or more than the window before it.
    Document.objects.filter(pk=statement.pk).update(status="published", date_min=dt.date(1957, 4, 1),
                                                    date_max=dt.date(1957, 4, 1))
    assert echoes_for(report, None) == []
    Document.objects.filter(pk=statement.pk).update(date_min=dt.date(1954, 1, 1), date_max=dt.date(1954, 1, 1))
    assert echoes_for(report, None) == []
    Document.objects.filter(pk=statement.pk).update(date_min=dt.date(1957, 1, 1), date_max=dt.date(1957, 1, 1))
    assert len(echoes_for(report, None)) == 1


def test_search_reads_names_without_asking_the_authority_each_time_and_sees_a_new_term():
    load_shipped_authority()
    load_terms()
    search_query_from_params({"q": "Kim Il Sung plenum"})
    sql, query = queries(lambda: search_query_from_params({"q": "Kim Il Sung plenum"}))
    assert sql == []
    assert query.parsed.required[0].reading_id == "/people/P001/"  # Kim Il Sung, under all his renderings

    assert not search_query_from_params({"q": "Fixture Tractor Works"}).parsed.required[0].expanded_as
    term = AuthorityTerm.objects.create(term_id="fixture-works", kind="organisation", preferred="Fixture Tractor Works")
    TermVariant.objects.create(term=term, form="Próbatraktor Gyár", language="hu", source="test fixture")
    expanded = search_query_from_params({"q": "Fixture Tractor Works"}).parsed.required[0]
    assert expanded.reading_id == "/terms/fixture-works/" and ("Próbatraktor", "Gyár") in expanded.alternatives
