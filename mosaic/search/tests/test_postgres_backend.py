"""The PostgreSQL search backend's own pieces. The tests that touch the database run in both
passes: on SQLite in the ordinary run, and on PostgreSQL in the pass test_postgres_search.py
starts (MOSAIC_TEST_POSTGRES), where the search tests of this folder run on it too."""
import datetime as dt

import pytest
from django.db import connection

from mosaic.lib.search_query import ParsedQuery, Term, parse_query
from mosaic.search.backends import backend_for_vendor
from mosaic.search.backends.postgres import PostgresBackend, _with_ellipses, tsquery_expression
from mosaic.search.backends.sqlite_fts import SqliteFtsBackend
from mosaic.search.entries import IndexEntry
from mosaic.search.index import get_backend
from mosaic.search.snippets import END, START
from mosaic.search.tests.test_search import ids, run, snippet_text


# --- without a database -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Kapsan faction", "('Kapsan') & ('faction')"),
        ('"Kapsan faction"', "('Kapsan' <-> 'faction')"),
        ("Il-sung", "('Il' <-> 'sung')"),
        ("Puzan*", "('Puzan':*)"),
        ("plenum -Puzanov", "('plenum') & !('Puzanov')"),
        ("김일성 plenum", "('plenum')"),  # Korean is left to the substring search
        ("Łódź", "('Lódź')"),  # letters without a decomposition are folded here, unaccent does the rest
    ],
)
def test_queries_read_as_tsquery(query, expected):
    assert tsquery_expression(parse_query(query)) == expected


def test_a_name_matches_any_rendering_with_case_endings_where_safe():
    term = Term(words=("Kim", "Il", "Sung"), alternatives=(("Ким", "Ир", "Сен"), ("Kim", "Il")))
    assert tsquery_expression(ParsedQuery(required=(term,))) == (
        "(('Kim' <-> 'Il' <-> 'Sung':*) | ('Ким' <-> 'Ир' <-> 'Сен':*) | ('Kim' <-> 'Il'))"
    )


def test_quotes_and_backslashes_cannot_break_out_of_an_operand():
    term = Term(words=("it's", "a\\b"))
    assert tsquery_expression(ParsedQuery(required=(term,))) == r"('it''s' <-> 'a\\b')"


def test_only_korean_or_chinese_terms_leave_no_tsquery():
    assert tsquery_expression(parse_query("김일성 -金日成")) is None


def test_a_cut_passage_gets_ellipses_at_the_cut_ends():
    text = "The embassy staff in Pyongyang listened to the speech."
    assert _with_ellipses(f"staff in {START}Pyongyang{END} listened", text) == f"…staff in {START}Pyongyang{END} listened…"
    assert _with_ellipses(f"The embassy staff in {START}Pyongyang{END}", text) == f"The embassy staff in {START}Pyongyang{END}…"
    assert _with_ellipses(text, text) == text


def test_each_database_gets_its_own_backend():
    assert isinstance(backend_for_vendor("sqlite"), SqliteFtsBackend)
    assert isinstance(backend_for_vendor("postgresql"), PostgresBackend)
    with pytest.raises(Exception, match="no search backend for a mysql database"):
        backend_for_vendor("mysql")


# --- on the database in use ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_search_backend_follows_the_database(request):
    from mosaic.conftest import postgres_requested

    if postgres_requested(request.config):
        assert connection.vendor == "postgresql"
    assert type(get_backend()) is {"sqlite": SqliteFtsBackend, "postgresql": PostgresBackend}[connection.vendor]


