"""Search with SQLite FTS5, in the archive's own database.

Tables (created by migration search.0001):
- `search_fts`: title, summary, body, names, locator; unicode61 tokenizer dropping diacritics,
  BM25 ranking with the title weighted highest. A sixth column, `facets` (search.0006), holds one
  token per facet value of the document and per year its date interval touches, weighted 0 so it
  never ranks: a ranked search asks FTS5 for the words AND its filters' tokens, so BM25 is
  computed only for documents that can pass the filters, not for every document the words match
  (the bitmaps then apply the filters exactly). Readers' words are confined to the five text
  columns, so no query can match a token.
- `search_cjk`: the same text under the trigram tokenizer, for Korean and Chinese, which are
  written without spaces and so are found by substring.
- `search_doc`: one row per indexed document (display fields, dates, the original text for
  snippets); `search_facet`: (facet, value, doc_id) for filters and counts.
Because they live in the same database, index updates commit or roll back with the data.
"""
from __future__ import annotations

import heapq
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection

from mosaic.common.turns import stepping_aside
from mosaic.lib.search_query import ParsedQuery, Term, allows_inflection
from mosaic.lib.text_folding import fold, fold_letters, has_cjk
from mosaic.search.backends.base import FacetValue, Hit, SearchBackend, SearchResults, SearchTooSlow, facets_from_counts
from pyroaring import BitMap

from mosaic.search.backends.facet_bitmaps import bring_up_to_date, first_day, hits_and_counts, record_change
from mosaic.search.backends.facet_tokens import document_tokens, filter_tokens
from mosaic.search.entries import IndexEntry
from mosaic.search.query import SearchQuery
from mosaic.search.snippets import START, has_highlight, restore_snippet, window_snippet

# Column weights for bm25(): title, summary, body, names, locator (and the facet tokens: none).
WEIGHTS = (10.0, 4.0, 1.0, 3.0, 2.0)
BM25 = f"bm25(search_fts, {', '.join(map(str, (*WEIGHTS, 0.0)))})"
TEXT_COLUMNS = "{title summary body names locator}"
MAX_COMPLETIONS = 64  # indexed words named in place of a prefix ("Puzan*") for a page's snippets
SIMPLE_TOKEN = re.compile(r"[a-z0-9]+")  # a folded word the tokenizer keeps as it is
SNIPPET_TOKENS = 28
SNIPPET_COLUMNS = (2, 1, 3, 4)  # body, summary, names, locator: same order as the originals read
CHUNK = 500  # SQLite limits the number of bound parameters in one statement
DEFAULT_TIME_BUDGET = 5.0  # seconds; MOSAIC_SEARCH_TIME_BUDGET overrides it
# SQLite calls the budget's clock every this many virtual-machine instructions: well under a
# millisecond of work, and the demo searches ran no slower with it (within 2%).
PROGRESS_STEP = 1000

VOCABULARY_TABLE = "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_terms USING fts5vocab(search_fts, 'row')"
CREATE_STATEMENTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, summary, body, names, locator, facets, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_cjk USING fts5(text, tokenize = 'trigram')",
    "CREATE TABLE IF NOT EXISTS search_doc (doc_id INTEGER PRIMARY KEY, public_id TEXT NOT NULL, "
    "title TEXT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL, names TEXT NOT NULL, locator TEXT NOT NULL, "
    "date TEXT NOT NULL, date_min TEXT, "
    "date_max TEXT, origin_country TEXT NOT NULL, catalogue_only INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_doc_dates ON search_doc (date_min, date_max)",
    "CREATE TABLE IF NOT EXISTS search_facet (facet TEXT NOT NULL, value TEXT NOT NULL, doc_id INTEGER NOT NULL, "
    "PRIMARY KEY (facet, value, doc_id)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS search_facet_doc ON search_facet (doc_id, facet, value)",
    VOCABULARY_TABLE,
]
DROP_STATEMENTS = [f"DROP TABLE IF EXISTS {t}" for t in ("search_fts_terms", "search_fts", "search_cjk", "search_doc", "search_facet")]


def _phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


Expand = Callable[[str], "list[str] | None"]


def _prefixed(words: tuple[str, ...], expand: Expand | None) -> str:
    """A phrase whose last word may go on ("Puzan*"), or, given `expand`, the same phrase with
    each indexed word that goes on so, when there are few: FTS5 merges every such word's
    document list before it can look up a single document, so a page's snippets ask for them by
    name."""
    last = fold(words[-1])
    if expand and SIMPLE_TOKEN.fullmatch(last) and (completions := expand(last)):
        return "(" + " OR ".join(_phrase((*words[:-1], word)) for word in completions) + ")"
    return _phrase(words) + "*"


