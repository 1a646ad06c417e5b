"""Facet counts from bitmaps must equal the counts SQL gives, whatever was written, rolled back or
cleared in between; run on SQLite here and on PostgreSQL by test_postgres_search.py."""
import datetime as dt

import pytest
from django.db import connection, transaction

from mosaic.search.backends import facet_bitmaps as bitmaps_module
from mosaic.search.backends.base import facets_from_counts
from mosaic.search.backends.facet_bitmaps import facet_bitmaps, hits_and_counts
from mosaic.search.entries import IndexEntry
from mosaic.search.index import get_backend
from mosaic.search.query import search_query_from_params

QUERIES = [
    {},
    {"origin_country": "USSR"},
    {"origin_country": "USSR", "doc_type": "report"},
    {"q": "plenum"},
    {"q": "plenum", "origin_country": "Hungary"},
    {"from": "1956", "to": "1957"},
    {"q": "plenum -faction", "year": "1956"},
    {"from": "1957"},
    {"to": "1956-06-01"},
    {"q": "plenum", "from": "1956-06-01", "to": "1956-06-01"},
    {"q": "plenum", "sort": "date"},
    {"q": "plenum", "sort": "-date"},
    {"q": "plenum", "sort": "title"},
]


def entry(doc_id, country="USSR", year=1956, doc_type="report", body="the plenum met", extra=()):
    day = dt.date(year, 6, 1) if year else None
    return IndexEntry(
        # Bodies of different lengths, so that no two documents tie in rank.
        doc_id=doc_id, public_id=f"bitmap-{doc_id}", title=f"Document {doc_id}", summary="", body=body + " and" * doc_id, names="",
        locator="", date=day.isoformat() if day else "", date_min=day, date_max=day, origin_country=country, catalogue_only=False,
        facets=(("origin_country", country), ("doc_type", doc_type), *((("year", str(year)),) if year else ()), *extra),
    )


def sql_counts(query):
    """Total and facets as the backend computes them without bitmaps."""
    backend = get_backend()
    source, where, params, _ = backend._matching(query)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", params)
        total = cursor.fetchone()[0]
        cursor.execute(f"SELECT f.facet, f.value, count(*) FROM (SELECT d.doc_id AS doc_id FROM {source} WHERE {where}) m "
                       "JOIN search_facet f ON f.doc_id = m.doc_id GROUP BY f.facet, f.value", params)
        return total, facets_from_counts(cursor.fetchall())


def assert_counts_agree():
    """Totals and facet counts as SQL counts them, and pages (every one, with their snippets) as
    SQL picks them."""
    backend = get_backend()
    for params in QUERIES:
        query = search_query_from_params(params)
        results = backend.search(query)
        assert (results.total, results.facets) == sql_counts(query), params
        for page in range(1, results.total + 2):
            paged = search_query_from_params({**params, "per_page": "2", "page": str(page)})
            assert backend.search(paged).hits == backend._search_in_sql(paged).hits, (params, page)


@pytest.fixture
def index(db):
    backend = get_backend()
    backend.clear()
    backend.replace([entry(1), entry(2, "Hungary"), entry(3, year=1957, body="faction and plenum"),
                     entry(4, "GDR", 1960, "telegram", "nothing here", extra=(("collection", "korean-war"),)),
                     entry(6, "Poland", None, "note", "an undated plenum note")])
    return backend


def test_counts_agree_with_sql_and_follow_every_kind_of_write(index):
    assert_counts_agree()
    index.replace([entry(5, "Hungary", 1956, "report", "plenum in Budapest")])  # added
    assert_counts_agree()
    index.replace([entry(1, "Poland", 1958, "letter", "a letter")])  # changed
    assert_counts_agree()
    index.replace([], remove_ids=[2])  # removed
    assert_counts_agree()
    index.clear()
    assert_counts_agree()
    index.replace([entry(9, "China", 1956)])
    assert_counts_agree()
    assert get_backend().search(search_query_from_params({})).total == 1


def test_writes_since_the_bitmaps_were_built_are_patched_in_not_rebuilt(index, monkeypatch):
    get_backend().search(search_query_from_params({}))
    rebuilds = []
    original = bitmaps_module.FacetBitmaps._rebuilt
    monkeypatch.setattr(bitmaps_module.FacetBitmaps, "_rebuilt", lambda self, *a: rebuilds.append(1) or original(self, *a))
    for doc_id in range(10, 15):
        index.replace([entry(doc_id, "Romania")])
    assert_counts_agree()
    assert rebuilds == []