@pytest.mark.django_db
def test_the_migrations_made_the_search_objects_of_this_database():
    tables = set(connection.introspection.table_names())
    assert {"search_doc", "search_facet"} <= tables
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT extname FROM pg_extension")
            assert {"unaccent", "pg_trgm"} <= {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT to_tsvector('mosaic_search', 'Ştefănescu in Łódź')::text")
            assert cursor.fetchone()[0] == "'in':2 'lodz':3 'stefanescu':1"


def test_a_long_body_is_found_and_its_snippet_is_cut_at_both_ends(corpus):
    filler = "the delegation discussed the harvest and the railway at length " * 20
    get_backend().replace([IndexEntry(
        doc_id=900_001, public_id="long-report", title="A long report", summary="", body=f"{filler}Chŏngsan-ri {filler}",
        names="", locator="", date="1960", date_min=dt.date(1960, 1, 1), date_max=dt.date(1960, 12, 31),
        origin_country="USSR", catalogue_only=False, facets=(("origin_country", "USSR"),))])
    results = run(q="Chongsan-ri")
    assert ids(results) == ["long-report"]
    snippet = snippet_text(results.hits[0], marks=False)
    assert snippet.startswith("…") and snippet.endswith("…") and " Chŏngsan-ri " in snippet
    # SQLite marks the phrase as one stretch, PostgreSQL word by word.
    assert "".join(part.text for part in results.hits[0].snippet if part.highlighted).replace("-", "") == "Chŏngsanri"



@pytest.mark.django_db
def test_the_database_stops_a_statement_past_the_budget_and_the_connection_goes_on(settings):
    import time

    from mosaic.search.backends.base import SearchTooSlow

    settings.MOSAIC_SEARCH_TIME_BUDGET = 0.3
    started = time.monotonic()
    with pytest.raises(SearchTooSlow):
        if connection.vendor == "postgresql":
            from mosaic.search.backends.postgres import _time_budget

            with connection.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                earlier = cursor.fetchone()[0]
            with _time_budget(connection) as budget:
                budget.execute("SELECT pg_sleep(5)", [])
        else:
            from mosaic.search.backends.sqlite_fts import _time_budget

            with _time_budget(), connection.cursor() as cursor:
                cursor.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
    assert time.monotonic() - started < 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    if connection.vendor == "postgresql":
        # A search that finishes inside a longer transaction leaves it the timeout it had.
        with _time_budget(connection) as budget:
            budget.execute("SELECT 1", [])
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == earlier


def test_on_postgres_the_words_index_ranks_and_a_gin_index_finds_the_same_hits(corpus, settings):
    """RUM (installed by scripts/install-postgres.sh) ranks the hits inside the index; a server
    without the extension keeps GIN and ranks with ts_rank: the same documents, counted alike."""
    if connection.vendor != "postgresql":
        assert "search_words" not in connection.introspection.table_names()
        return
    from mosaic.search.backends import postgres

    assert postgres.words_index_method(connection) == "rum"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_doc d JOIN search_words w USING (doc_id)")
        assert cursor.fetchone()[0] == run(q="").total > 0
    queries = ["plenum", "Kim Il Sung", "embassy -plenum", "Puzan*"]
    with_rum = {q: run(q=q) for q in queries}
    assert any(results.total for results in with_rum.values())
    for results in with_rum.values():
        ranked_in_sql = get_backend()._search_in_sql(results.query)
        assert (ranked_in_sql.total, ranked_in_sql.facets, ranked_in_sql.hits) == (results.total, results.facets, results.hits)
    settings.MOSAIC_SEARCH_WORDS_INDEX = "gin"  # as an archive that writes more than it searches sets it
    assert postgres.build_words_index(connection) == "gin" == postgres.words_index_method(connection)
    for q, results in with_rum.items():
        with_gin = run(q=q)
        assert (with_gin.total, with_gin.facets) == (results.total, results.facets)
        assert sorted(hit.public_id for hit in with_gin.hits) == sorted(hit.public_id for hit in results.hits)
    settings.MOSAIC_SEARCH_WORDS_INDEX = "rum"
    assert postgres.build_words_index(connection) == "rum" == postgres.words_index_method(connection)


def test_on_postgres_words_indexed_before_the_facet_tokens_gain_them(corpus):
    """search.0008 adds the facet tokens to words indexed before them: until then a filtered
    search narrowed by the tokens finds nothing; after, what it found with them from the start."""
    if connection.vendor != "postgresql":
        return
    from mosaic.search.backends import postgres

    searches = [{"q": "plenum", "origin_country": "USSR"}, {"q": "Kim Il Sung", "from": "1955", "to": "1957"},
                {"q": "embassy", "origin_country": "Hungary"}]
    before = [run(**params) for params in searches]
    assert all(results.total for results in before)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_words SET document = ts_delete(document, "  # as before 0008
                       "ARRAY(SELECT lexeme FROM unnest(document) WHERE lexeme LIKE ' %%'))")
    assert all(run(**params).total == 0 for params in searches)
    postgres.add_facet_tokens(connection)
    assert postgres.words_index_method(connection) == "rum"
    for params, earlier in zip(searches, before):
        again = run(**params)
        assert (again.total, again.facets, again.hits) == (earlier.total, earlier.facets, earlier.hits), params


def test_on_postgres_words_written_under_rum_wait_apart_and_are_found_the_same_before_and_after_the_merge(corpus, monkeypatch):
    """Under RUM new words go to a small GIN-indexed table (a RUM write costs milliseconds); every
    search reads both, a job moves them into the RUM table, and rebuilding writes straight to it."""
    if connection.vendor != "postgresql":
        assert not get_backend().upkeep_due()
        return
    from mosaic.search import index
    from mosaic.search.backends import postgres
    from mosaic.search.tasks import keep_index_up

    def rows(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")
            return cursor.fetchone()[0]

    searches = [{"q": "plenum"}, {"q": "Kim Il Sung", "origin_country": "USSR"}, {"q": "embassy", "sort": "date"},
                {"q": "Puzan*", "from": "1955", "to": "1957"}, {"q": ""}]
    merged = [run(**params) for params in searches]
    assert rows(postgres.RECENT_WORDS) == 0 and any(results.total for results in merged)
    total = rows("search_words")

    # Every document indexed again, as edits would: its words leave the RUM table for the recent one.
    index.update_documents(list(get_backend().all_ids(run(q="").query)))
    assert rows(postgres.RECENT_WORDS) == total and rows("search_words") == 0
    assert get_backend().upkeep_due()
    for params, earlier in zip(searches, merged):
        waiting = run(**params)
        assert (waiting.total, waiting.facets, waiting.hits) == (earlier.total, earlier.facets, earlier.hits), params
        in_sql = get_backend()._search_in_sql(waiting.query)
        assert (in_sql.total, [h.public_id for h in in_sql.hits]) == (waiting.total, [h.public_id for h in waiting.hits])
    # The walk in the RUM index's order, which broad searches take, with part of the words waiting.
    index.update_documents([])
    with connection.cursor() as cursor:
        cursor.execute(f"WITH moved AS (DELETE FROM {postgres.RECENT_WORDS} WHERE mod(doc_id, 2) = 0 RETURNING *) "
                       "INSERT INTO search_words SELECT * FROM moved")
    assert 0 < rows(postgres.RECENT_WORDS) < total
    monkeypatch.setattr(postgres, "DIRECT_RANKING", 0)
    monkeypatch.setattr(postgres, "DIRECT_SHARE", 0)
    for params, earlier in zip(searches, merged):
        for per_page in (1, 2, 20):
            walked = run(**params, per_page=per_page)
            assert [h.public_id for h in walked.hits] == [h.public_id for h in earlier.hits][:per_page], params
    monkeypatch.undo()

    assert keep_index_up.call() >= 1
    assert (rows(postgres.RECENT_WORDS), rows("search_words")) == (0, total) and not get_backend().upkeep_due()
    for params, earlier in zip(searches, merged):
        again = run(**params)
        assert (again.total, again.hits) == (earlier.total, earlier.hits), params

    # A document indexed again after its words moved is in exactly one of the tables.
    some = get_backend().all_ids(run(q="plenum").query)[:2]
    index.update_documents(some)
    assert rows(postgres.RECENT_WORDS) == len(some) and rows("search_words") == total - len(some)

    assert index.rebuild() == total
    assert (rows(postgres.RECENT_WORDS), rows("search_words")) == (0, total)
    assert postgres.words_index_method(connection) == "rum"
    assert [run(**params).total for params in searches] == [results.total for results in merged]


def test_words_written_in_batches_are_the_words_written_in_place_and_go_with_a_failed_writer(corpus):
    """An import writes its batches' words in batches (on PostgreSQL the vectors are made on a
    second connection while the import goes on): the same words as writing each in place, all
    written by the end of the block, none if the writer fails."""
    from django.db import transaction

    from mosaic.corpus.models import Document
    from mosaic.search.entries import documents_for_indexing, index_entry
    from mosaic.search.index import update_documents

    backend = get_backend()
    ids = list(Document.objects.values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        from mosaic.search.backends.postgres import WORDS_READ

        words = f"SELECT doc_id, document::text FROM {WORDS_READ} ORDER BY doc_id"
    else:
        words = "SELECT rowid, title || body || names FROM search_fts ORDER BY rowid"
    with connection.cursor() as cursor:
        cursor.execute(words)
        written_by_the_import = cursor.fetchall()
        update_documents(ids)  # each written in place
        cursor.execute(words)
        assert cursor.fetchall() == written_by_the_import and written_by_the_import
    entries = [index_entry(document) for document in documents_for_indexing(ids)]
    with pytest.raises(RuntimeError), transaction.atomic(), backend.writing_in_batches():
        backend.replace([], remove_ids=ids)
        backend.replace(entries[:3])
        backend.replace(entries[3:])
        raise RuntimeError("the writer fails")
    with connection.cursor() as cursor:
        cursor.execute(words)
        assert cursor.fetchall() == written_by_the_import
    with transaction.atomic(), backend.writing_in_batches():
        backend.replace([], remove_ids=ids)
        backend.replace(entries[:3])
        backend.replace(entries[3:])
    with connection.cursor() as cursor:
        cursor.execute(words)
        assert cursor.fetchall() == written_by_the_import
    assert run(q="plenum").total > 0