Holds = Callable[..., bool]


def _quoted(term: Term, expand: Expand | None = None, holds: Holds | None = None) -> str:
    if term.alternatives:  # a name: any of its renderings, with case endings where safe
        renderings = [(words, allows_inflection(words)) for words in (term.words, *term.alternatives)]
        if holds is not None:
            # Renderings whose words no document has cannot match: left out (all kept if none is left).
            renderings = [(words, inflects) for words, inflects in renderings if holds(words, prefix=inflects)] or renderings
        return "(" + " OR ".join(_prefixed(words, expand) if inflects else _phrase(words) for words, inflects in renderings) + ")"
    return _prefixed(term.words, expand) if term.prefix else _phrase(term.words)


def fts_expression(parsed: ParsedQuery, expand: Expand | None = None, holds: Holds | None = None) -> str | None:
    """The FTS5 MATCH string for the query's non-CJK terms, or None when it has none. The words
    are looked for in the text columns only, never among the facet tokens. With `expand` and
    `holds` (a page's snippets) a prefix names the words it stands for, and a name leaves out the
    renderings the index cannot contain."""
    required = [_quoted(t, expand, holds) for t in parsed.required if not t.cjk]
    if not required:
        return None
    expression = " AND ".join(required)
    for term in parsed.excluded:
        if not term.cjk:
            expression += f" NOT {_quoted(term, expand, holds)}"
    return f"{TEXT_COLUMNS} : ({expression})"