def test_a_rolled_back_write_leaves_no_trace_in_the_counts(index):
    with pytest.raises(RuntimeError), transaction.atomic():
        index.replace([entry(20, "Albania"), entry(1, "Mongolia")])
        results = get_backend().search(search_query_from_params({}))
        assert {v.value for v in results.facets["origin_country"]} >= {"Albania", "Mongolia"}
        raise RuntimeError("roll back")
    # Two writes: the first reuses the rolled-back generation number with another token, so the
    # log after it does not continue from the bitmaps' state.
    index.replace([entry(21, "Bulgaria")])
    index.replace([entry(22, "Bulgaria")])
    assert_counts_agree()
    countries = {v.value for v in get_backend().search(search_query_from_params({})).facets["origin_country"]}
    assert "Albania" not in countries and "Mongolia" not in countries and "Bulgaria" in countries


def test_a_reader_behind_the_kept_log_rebuilds(index, monkeypatch):
    get_backend().search(search_query_from_params({}))
    monkeypatch.setattr(bitmaps_module, "KEPT_CHANGES", 2)
    for doc_id in range(30, 330, 3):  # prunes every hundredth generation down to the last two
        index.replace([entry(doc_id, "Czechoslovakia")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(generation) FROM search_change")
        assert cursor.fetchone()[0] > 2
    assert_counts_agree()


def test_a_write_between_reading_the_bitmaps_and_the_hits_sends_the_count_to_sql(index):
    query = search_query_from_params({"q": "plenum"})

    def execute_after_another_write(sql, params):
        index.replace([entry(40, "Hungary", body="plenum again")])
        cursor.execute(sql, params)

    with connection.cursor() as cursor:
        assert hits_and_counts(connection, cursor, execute_after_another_write, query,
                               "SELECT doc_id FROM search_doc", []) is None
    assert_counts_agree()


def test_filters_alone_are_answered_from_the_bitmaps(index, django_assert_max_num_queries):
    get_backend().search(search_query_from_params({}))
    state = facet_bitmaps(connection)._state
    assert len(state.documents) == 5 and len(state.values[("origin_country", "USSR")]) == 2
    with connection.cursor() as cursor, django_assert_max_num_queries(2):
        total, rows = hits_and_counts(connection, cursor, cursor.execute, search_query_from_params({"origin_country": "USSR"}),
                                      "SELECT doc_id FROM search_doc", [])
    assert total == 2 and ("year", "1957", 1) in rows


def test_a_new_process_starts_from_the_saved_copy_and_patches_what_changed_since(index, monkeypatch):
    get_backend().search(search_query_from_params({}))  # builds, and leaves a copy
    saved = facet_bitmaps(connection)._saved_copy
    assert saved.exists()
    index.replace([entry(50, "Mongolia")])
    fresh = bitmaps_module.FacetBitmaps(saved)  # as another process would
    monkeypatch.setattr(bitmaps_module, "_per_database", {})
    monkeypatch.setattr(bitmaps_module, "facet_bitmaps", lambda connection: fresh)
    rebuilds = []
    monkeypatch.setattr(fresh, "_rebuilt", lambda *a: rebuilds.append(1))
    with connection.cursor() as cursor:
        total, rows = hits_and_counts(connection, cursor, cursor.execute, search_query_from_params({}), "", [])
    assert rebuilds == [] and total == 6 and ("origin_country", "Mongolia", 1) in rows


def test_a_damaged_copy_is_ignored(index, tmp_path):
    damaged = tmp_path / "copy.bin"
    damaged.write_bytes(b"\x00\x00\x00\x00\x00\x00\x00\x05{not json")
    fresh = bitmaps_module.FacetBitmaps(damaged)
    with connection.cursor() as cursor:
        assert len(fresh.current(cursor).documents) == 5
    assert bitmaps_module._Bitmaps.load(damaged).documents == fresh.current(connection.cursor()).documents


def test_building_the_bitmaps_does_not_count_against_the_search_time_budget(index, settings, monkeypatch):
    """A million documents take seconds to read into bitmaps: that is the process's work, done
    before the reader's search starts its clock (and by `mosaic serve` before it answers)."""
    slow_build = bitmaps_module.FacetBitmaps._rebuilt

    def rebuild_taking_a_while(self, cursor, seen):
        import time

        time.sleep(1.2)
        # Enough steps of SQLite's virtual machine for its budget check to look at the clock.
        cursor.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000) "
                       "SELECT count(*) FROM n")
        return slow_build(self, cursor, seen)

    monkeypatch.setattr(bitmaps_module.FacetBitmaps, "_rebuilt", rebuild_taking_a_while)
    fresh = bitmaps_module.FacetBitmaps()  # a new process, without a saved copy
    monkeypatch.setattr(bitmaps_module, "facet_bitmaps", lambda connection: fresh)
    settings.MOSAIC_SEARCH_TIME_BUDGET = 1
    assert get_backend().search(search_query_from_params({"q": "plenum"})).total == 4