def _after_prefix(prefix: str) -> str:
    """The first string past every word that begins with `prefix`: the end of its range of terms."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def completions_in_index(cursor) -> Expand:
    """The indexed words that begin with a prefix (from the fts5vocab table of search.0007), or
    None when there are more than MAX_COMPLETIONS."""
    def expand(prefix: str) -> list[str] | None:
        cursor.execute("SELECT term FROM search_fts_terms WHERE term >= ? AND term < ? LIMIT ?",
                       [prefix, _after_prefix(prefix), MAX_COMPLETIONS + 1])
        words = [row[0] for row in cursor.fetchall()]
        return words if 0 < len(words) <= MAX_COMPLETIONS else None
    return expand


def words_in_index(cursor) -> Holds:
    """Whether the index holds every word of a phrase (its last as a prefix with `prefix`), from
    the fts5vocab table. A name is searched under all its renderings (twenty or more for Kim Il
    Sung), and FTS5 looks for each of them in every row of a page to make its snippets, about
    1 ms a rendering for a page of 20 even when a word of it is in no document."""
    known: dict[tuple[str, bool], bool] = {}

    def holds(words: tuple[str, ...], prefix: bool = False) -> bool:
        for position, word in enumerate(words):
            folded = fold(word)
            if not SIMPLE_TOKEN.fullmatch(folded):
                continue  # a word the tokenizer may split or fold otherwise: not looked up, taken as held
            as_prefix = prefix and position == len(words) - 1
            if (folded, as_prefix) not in known:
                if as_prefix:
                    cursor.execute("SELECT 1 FROM search_fts_terms WHERE term >= ? AND term < ? LIMIT 1",
                                   [folded, _after_prefix(folded)])
                else:
                    cursor.execute("SELECT 1 FROM search_fts_terms WHERE term = ? LIMIT 1", [folded])
                known[(folded, as_prefix)] = cursor.fetchone() is not None
            if not known[(folded, as_prefix)]:
                return False
        return True

    return holds


def facet_words(facets: Iterable[tuple[str, str]], date_min, date_max) -> str:
    """The `facets` column of a document (backends/facet_tokens.py)."""
    return " ".join(document_tokens(facets, date_min, date_max))


def narrowed_expression(expression: str, query: SearchQuery) -> str:
    """The words AND the tokens of the query's filters: every document that passes the filters is
    matched (a date range by the years it covers), and most that do not are left out."""
    every, years = filter_tokens(query)
    parts = [expression] + [f"facets : {token}" for token in every]
    if years:
        parts.append("facets : (" + " OR ".join(years) + ")")
    return " AND ".join(parts)


@contextmanager
def _time_budget() -> Iterator[Callable[[], None]]:
    """Stop the statements run inside past MOSAIC_SEARCH_TIME_BUDGET seconds (SearchTooSlow).

    SQLite's progress handler runs between virtual-machine instructions of this thread's
    connection; a true return makes the running statement fail as "interrupted". FTS5's own
    work inside one instruction (a snippet, a phrase list) is not interrupted midway, which is
    why queries are also capped in size (lib/search_query.LIMITS). Work done in Python between
    statements calls the yielded check, which raises SearchTooSlow once the time is spent.
    """
    seconds = float(getattr(settings, "MOSAIC_SEARCH_TIME_BUDGET", DEFAULT_TIME_BUDGET))
    connection.ensure_connection()
    database = connection.connection
    deadline = time.monotonic() + seconds
    database.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEP)

    def check() -> None:
        if time.monotonic() > deadline:
            raise SearchTooSlow(seconds)

    try:
        yield check
    except OperationalError as error:
        if "interrupted" in str(error) and time.monotonic() > deadline:
            raise SearchTooSlow(seconds) from None
        raise
    finally:
        database.set_progress_handler(None, 0)


class SqliteFtsBackend(SearchBackend):
    # --- writing --------------------------------------------------------------------------------

    def replace(self, entries: Iterable[IndexEntry], remove_ids: Iterable[int] = ()) -> None:
        entries = list(entries)
        stale = list({*remove_ids, *(e.doc_id for e in entries)})
        with connection.cursor() as cursor:
            for start in range(0, len(stale), CHUNK):
                chunk = stale[start:start + CHUNK]
                marks = ",".join("?" * len(chunk))
                for table, column in (("search_fts", "rowid"), ("search_cjk", "rowid"), ("search_doc", "doc_id"), ("search_facet", "doc_id")):
                    cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, summary, body, names, locator, facets) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(e.doc_id, *(fold_letters(t) for t in (e.title, e.summary, e.body, e.names, e.locator)),
                  facet_words(e.facets, e.date_min, e.date_max)) for e in entries],
            )
            cursor.executemany(
                "INSERT INTO search_cjk (rowid, text) VALUES (?, ?)",
                [(e.doc_id, "\n".join((e.title, e.summary, e.body, e.names))) for e in entries if _has_cjk_text(e)],
            )
            cursor.executemany(
                "INSERT INTO search_doc VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(e.doc_id, e.public_id, e.title, e.summary, e.body, e.names, e.locator, e.date,
                  e.date_min.isoformat() if e.date_min else None, e.date_max.isoformat() if e.date_max else None,
                  e.origin_country, int(e.catalogue_only)) for e in entries],
            )
            cursor.executemany(
                "INSERT INTO search_facet (facet, value, doc_id) VALUES (?, ?, ?)",
                [(facet, value, e.doc_id) for e in entries for facet, value in e.facets],
            )
            record_change(cursor, stale)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for table in ("search_fts", "search_cjk", "search_doc", "search_facet"):
                cursor.execute(f"DELETE FROM {table}")
            record_change(cursor, everything=True)

    # --- reading --------------------------------------------------------------------------------

    def _matching(self, query: SearchQuery) -> tuple[str, str, list, str | None]:
        """FROM clause, WHERE clause and parameters selecting the matching documents as `d`."""
        expression = fts_expression(query.parsed)
        conditions, params = [], []
        if expression:
            source = "search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid"
            conditions.append("search_fts MATCH ?")
            params.append(expression)
        else:
            source = "search_doc d"
            if ranking := _names_typed_in_words(query):
                # Documents that have the name in words rank by them, before those that have only
                # its hangul or hanja forms.
                source += (f" LEFT JOIN (SELECT rowid AS ranked_id, {BM25} AS rank FROM search_fts "
                           "WHERE search_fts MATCH ?) ranked ON ranked.ranked_id = d.doc_id")
                params.append(ranking)
        for term in query.parsed.required:
            if term.cjk:
                conditions.append(f"d.doc_id IN ({_cjk_subquery(term, params)})")
        for term in query.parsed.excluded:
            if term.cjk:
                conditions.append(f"d.doc_id NOT IN ({_cjk_subquery(term, params)})")
        for facet, value in query.filters:
            conditions.append("d.doc_id IN (SELECT doc_id FROM search_facet WHERE facet = ? AND value = ?)")
            params += [facet, value]
        # A document overlaps the range when it may have been written on any day inside it.
        if query.date_from:
            conditions.append("d.date_max >= ?")
            params.append(query.date_from.earliest().isoformat())
        if query.date_to:
            conditions.append("d.date_min <= ?")
            params.append(query.date_to.latest().isoformat())
        where = " AND ".join(conditions) or "1"
        return source, where, params, expression

    def _order(self, query: SearchQuery, expression: str | None) -> str:
        sort = query.effective_sort
        if sort == "relevance" and expression:
            return f"{BM25}, d.date_min, d.doc_id"
        if sort == "relevance" and _names_typed_in_words(query):
            return "ranked.rank IS NULL, ranked.rank, d.date_min, d.doc_id"
        if sort == "-date":
            return "d.date_min IS NULL, d.date_min DESC, d.date_max DESC, d.public_id"
        if sort == "title":
            return "d.title COLLATE NOCASE, d.date_min"
        return "d.date_min IS NULL, d.date_min, d.date_max, d.public_id"

    def holds_cjk_text(self, forms: tuple[str, ...]) -> bool:
        # Forms of three characters or more (search_query._expanded): the trigram index answers.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM search_cjk WHERE search_cjk MATCH ? LIMIT 1",
                           [" OR ".join('"' + form.replace('"', '""') + '"' for form in forms)])
            return cursor.fetchone() is not None

    def search(self, query: SearchQuery, with_facets: bool = True) -> SearchResults:
        query = self.reaching_cjk_forms(query)
        if with_facets and _answered_by_bitmaps(query):
            results = self._search_with_bitmaps(query)
            if results is not None:
                return results
        return self._search_in_sql(query, with_facets)

    def _search_with_bitmaps(self, query: SearchQuery) -> SearchResults | None:
        """The search with its hits as a bitmap: the words' documents straight from the FTS
        index (no row of search_doc read), narrowed by the facet bitmaps and the dates kept beside
        them; the page is then picked by walking the ranking (or the date index) until enough
        hits are found, and only its rows are read. None if the index changed meanwhile."""
        bitmaps = bring_up_to_date(connection)
        expression = fts_expression(query.parsed)
        wanted = query.offset + query.per_page
        with _time_budget() as check_budget, connection.cursor() as cursor:
            state = bitmaps.current(cursor)
            ranked = expression and query.effective_sort == "relevance"
            if expression:
                # One pass: the documents that have the words and the filters' tokens, with their
                # rank when the page is by relevance.
                with stepping_aside():
                    cursor.execute(f"SELECT rowid{', ' + BM25 if ranked else ''} FROM search_fts WHERE search_fts MATCH ?",
                                   [narrowed_expression(expression, query)])
                    matched = cursor.fetchall()
                hits = state.filtered(BitMap(row[0] for row in matched), query)
            else:
                hits = state.filtered(state.documents, query)
            check_budget()
            if ranked:
                page = _best_ranked(matched, hits, wanted, state.earliest)[query.offset:]
            else:
                page = _first_by_date(cursor, hits, wanted, state.earliest, check_budget)[query.offset:]
            rows = _page_rows(cursor, page, fts_expression(query.parsed, completions_in_index(cursor), words_in_index(cursor))
                              if expression else None)
            check_budget()
            counts = bitmaps.counts(cursor, hits, state)
        if counts is None:
            return None
        cjk_needles = []
        found = tuple(
            Hit(doc_id=row[0], public_id=row[1], title=row[2], date=row[3], origin_country=row[4],
                catalogue_only=bool(row[5]), snippet=_snippet(row[6:10], row[10:14], cjk_needles))
            for row in rows
        )
        return SearchResults(query=query, total=len(hits), hits=found, facets=facets_from_counts(counts))

    def _search_in_sql(self, query: SearchQuery, with_facets: bool = True) -> SearchResults:
        source, where, params, expression = self._matching(query)
        # Passages from the body first, then the summary, names and locator (catalogue-only
        # records have no body); the title is shown anyway.
        snippet_columns = "".join(
            f", snippet(search_fts, {column}, char(2), char(3), '…', {SNIPPET_TOKENS})" if expression else ", NULL"
            for column in SNIPPET_COLUMNS
        )
        if with_facets:
            bring_up_to_date(connection)
        with stepping_aside(), _time_budget(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.doc_id, d.public_id, d.title, d.date, d.origin_country, d.catalogue_only, "
                "d.body, d.summary, d.names, d.locator"
                f"{snippet_columns} FROM {source} WHERE {where} ORDER BY {self._order(query, expression)} LIMIT ? OFFSET ?",
                [*params, query.per_page, query.offset],
            )
            rows = cursor.fetchall()
            counted = None
            if with_facets:
                counted = hits_and_counts(connection, cursor, cursor.execute, query,
                                          f"SELECT d.doc_id FROM {source} WHERE {where}", params)
            if counted:
                total, facets = counted[0], facets_from_counts(counted[1])
            else:
                cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", params)
                total = cursor.fetchone()[0]
                facets = self._facets(cursor, source, where, params) if with_facets else {}
        cjk_needles = [needle for t in query.parsed.required if t.cjk for needle in t.substrings]
        hits = tuple(
            Hit(doc_id=row[0], public_id=row[1], title=row[2], date=row[3], origin_country=row[4],
                catalogue_only=bool(row[5]), snippet=_snippet(row[6:10], row[10:14], cjk_needles))
            for row in rows
        )
        return SearchResults(query=query, total=total, hits=hits, facets=facets)

    def _facets(self, cursor, source, where, params) -> dict[str, tuple[FacetValue, ...]]:
        cursor.execute(
            f"SELECT f.facet, f.value, count(*) FROM (SELECT d.doc_id AS doc_id FROM {source} WHERE {where}) m "
            "JOIN search_facet f ON f.doc_id = m.doc_id GROUP BY f.facet, f.value",
            params,
        )
        return facets_from_counts(cursor.fetchall())

    def all_ids(self, query: SearchQuery) -> list[int]:
        query = self.reaching_cjk_forms(query)
        source, where, params, expression = self._matching(query)
        with stepping_aside(), _time_budget(), connection.cursor() as cursor:
            cursor.execute(f"SELECT d.doc_id FROM {source} WHERE {where} ORDER BY {self._order(query, expression)}", params)
            return [row[0] for row in cursor.fetchall()]


def _names_typed_in_words(query: SearchQuery) -> str | None:
    """For a relevance search whose terms are all matched as Korean or Chinese, the MATCH string of
    the names among them typed in Latin or Cyrillic (and reached into CJK text, Term.also_in_cjk),
    which rank the documents that have them in words; None otherwise."""
    if query.effective_sort != "relevance" or fts_expression(query.parsed):
        return None
    names = [_quoted(name) for name in query.parsed.names_typed_in_words()]
    return f"{TEXT_COLUMNS} : ({' OR '.join(names)})" if names else None


def _answered_by_bitmaps(query: SearchQuery) -> bool:
    """Korean and Chinese substrings, and the sorts without an index to walk (newest first, by
    title), are read in SQL."""
    parsed = query.parsed
    return (query.effective_sort in ("relevance", "date")
            and not any(term.cjk for term in (*parsed.required, *parsed.excluded)))


def _streamed(cursor, check_budget: Callable[[], None], size: int = 2000):
    """The rows of the statement just run, read a batch at a time, so that a walk that stops
    early does not read them all; the time budget is checked between batches."""
    while rows := cursor.fetchmany(size):
        yield from rows
        check_budget()


def _best_ranked(scored: list[tuple[int, float]], hits: BitMap, wanted: int, earliest) -> list[int]:
    """The first `wanted` hits by rank (ties by earliest date, undated first, then by id, as in
    SQL) among (document, bm25) pairs."""
    return [doc_id for _, _, doc_id in heapq.nsmallest(
        wanted, ((score, earliest[doc_id], doc_id) for doc_id, score in scored if doc_id in hits))]


def _first_by_date(cursor, hits: BitMap, wanted: int, earliest, check_budget) -> list[int]:
    """The first `wanted` hits in date order, walking the date index (search.0004) from the
    earliest hit's date; the undated come last."""
    if not hits:
        return []
    found = []
    # (Written so, both walks read the index in order; "(date_min IS NULL) = 0" made SQLite sort.)
    for condition, params in (("date_min >= ?", [first_day(hits, earliest)]), ("date_min IS NULL", [])):
        cursor.execute(f"SELECT doc_id FROM search_doc WHERE {condition} "
                       "ORDER BY date_min IS NULL, date_min, date_max, public_id", params)
        for (doc_id,) in _streamed(cursor, check_budget):
            if doc_id in hits:
                found.append(doc_id)
                if len(found) == wanted:
                    return found
    return found


def _page_rows(cursor, page: list[int], expression: str | None) -> list[tuple]:
    """The display fields (and, with words, the marked passages) of these documents, in order."""
    if not page:
        return []
    marks = ",".join("?" * len(page))
    if expression:
        snippets = "".join(f", snippet(search_fts, {column}, char(2), char(3), '…', {SNIPPET_TOKENS})" for column in SNIPPET_COLUMNS)
        cursor.execute(
            "SELECT d.doc_id, d.public_id, d.title, d.date, d.origin_country, d.catalogue_only, d.body, d.summary, "
            f"d.names, d.locator{snippets} FROM search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid "
            f"WHERE search_fts MATCH ? AND search_fts.rowid IN ({marks})", [expression, *page])
    else:
        cursor.execute(
            "SELECT d.doc_id, d.public_id, d.title, d.date, d.origin_country, d.catalogue_only, d.body, d.summary, "
            f"d.names, d.locator, NULL, NULL, NULL, NULL FROM search_doc d WHERE d.doc_id IN ({marks})", page)
    by_id = {row[0]: row for row in cursor.fetchall()}
    return [by_id[doc_id] for doc_id in page]


def _has_cjk_text(entry: IndexEntry) -> bool:
    return has_cjk(entry.title) or has_cjk(entry.summary) or has_cjk(entry.body) or has_cjk(entry.names)