def test_the_filters_tokens_narrow_the_words_without_losing_a_document_that_passes(index):
    """On SQLite a ranked search asks FTS5 for the words AND its filters' tokens (a date range by
    the years it covers); a document whose date interval starts in an earlier year still counts."""
    spanning = IndexEntry(
        doc_id=50, public_id="bitmap-50", title="Winter report", summary="", body="the plenum in winter", names="",
        locator="", date="1954-11/1955-02", date_min=dt.date(1954, 11, 1), date_max=dt.date(1955, 2, 28),
        origin_country="USSR", catalogue_only=False, facets=(("origin_country", "USSR"), ("year", "1954")))
    index.replace([spanning])
    for params in ({"q": "plenum", "from": "1955", "to": "1955"}, {"q": "plenum", "from": "1955-02-28"},
                   {"q": "plenum", "to": "1954-11-01", "origin_country": "USSR"}):
        results = get_backend().search(search_query_from_params(params))
        assert "bitmap-50" in [hit.public_id for hit in results.hits], params
        assert (results.total, results.facets) == sql_counts(search_query_from_params(params)), params
    later = get_backend().search(search_query_from_params({"q": "plenum", "from": "1955-03-01"}))
    assert later.total > 0 and "bitmap-50" not in [hit.public_id for hit in later.hits]


def test_no_reader_query_can_match_a_facet_token(index):
    from mosaic.search.backends.facet_tokens import facet_token, year_token

    for token in (facet_token("origin_country", "USSR"), year_token(1956)):
        # As SQLite's column holds it, as PostgreSQL's lexeme does (after a space), and prefixes.
        for typed in (token, f'" {token}"', "zf*", f"{token[:6]}*"):
            assert get_backend().search(search_query_from_params({"q": typed})).total == 0, typed
    assert get_backend().search(search_query_from_params({"q": "plenum"})).total > 0


def test_pages_read_in_the_ranking_index_order_are_the_pages_sql_gives(index, monkeypatch):
    """On PostgreSQL, many hits are read in the RUM index's order, and documents naming a word once
    tie; the pages must still be SQL's (ties by date, then id), not the index's order of ties."""
    if connection.vendor == "postgresql":
        from mosaic.search.backends import postgres

        monkeypatch.setattr(postgres, "DIRECT_RANKING", 0)
        monkeypatch.setattr(postgres, "DIRECT_SHARE", 0)
    index.replace([entry(doc_id, "Romania" if doc_id % 3 else "USSR", year=1956 + doc_id % 2) for doc_id in range(10, 40)])
    assert_counts_agree()


def test_a_page_asks_for_the_words_a_prefix_stands_for_and_marks_the_same_snippets(index):
    if connection.vendor != "sqlite":
        return  # PostgreSQL headlines the page's passages without FTS5's merge of a prefix
    from mosaic.lib.search_query import parse_query
    from mosaic.search.backends.sqlite_fts import completions_in_index, fts_expression

    index.replace([entry(60, body="the plenary session and the plenum"), entry(61, body="a plenipotentiary spoke")])
    with connection.cursor() as cursor:
        expand = completions_in_index(cursor)
        assert expand("plen") == ["plenary", "plenipotentiary", "plenum"]
        assert expand("zzz") is None
        assert "plenipotentiary" in fts_expression(parse_query("plen*"), expand)
    results = get_backend().search(search_query_from_params({"q": "plen*"}))
    in_sql = get_backend()._search_in_sql(search_query_from_params({"q": "plen*"}))
    assert results.hits == in_sql.hits and {"bitmap-60", "bitmap-61"} <= {hit.public_id for hit in results.hits}


def test_a_page_leaves_out_the_renderings_of_a_name_that_no_document_can_contain(index):
    if connection.vendor != "sqlite":
        return  # PostgreSQL headlines the page's passages without FTS5's per-row phrase look-ups
    from mosaic.lib.search_query import ParsedQuery, Term
    from mosaic.search.backends.sqlite_fts import completions_in_index, fts_expression, words_in_index

    index.replace([entry(70, body="Kim Il Sung spoke to the plenum"), entry(71, body="Kim Ir Sen was received")])
    name = Term(words=("Kim", "Il", "Sung"), alternatives=(("Kim", "Ir", "Sen"), ("Ким", "Ир", "Сен"), ("Kim", "Il", "Szong")))
    with connection.cursor() as cursor:
        holds = words_in_index(cursor)
        assert holds(("Kim", "Il", "Sung")) and holds(("Kim", "Ir", "Se"), prefix=True)
        assert not holds(("Kim", "Ir", "Se")) and not holds(("Kim", "Il", "Szong"))
        # Words outside plain ASCII are not looked up (the tokenizer may fold them otherwise): kept.
        assert holds(("Ким", "Ир", "Сен"))
        every = fts_expression(ParsedQuery(required=(name,)))
        for_snippets = fts_expression(ParsedQuery(required=(name,)), completions_in_index(cursor), holds)
    assert "Szong" in every and "Szong" not in for_snippets and '"Kim Ir' in for_snippets and "Ким" in for_snippets
    with connection.cursor() as cursor:  # the same rows either way
        rows = [sorted(cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", [expression]).fetchall())
                for expression in (every, for_snippets)]
    assert rows[0] == rows[1] == [(70,), (71,)]