def _cjk_subquery(term: Term, params: list) -> str:
    """The documents holding a Korean or Chinese term; for a name read from hangul or hanja, the
    documents holding any of its forms: the CJK ones as substrings, the others as words."""
    phrases = (term.words, *term.alternatives)
    selects = [_cjk_substring("".join(words), params) for words in phrases if has_cjk("".join(words))]
    if in_words := term.in_words():
        params.append(f"{TEXT_COLUMNS} : {_quoted(in_words)}")
        selects.append("SELECT rowid FROM search_fts WHERE search_fts MATCH ?")
    return " UNION ".join(selects)


def _cjk_substring(text: str, params: list) -> str:
    if len(text) >= 3:  # the trigram index answers substrings of three characters or more
        params.append('"' + text.replace('"', '""') + '"')
        return "SELECT rowid FROM search_cjk WHERE search_cjk MATCH ?"
    # Shorter terms: a scan. (LIKE on a trigram table misses them in SQLite 3.40, hence instr.)
    params.append(text)
    return "SELECT rowid FROM search_cjk WHERE instr(text, ?) > 0"


def _snippet(originals, marked_passages, cjk_needles):
    """The first passage with a highlighted match, shown from the original text."""
    for original, marked in zip(originals, marked_passages):
        if marked and START in marked:
            parts = restore_snippet(marked, original)
            if has_highlight(parts):
                return parts
    for original in originals:
        if original and (parts := window_snippet(original, cjk_needles)) and (has_highlight(parts) or not cjk_needles):
            return parts
    return ()


def add_facet_column(database) -> None:
    """Give an index made before search.0006 its `facets` column: FTS5 cannot add a column, so
    the table is made anew from search_doc and search_facet (a few minutes a million documents)."""
    with database.cursor() as cursor:
        cursor.execute("SELECT * FROM search_fts LIMIT 0")
        if "facets" in [column[0] for column in cursor.description]:
            return
        cursor.execute("DROP TABLE IF EXISTS search_fts_new")
        cursor.execute(CREATE_STATEMENTS[0].replace("IF NOT EXISTS search_fts ", "search_fts_new "))
        last = 0
        while True:
            cursor.execute("SELECT doc_id, title, summary, body, names, locator, date_min, date_max FROM search_doc "
                           "WHERE doc_id > ? ORDER BY doc_id LIMIT ?", [last, CHUNK])
            documents = cursor.fetchall()
            if not documents:
                break
            ids = [row[0] for row in documents]
            facets: dict[int, list[tuple[str, str]]] = {doc_id: [] for doc_id in ids}
            cursor.execute(f"SELECT doc_id, facet, value FROM search_facet WHERE doc_id IN ({','.join('?' * len(ids))})", ids)
            for doc_id, facet, value in cursor.fetchall():
                facets[doc_id].append((facet, value))
            cursor.executemany(
                "INSERT INTO search_fts_new (rowid, title, summary, body, names, locator, facets) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, *(fold_letters(text) for text in texts), facet_words(facets[doc_id], date_min, date_max))
                 for doc_id, *texts, date_min, date_max in documents],
            )
            last = ids[-1]
        cursor.execute("DROP TABLE search_fts")
        cursor.execute("ALTER TABLE search_fts_new RENAME TO search_fts")
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
