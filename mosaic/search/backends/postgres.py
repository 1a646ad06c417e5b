"""Search with PostgreSQL's full-text search, in the archive's own database.

Objects (created by migration search.0002 on PostgreSQL):
- the extensions `unaccent` and `pg_trgm`, and the text-search configuration `mosaic_search`:
  PostgreSQL's word parser, then `unaccent` (so "Stefanescu" finds "Ştefănescu"), then `simple`
  (lower case, no stemming and no stop words, like SQLite's unicode61 tokenizer).
- `search_doc`: one row per indexed document: display fields, dates, the original texts for
  snippets, and `cjk_text` (the Korean or Chinese text, searched as substrings through a pg_trgm
  index).
- `search_words`: the document's words, a tsvector of title, summary, body, names and locator
  weighted A to D, then its facet values and years as lexemes after the text (search.0008,
  backends/facet_tokens.py; each begins with a space, which no word or prefix a reader types
  can), alone in a narrow table (its values kept out of line, in TOAST), so reading a
  search's hits visits a heap of a few megabytes instead of the display fields. Its index is
  RUM where the `rum` extension can be created (scripts/install-postgres.sh installs Debian's
  package): RUM keeps each word's positions in the index, so it ranks the hits by itself and
  hands them over best first; without it a GIN index finds the hits and ts_rank ranks them,
  reading every hit's tsvector (seconds at a million documents: docs/postgres.md).
- `search_facet`: (facet, value, doc_id) for filters and counts.
Because they live in the same database, index updates commit or roll back with the data.

The observable behaviour is the SQLite backend's (backends/sqlite_fts.py): the same query
language, the same folding of letters, snippets from the original text with the match marked,
facet counts, date overlap and sorts. Where PostgreSQL differs is said in docs/postgres.md.
"""
from __future__ import annotations

import heapq
import math
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction
from pyroaring import BitMap

from mosaic.common.db_router import connection_for_reads
from mosaic.lib.search_query import ParsedQuery, Term, allows_inflection
from mosaic.lib.text_folding import fold_letters, has_cjk
from mosaic.search.backends.base import FacetValue, Hit, SearchBackend, SearchResults, SearchTooSlow, facets_from_counts
from mosaic.search.backends.facet_bitmaps import bring_up_to_date, first_day, hits_and_counts, record_change
from mosaic.search.backends.facet_tokens import document_tokens, filter_tokens
# The same choice of snippet passage as SQLite's: the first with a highlighted match.
from mosaic.common.turns import stepping_aside
from mosaic.search.backends.sqlite_fts import DEFAULT_TIME_BUDGET, WEIGHTS, _snippet
from mosaic.search.entries import IndexEntry
from mosaic.search.query import SearchQuery
from mosaic.search.snippets import ELLIPSIS, END, START

CONFIGURATION = "mosaic_search"
# ts_rank weighs the labels {D, C, B, A}; SQLite's bm25 column weights are title 10, summary 4,
# body 1, names 3, locator 2. Four labels for five columns: the locator shares the names' label.
TITLE_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT, NAMES_WEIGHT, _LOCATOR_WEIGHT = WEIGHTS
RANK_WEIGHTS = [BODY_WEIGHT / TITLE_WEIGHT, NAMES_WEIGHT / TITLE_WEIGHT, SUMMARY_WEIGHT / TITLE_WEIGHT, 1.0]
RANK_NORMALIZATION = 1  # divide by 1 + log(length), as bm25 damps long documents
SNIPPET_WORDS = 28  # as many as SQLite's snippets
HEADLINE_OPTIONS = (f'StartSel="{START}", StopSel="{END}", MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, '
                    "MaxFragments=1, ShortWord=0")
CHUNK = 1000

# The word types of PostgreSQL's default parser that carry letters or digits: each goes through
# unaccent, then simple. (Others, such as URLs and e-mail addresses, keep simple alone.)
WORD_TYPES = "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart"

WORDS_INDEX = "search_words_document"
GIN_INDEX = f"CREATE INDEX {WORDS_INDEX} ON search_words USING gin (document)"
RUM_INDEX = f"CREATE INDEX {WORDS_INDEX} ON search_words USING rum (document rum_tsvector_ops)"
WORDS_TABLE_STATEMENTS = [
    # toast_tuple_target: every vector longer than that goes out of line, uncompressed (EXTERNAL),
    # so the heap stays a list of ids and a hit's row is one small read.
    "CREATE TABLE search_words (doc_id bigint PRIMARY KEY, document tsvector NOT NULL) WITH (toast_tuple_target = 128)",
    "ALTER TABLE search_words ALTER COLUMN document SET STORAGE EXTERNAL",
    GIN_INDEX,
]
# RUM has no pending list as GIN has: writing one document's words into it costs several
# milliseconds, which held a PostgreSQL import to about 60 records a second. So under RUM, words
# written since the last merge wait in a small GIN-indexed table (GIN's pending list makes a write
# cheap); every search reads both through the view, and a worker job moves them into the RUM
# table a batch at a time (merge_recent_words). Rebuilding the index writes straight to the RUM
# table, whose index is built once afterwards (bulk_loading).
RECENT_WORDS = "search_words_recent"
WORDS_READ = "search_words_all"
RECENT_WORDS_STATEMENTS = [
    f"CREATE TABLE IF NOT EXISTS {RECENT_WORDS} (doc_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {RECENT_WORDS}_document ON {RECENT_WORDS} USING gin (document)",
    f"CREATE OR REPLACE VIEW {WORDS_READ} AS SELECT doc_id, document FROM search_words "
    f"UNION ALL SELECT doc_id, document FROM {RECENT_WORDS}",
]
MERGE_BATCH = 500  # documents moved into the RUM table per transaction: seconds, not minutes


def build_words_index(database) -> str:
    """Make the words' index the kind MOSAIC_SEARCH_WORDS_INDEX asks for, "rum" (the default:
    ranks inside the index, so broad searches take milliseconds, but each indexed document costs
    several milliseconds more to write) or "gin" (fast to write, ranks by reading every hit's
    vector). RUM needs its extension, which needs the package on the server and a superuser;
    without it GIN is kept. Returns the kind now in place. Building reads every vector: about
    two and a half minutes a 200,000 documents for RUM here."""
    from django.db import DatabaseError

    wanted = getattr(settings, "MOSAIC_SEARCH_WORDS_INDEX", "rum")
    if wanted == "rum":
        try:
            with transaction.atomic(using=database.alias), database.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except DatabaseError:
            wanted = "gin"
    if words_index_method(database) != wanted:
        with database.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
            cursor.execute(RUM_INDEX if wanted == "rum" else GIN_INDEX)
    _ranks_from_index.clear()
    if wanted == "gin":  # GIN takes writes cheaply itself: nothing waits apart
        with database.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RECENT_WORDS])
            if cursor.fetchone()[0]:
                _move_recent_words(cursor)
    return wanted


def words_index_method(database) -> str | None:
    """'rum' or 'gin': the access method of the words' index (None before it exists)."""
    with database.cursor() as cursor:
        cursor.execute("SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = %s",
                       [WORDS_INDEX])
        row = cursor.fetchone()
    return row[0] if row else None


def add_facet_tokens(database) -> None:
    """Give the words of an index made before search.0008 their facet tokens. The words' index is
    dropped first and built again after (an update of every row under RUM would take hours at a
    million documents; this takes the index build's minutes)."""
    with database.cursor() as cursor:
        cursor.execute("SELECT 1 FROM search_words LIMIT 1")
        if cursor.fetchone() is None:
            return
        cursor.execute(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
        cursor.execute("CREATE TEMPORARY TABLE search_tokens_new (doc_id bigint PRIMARY KEY, tokens tsvector) ON COMMIT DROP")
        last = 0
        while True:
            cursor.execute("SELECT doc_id, date_min, date_max FROM search_doc WHERE doc_id > %s ORDER BY doc_id LIMIT %s",
                           [last, CHUNK * 10])
            documents = cursor.fetchall()
            if not documents:
                break
            ids = [row[0] for row in documents]
            facets: dict[int, list[tuple[str, str]]] = {doc_id: [] for doc_id in ids}
            cursor.execute("SELECT doc_id, facet, value FROM search_facet WHERE doc_id = ANY(%s)", [ids])
            for doc_id, facet, value in cursor.fetchall():
                facets[doc_id].append((facet, value))
            with cursor.cursor.copy("COPY search_tokens_new (doc_id, tokens) FROM STDIN") as copy:
                for doc_id, date_min, date_max in documents:
                    copy.write_row((doc_id, token_vector(facets[doc_id], date_min, date_max)))
            last = ids[-1]
        cursor.execute("UPDATE search_words w SET document = w.document || t.tokens FROM search_tokens_new t "
                       "WHERE t.doc_id = w.doc_id")
    _ranks_from_index.clear()
    build_words_index(database)


_ranks_from_index: dict[tuple, bool] = {}


def ranks_from_index(database) -> bool:
    """Whether this database's words are indexed by RUM (asked once per process and database)."""
    settings_dict = database.settings_dict
    key = (str(settings_dict["NAME"]), settings_dict.get("HOST"), settings_dict.get("PORT"))
    if key not in _ranks_from_index:
        _ranks_from_index[key] = words_index_method(database) == "rum"
    return _ranks_from_index[key]


CREATE_STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIGURATION} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIGURATION} ALTER MAPPING FOR {WORD_TYPES} WITH unaccent, simple",
    "CREATE TABLE search_doc (doc_id bigint PRIMARY KEY, public_id text NOT NULL, title text NOT NULL, "
    "summary text NOT NULL, body text NOT NULL, names text NOT NULL, locator text NOT NULL, date text NOT NULL, "
    "date_min date, date_max date, origin_country text NOT NULL, catalogue_only boolean NOT NULL, cjk_text text)",
    *WORDS_TABLE_STATEMENTS,
    *RECENT_WORDS_STATEMENTS,
    "CREATE INDEX search_doc_cjk_text ON search_doc USING gin (cjk_text gin_trgm_ops) WHERE cjk_text IS NOT NULL",
    "CREATE INDEX search_doc_dates ON search_doc (date_min, date_max)",
    "CREATE TABLE search_facet (facet text NOT NULL, value text NOT NULL, doc_id bigint NOT NULL, "
    "PRIMARY KEY (facet, value, doc_id))",
    "CREATE INDEX search_facet_doc ON search_facet (doc_id, facet, value)",
]
# The extensions stay: other objects of the database may use them.
DROP_STATEMENTS = [
    f"DROP VIEW IF EXISTS {WORDS_READ}",
    f"DROP TABLE IF EXISTS {RECENT_WORDS}",
    "DROP TABLE IF EXISTS search_words",
    "DROP TABLE IF EXISTS search_facet",
    "DROP TABLE IF EXISTS search_doc",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIGURATION}",
]

_VECTOR_PARTS = (("title", "A"), ("summary", "B"), ("body", "D"), ("names", "C"), ("locator", "C"))
# A document's words from the columns of `_WORDS_INPUT`: its text weighted, then its facet tokens.
_DOCUMENT_VECTOR = " || ".join(
    f"setweight(to_tsvector('{CONFIGURATION}', {column}), '{label}')" for column, label in _VECTOR_PARTS
) + " || tokens::tsvector"
# The words' input as rows of one statement: one INSERT ... SELECT makes every vector of a batch,
# where a statement each made PostgreSQL plan and run the expression once per document.
_WORDS_INPUT = ("unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) "
                "AS input (doc_id, title, summary, body, names, locator, tokens)")


class _WordsAhead:
    """Makes the word vectors of a writer's batches on a second connection of its own, while the
    writer goes on preparing its next batch, and writes them inside the writer's transaction
    before its next statement that touches the index (or at the end of its batches).

    Making a 4 KB document's vector (PostgreSQL's parser, unaccent) costs the server about
    0.25 ms, where reading the vector back from its text costs 0.05 ms: an import spent a quarter
    of its time waiting on that one statement a batch. The second connection reads no table, so
    nothing it does depends on the writer's uncommitted rows; the vector's text form is exact
    (lexemes, positions and weights come back as they were)."""

    def __init__(self, database):
        # The writer's database as its own settings name it (a test database's name included).
        self.database_class, self.settings_dict, self.alias = type(database), database.settings_dict, database.alias
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-words")
        self.waiting: list[tuple[Future, str]] = []
        self.maker = None  # the helper thread's own connection, made and closed in that thread

    def make(self, columns: list, words_table: str) -> None:
        self.waiting.append((self.executor.submit(self._vectors, columns), words_table))

    def _vectors(self, columns: list) -> list[tuple[int, str]]:
        if self.maker is None:
            self.maker = self.database_class(self.settings_dict, self.alias)
        with self.maker.cursor() as cursor:
            cursor.execute(f"SELECT doc_id, ({_DOCUMENT_VECTOR})::text FROM {_WORDS_INPUT}", columns)
            return cursor.fetchall()

    def write_waiting(self, cursor) -> None:
        waiting, self.waiting = self.waiting, []
        for future, words_table in waiting:
            rows = future.result()
            cursor.execute(f"INSERT INTO {words_table} (doc_id, document) SELECT doc_id, document::tsvector "
                           "FROM unnest(%s::bigint[], %s::text[]) AS input (doc_id, document)",
                           [[doc_id for doc_id, _ in rows], [vector for _, vector in rows]])

    def close(self) -> None:
        for future, _ in self.waiting:
            future.cancel()
        self.waiting = []

        def close_maker():
            if self.maker is not None:
                self.maker.close()

        try:
            self.executor.submit(close_maker).result()
        finally:
            self.executor.shutdown()


_words_ahead: ContextVar[_WordsAhead | None] = ContextVar("search_words_ahead", default=None)


def _token_lexeme(token: str) -> str:
    """A facet token as a lexeme that begins with a space: PostgreSQL's parser splits whatever a
    reader types at spaces, so no word or prefix of theirs can reach it; only `filter_query` does."""
    return f"' {token}'"


def token_vector(facets, date_min, date_max) -> str:
    """A document's facet tokens as tsvector input, each at one position after the text. RUM
    checks a lexeme without positions against the row itself, which reads every hit's vector
    from TOAST (ten times slower); with a position it answers from the index alone. RUM's
    distance ignores lexemes outside the query; ts_rank's length normalisation counts a token as
    one word, as it would without a position."""
    return " ".join(f"{_token_lexeme(token)}:1" for token in document_tokens(facets, date_min, date_max))


# RUM merges the lists of an OR's lexemes one by one: at 200,000 documents each year added about
# 14 ms, so a range of more years narrows less than it costs (bench/search.py, docs/postgres.md).
MAX_YEAR_LEXEMES = 3


def filter_query(query: SearchQuery) -> str | None:
    """The query's filters as tsquery input over the tokens (None without filters): the words'
    index then finds only documents that can pass them."""
    every, years = filter_tokens(query)
    parts = [_token_lexeme(token) for token in every]
    if 0 < len(years) <= MAX_YEAR_LEXEMES:
        parts.append("(" + " | ".join(_token_lexeme(token) for token in years) + ")")
    return " & ".join(parts) or None


def narrowed(expression: str, query: SearchQuery) -> tuple[str, list]:
    """SQL for the tsquery of the words AND the filters' tokens, with its parameters."""
    tokens = filter_query(query)
    if tokens is None:
        return f"to_tsquery('{CONFIGURATION}', %s)", [expression]
    return f"(to_tsquery('{CONFIGURATION}', %s) && %s::tsquery)", [expression, tokens]


# --- the query language in tsquery ---------------------------------------------------------------


def _lexeme(word: str) -> str:
    """A word as a quoted tsquery operand; to_tsquery passes it through the configuration, so it
    is unaccented and lower-cased like the indexed text (and split where the parser splits it)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(words: tuple[str, ...], prefix: bool) -> str:
    operands = [_lexeme(word) for word in words]
    if prefix:
        operands[-1] += ":*"
    return "(" + " <-> ".join(operands) + ")"


def _operand(term: Term) -> str:
    if term.alternatives:  # a name: any of its renderings, with case endings where safe
        return "(" + " | ".join(_phrase(words, allows_inflection(words)) for words in (term.words, *term.alternatives)) + ")"
    return _phrase(term.words, term.prefix)


def tsquery_expression(parsed: ParsedQuery) -> str | None:
    """The to_tsquery text for the query's non-CJK terms, or None when it has none."""
    required = [_operand(t) for t in parsed.required if not t.cjk]
    if not required:
        return None
    return " & ".join(required + [f"!{_operand(t)}" for t in parsed.excluded if not t.cjk])


def _names_typed_in_words(query: SearchQuery) -> str | None:
    """For a relevance search whose terms are all matched as Korean or Chinese, the to_tsquery text
    of the names among them typed in Latin or Cyrillic (and reached into CJK text,
    Term.also_in_cjk), which rank the documents that have them in words; None otherwise."""
    if query.effective_sort != "relevance" or tsquery_expression(query.parsed):
        return None
    return " | ".join(_operand(name) for name in query.parsed.names_typed_in_words()) or None


def _cjk_condition(term: Term, params: list) -> str:
    """A Korean or Chinese term as a condition on `d`; for a name read from hangul or hanja, any
    of its forms: the CJK ones as substrings, the others as words."""
    phrases = (term.words, *term.alternatives)
    conditions = []
    for words in phrases:
        if has_cjk("".join(words)):
            conditions.append("d.cjk_text ILIKE %s")
            params.append(_like_pattern("".join(words)))
    if in_words := term.in_words():
        conditions.append(f"d.doc_id IN (SELECT doc_id FROM {WORDS_READ} WHERE document @@ to_tsquery('{CONFIGURATION}', %s))")
        params.append(_operand(in_words))
    return "(" + " OR ".join(conditions) + ")"


def _like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# --- the time budget -------------------------------------------------------------------------------


class _Budget:
    """Runs a search's statements, each allowed only what is left of the search's time."""

    def __init__(self, cursor, deadline: float, seconds: float):
        self.cursor, self.deadline, self.seconds = cursor, deadline, seconds

    def execute(self, sql: str, params) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise SearchTooSlow(self.seconds)
        # statement_timeout counts whole milliseconds, and 0 would switch it off.
        self.cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{max(1, math.ceil(remaining * 1000))}ms"])
        self.cursor.execute(sql, params)

    def rows_in_index_order(self, sql: str, params) -> list[tuple]:
        """The rows of a statement whose ORDER BY an index serves, read in that order: past a few
        thousand rows the planner would rather fetch them all (every vector from the heap, for
        the words) and sort, which costs ten times more. The setting ends with the search's
        transaction at the latest."""
        self.cursor.execute("SELECT set_config('enable_sort', 'off', true)")
        self.execute(sql, params)
        rows = self.cursor.fetchall()
        self.cursor.execute("SELECT set_config('enable_sort', 'on', true)")
        return rows


@contextmanager
def _time_budget(database) -> Iterator[_Budget]:
    """Stop the statements run through the budget past MOSAIC_SEARCH_TIME_BUDGET seconds
    (SearchTooSlow). PostgreSQL cancels a statement past its statement_timeout; the setting is
    local to a transaction (a savepoint inside one), so a cancelled search leaves the connection
    as it was, and a finished one puts the earlier setting back."""
    seconds = float(getattr(settings, "MOSAIC_SEARCH_TIME_BUDGET", DEFAULT_TIME_BUDGET))
    deadline = time.monotonic() + seconds
    try:
        # The search's work is the server's: the process's next page may have the turn meanwhile.
        with stepping_aside(), transaction.atomic(using=database.alias), database.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            earlier = cursor.fetchone()[0]
            yield _Budget(cursor, deadline, seconds)
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [earlier])
    except OperationalError as error:
        from psycopg.errors import QueryCanceled

        if isinstance(error.__cause__, QueryCanceled) and time.monotonic() >= deadline:
            raise SearchTooSlow(seconds) from None
        raise


class PostgresBackend(SearchBackend):
    # --- writing --------------------------------------------------------------------------------

    def replace(self, entries: Iterable[IndexEntry], remove_ids: Iterable[int] = ()) -> None:
        entries = list(entries)
        stale = list({*remove_ids, *(e.doc_id for e in entries)})
        words_table = "search_words" if _bulk_loading.get() or not ranks_from_index(connection) else RECENT_WORDS
        ahead = _words_ahead.get()
        with connection.cursor() as cursor:
            if ahead is not None:
                ahead.write_waiting(cursor)  # before any deletion: the writes land in the order they were asked for
            for start in range(0, len(stale), CHUNK):
                chunk = stale[start:start + CHUNK]
                # The recent words before the others: a merge moving this document's words waits
                # here until it commits, and the next statement then sees (and deletes) what it moved.
                for table in ("search_facet", RECENT_WORDS, "search_words", "search_doc"):
                    cursor.execute(f"DELETE FROM {table} WHERE doc_id = ANY(%s)", [chunk])
            if entries:
                self._write(cursor, entries, words_table, ahead)
            record_change(cursor, stale)

    @contextmanager
    def writing_in_batches(self) -> Iterator[None]:
        if _words_ahead.get() is not None:
            yield
            return
        ahead = _WordsAhead(connections[DEFAULT_DB_ALIAS])  # the wrapper itself: `connection` is a proxy
        token = _words_ahead.set(ahead)
        try:
            yield
            with connection.cursor() as cursor:
                ahead.write_waiting(cursor)
        finally:
            _words_ahead.reset(token)
            ahead.close()

    @staticmethod
    def _write(cursor, entries: list[IndexEntry], words_table: str, ahead: _WordsAhead | None = None) -> None:
        # COPY for the plain rows: an INSERT a row cost a round of the protocol each (about 0.15 ms
        # a facet row, ten facets a document).
        with cursor.cursor.copy("COPY search_doc (doc_id, public_id, title, summary, body, names, locator, date, "
                                "date_min, date_max, origin_country, catalogue_only, cjk_text) FROM STDIN") as copy:
            for e in entries:
                copy.write_row((e.doc_id, e.public_id, e.title, e.summary, e.body, e.names, e.locator, e.date,
                                e.date_min, e.date_max, e.origin_country, e.catalogue_only, _cjk_text(e)))
        for start in range(0, len(entries), CHUNK):
            chunk = entries[start:start + CHUNK]
            # Indexed with the same letters folded as SQLite's index, so words split alike.
            columns = [[e.doc_id for e in chunk]]
            columns += [[fold_letters(getattr(e, name)) for e in chunk] for name, _ in _VECTOR_PARTS]
            columns.append([token_vector(e.facets, e.date_min, e.date_max) for e in chunk])
            if ahead is not None:
                ahead.make(columns, words_table)
                continue
            cursor.execute(f"INSERT INTO {words_table} (doc_id, document) SELECT doc_id, {_DOCUMENT_VECTOR} "
                           f"FROM {_WORDS_INPUT}", columns)
        with cursor.cursor.copy("COPY search_facet (facet, value, doc_id) FROM STDIN") as copy:
            for e in entries:
                for facet, value in e.facets:
                    copy.write_row((facet, value, e.doc_id))

    def clear(self) -> None:
        with connection.cursor() as cursor:
            if (ahead := _words_ahead.get()) is not None:
                ahead.write_waiting(cursor)  # asked for before the clearing: cleared with the rest
            cursor.execute(f"TRUNCATE search_facet, search_words, {RECENT_WORDS}, search_doc")
            record_change(cursor, everything=True)

    @contextmanager
    def bulk_loading(self) -> Iterator[None]:
        """Write every document's words straight to the words' table with its index dropped, and
        build the index once at the end: a rebuild of 200,000 documents then costs the index's
        three minutes instead of hours of one-by-one RUM writes. Searches inside wait for it."""
        if not ranks_from_index(connection):
            yield
            return
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
            token = _bulk_loading.set(True)
            try:
                yield
            finally:
                _bulk_loading.reset(token)
            build_words_index(connection)

    def upkeep_due(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {RECENT_WORDS})")
            return cursor.fetchone()[0]

    def do_upkeep(self) -> int:
        return merge_recent_words()

    # --- reading --------------------------------------------------------------------------------

    def _matching(self, query: SearchQuery) -> tuple[str, str, list, str | None]:
        """FROM clause, WHERE clause and parameters selecting the matching documents as `d` of
        search_doc (joined with their words as `w` when the query has words)."""
        expression = tsquery_expression(query.parsed)
        conditions, params = [], []
        source = "search_doc d"
        if expression:
            source = f"search_doc d JOIN {WORDS_READ} w ON w.doc_id = d.doc_id"
            matching, matching_params = narrowed(expression, query)
            conditions.append(f"w.document @@ {matching}")
            params += matching_params
        for term in query.parsed.required:
            if term.cjk:
                conditions.append(_cjk_condition(term, params))
        for term in query.parsed.excluded:
            if term.cjk:
                conditions.append("(d.cjk_text IS NULL OR d.cjk_text NOT ILIKE %s)")
                params.append(_like_pattern(term.text.replace(" ", "")))
        for facet, value in query.filters:
            conditions.append("d.doc_id IN (SELECT doc_id FROM search_facet WHERE facet = %s AND value = %s)")
            params += [facet, value]
        # A document overlaps the range when it may have been written on any day inside it.
        if query.date_from:
            conditions.append("d.date_max >= %s")
            params.append(query.date_from.earliest())
        if query.date_to:
            conditions.append("d.date_min <= %s")
            params.append(query.date_to.latest())
        return source, " AND ".join(conditions) or "TRUE", params, expression

    def _order(self, query: SearchQuery, expression: str | None, database) -> tuple[str, list]:
        """ORDER BY clause and its parameters. Undated documents come last by date, as on SQLite;
        public ids compare byte by byte whatever the database's collation."""
        sort = query.effective_sort
        if sort == "relevance" and expression:
            if ranks_from_index(database):
                # Ties as the index path breaks them (_best_ranked): earliest first, then by id.
                return f"w.document <=> to_tsquery('{CONFIGURATION}', %s), d.date_min NULLS FIRST, d.doc_id", [expression]
            return (f"ts_rank(%s::real[], w.document, to_tsquery('{CONFIGURATION}', %s), {RANK_NORMALIZATION}) DESC, "
                    "d.date_min NULLS FIRST, d.public_id COLLATE \"C\"", [RANK_WEIGHTS, expression])
        if sort == "relevance" and (names := _names_typed_in_words(query)):
            # Documents that have the name in words rank by them, before those that have only its
            # hangul or hanja forms (no row of words, or none of them: rank 0).
            return (f"(SELECT ts_rank(%s::real[], r.document, to_tsquery('{CONFIGURATION}', %s), {RANK_NORMALIZATION}) "
                    f"FROM {WORDS_READ} r WHERE r.doc_id = d.doc_id) DESC NULLS LAST, d.date_min NULLS FIRST, "
                    "d.public_id COLLATE \"C\"", [RANK_WEIGHTS, names])
        if sort == "-date":
            return "d.date_min DESC NULLS LAST, d.date_max DESC NULLS LAST, d.public_id COLLATE \"C\"", []
        if sort == "title":
            return "lower(d.title), d.date_min NULLS FIRST, d.public_id COLLATE \"C\"", []
        return "d.date_min NULLS LAST, d.date_max NULLS LAST, d.public_id COLLATE \"C\"", []

    def holds_cjk_text(self, forms: tuple[str, ...]) -> bool:
        with connection_for_reads().cursor() as cursor:
            cursor.execute("SELECT 1 FROM search_doc WHERE cjk_text IS NOT NULL AND cjk_text ILIKE ANY(%s) LIMIT 1",
                           [[_like_pattern(form) for form in forms]])
            return cursor.fetchone() is not None

    def search(self, query: SearchQuery, with_facets: bool = True) -> SearchResults:
        query = self.reaching_cjk_forms(query)
        # The read replica when there is one and this reader has not just written (db_router).
        database = connection_for_reads()
        if with_facets:
            bitmaps = bring_up_to_date(database)
            expression = tsquery_expression(query.parsed)
            ranked = bool(expression) and query.effective_sort == "relevance"
            if (ranks_from_index(database) if ranked else query.effective_sort == "date") and not any(
                    term.cjk for term in (*query.parsed.required, *query.parsed.excluded)):
                results = self._search_with_bitmaps(query, expression, database, bitmaps)
                if results is not None:
                    return results
        return self._search_in_sql(query, with_facets, database)

    def _search_with_bitmaps(self, query: SearchQuery, expression: str | None, database, bitmaps) -> SearchResults | None:
        """The search with its hits as a bitmap, as on SQLite: the words' documents from the
        words' index alone (or every document), narrowed by the facet bitmaps and dates; the page
        is the first of them in the order the RUM index ranks, or in date order, and only its
        rows are read. None if the index changed meanwhile."""
        wanted = query.offset + query.per_page
        with _time_budget(database) as budget:
            state = bitmaps.current(budget.cursor)
            if expression:
                # The filters' tokens too, so the index hands over only documents that can pass.
                matching = narrowed(expression, query)
                budget.execute(f"SELECT doc_id FROM {WORDS_READ} WHERE document @@ {matching[0]}", matching[1])
                matched = BitMap(row[0] for row in budget.cursor.fetchall())
            else:
                matched = state.documents
            hits = state.filtered(matched, query)
            if expression and query.effective_sort == "relevance":
                page = _best_ranked(budget, expression, matching, hits, len(matched), wanted, state.earliest)[query.offset:]
            else:
                page = _first_by_date(budget, hits, wanted, state.earliest)[query.offset:]
            rows = []
            if page:
                budget.execute("SELECT d.doc_id, d.public_id, d.title, d.date, d.origin_country, d.catalogue_only, "
                               "d.body, d.summary, d.names, d.locator FROM search_doc d WHERE d.doc_id = ANY(%s)", [page])
                by_id = {row[0]: row for row in budget.cursor.fetchall()}
                rows = [by_id[doc_id] for doc_id in page if doc_id in by_id]
            passages = [row[6:10] for row in rows]
            marked = _headlines(budget, expression, passages) if expression else [(None,) * 4 for _ in rows]
            counts = bitmaps.counts(budget.cursor, hits, state)
        if counts is None or len(rows) != len(page):
            return None
        return SearchResults(query=query, total=len(hits), hits=_hits(rows, passages, marked, []),
                             facets=facets_from_counts(counts))

    def _search_in_sql(self, query: SearchQuery, with_facets: bool = True, database=None) -> SearchResults:
        database = database or connection_for_reads()
        source, where, params, expression = self._matching(query)
        order, order_params = self._order(query, expression, database)
        with _time_budget(database) as budget:
            budget.execute(
                "SELECT d.doc_id, d.public_id, d.title, d.date, d.origin_country, d.catalogue_only, "
                f"d.body, d.summary, d.names, d.locator FROM {source} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, *order_params, query.per_page, query.offset],
            )
            rows = budget.cursor.fetchall()
            counted = None
            if with_facets:
                counted = hits_and_counts(database, budget.cursor, budget.execute, query,
                                          f"SELECT d.doc_id FROM {source} WHERE {where}", params)
            if counted:
                total, facets = counted[0], facets_from_counts(counted[1])
            else:
                budget.execute(f"SELECT count(*) FROM {source} WHERE {where}", params)
                total = budget.cursor.fetchone()[0]
                facets = self._facets(budget, source, where, params) if with_facets else {}
            # Passages from the body first, then the summary, names and locator (catalogue-only
            # records have no body); the title is shown anyway.
            passages = [row[6:10] for row in rows]
            marked = _headlines(budget, expression, passages) if expression else [(None,) * 4 for _ in rows]
        cjk_needles = [needle for t in query.parsed.required if t.cjk for needle in t.substrings]
        return SearchResults(query=query, total=total, hits=_hits(rows, passages, marked, cjk_needles), facets=facets)

    def _facets(self, budget: _Budget, source: str, where: str, params: list) -> dict[str, tuple[FacetValue, ...]]:
        budget.execute(
            f"SELECT f.facet, f.value, count(*) FROM (SELECT d.doc_id FROM {source} WHERE {where}) m "
            "JOIN search_facet f ON f.doc_id = m.doc_id GROUP BY f.facet, f.value",
            params,
        )
        return facets_from_counts(budget.cursor.fetchall())

    def all_ids(self, query: SearchQuery) -> list[int]:
        database = connection_for_reads()
        query = self.reaching_cjk_forms(query)
        source, where, params, expression = self._matching(query)
        order, order_params = self._order(query, expression, database)
        with _time_budget(database) as budget:
            budget.execute(f"SELECT d.doc_id FROM {source} WHERE {where} ORDER BY {order}", [*params, *order_params])
            return [row[0] for row in budget.cursor.fetchall()]


_bulk_loading: ContextVar[bool] = ContextVar("search_bulk_loading", default=False)


def merge_recent_words(limit: int = MERGE_BATCH) -> int:
    """Move up to `limit` documents' words from the recent table into the RUM-indexed one, in one
    transaction; returns how many were moved. Rows an edit holds are skipped (the job its commit
    queues moves them), so a merge never waits on a writer."""
    with transaction.atomic(), connection.cursor() as cursor:
        return _move_recent_words(cursor, limit)


def _move_recent_words(cursor, limit: int | None = None) -> int:
    """Move the waiting words (up to `limit` documents' not held by a writer, or all) into the
    words' table; returns how many documents' words moved."""
    chosen = "" if limit is None else (f"WHERE doc_id IN (SELECT doc_id FROM {RECENT_WORDS} "
                                        "ORDER BY doc_id LIMIT %s FOR UPDATE SKIP LOCKED) ")
    cursor.execute(f"WITH moved AS (DELETE FROM {RECENT_WORDS} {chosen}RETURNING doc_id, document) "
                   "INSERT INTO search_words (doc_id, document) SELECT doc_id, document FROM moved",
                   [] if limit is None else [limit])
    return cursor.rowcount


# Up to this many hits are ranked one by one (their vectors read from the heap, about 13 µs
# each), and so are more when they are under a quarter of the words' matches (the index ranks
# every match, about 3.5 µs each); otherwise the page is read in the index's order.
DIRECT_RANKING = 5000
DIRECT_SHARE = 0.25


def _best_ranked(budget: _Budget, expression: str, matching: tuple[str, list], hits: BitMap, matched: int, wanted: int,
                 earliest) -> list[int]:
    """The first `wanted` hits in the RUM index's order (ties by earliest date, undated first,
    then by id). Few hits, or few of the matches, are ranked one by one. Otherwise the index
    ranks every document `matching` finds (the words and the filters' tokens), so enough of its best are read to hold
    `wanted` hits at the filters' share of the matches; if they fall short, or the last distance
    read is shared by documents not read yet (RUM's distance has no length damping, so documents
    naming a word once tie), the hits are ranked one by one, or every match read, whichever
    reads less."""
    if not hits:
        return []
    if len(hits) <= DIRECT_RANKING or len(hits) <= matched * DIRECT_SHARE:
        return _ranked_one_by_one(budget, expression, hits, wanted, earliest)
    share = len(hits) / max(matched, 1)
    limit = min(matched, int(wanted / share * 2) + 200)
    ranked = _read_in_index_order(budget, expression, matching, hits, wanted, limit, matched)
    if ranked is None:
        if len(hits) * 2 < matched:
            return _ranked_one_by_one(budget, expression, hits, wanted, earliest)
        ranked = _read_in_index_order(budget, expression, matching, hits, wanted, matched, matched)
    return [doc_id for _, _, doc_id in heapq.nsmallest(
        wanted, ((distance, earliest[doc_id], doc_id) for distance, doc_id in ranked))]


def _read_in_index_order(budget: _Budget, expression: str, matching: tuple[str, list], hits: BitMap, wanted: int,
                         limit: int, matched: int):
    """(distance, id) of the hits among the index's `limit` best, up to the end of the tie group
    of the `wanted`-th; None if that end was not reached before the `limit`-th of `matched`. The
    words waiting for their merge into the RUM table are few: all of theirs are ranked and merged in."""
    distance = f"document <=> to_tsquery('{CONFIGURATION}', %s)"
    indexed = budget.rows_in_index_order(
        f"SELECT doc_id, {distance} FROM search_words WHERE document @@ {matching[0]} ORDER BY {distance} LIMIT %s",
        [expression, *matching[1], expression, limit])
    budget.execute(f"SELECT doc_id, {distance} FROM {RECENT_WORDS} WHERE document @@ {matching[0]}",
                   [expression, *matching[1]])
    waiting = sorted(budget.cursor.fetchall(), key=lambda row: row[1])
    cut_short = len(indexed) >= limit and limit < matched
    # Past the last distance read from the index, documents not read yet may come first.
    frontier = indexed[-1][1] if cut_short else math.inf
    ranked = []
    for doc_id, row_distance in heapq.merge(indexed, waiting, key=lambda row: row[1]):
        if doc_id in hits:
            if len(ranked) >= wanted and row_distance != ranked[-1][0]:
                return ranked if ranked[-1][0] < frontier else None
            ranked.append((row_distance, doc_id))
    return None if cut_short else ranked


def _ranked_one_by_one(budget: _Budget, expression: str, hits: BitMap, wanted: int, earliest) -> list[int]:
    budget.execute(f"SELECT doc_id, document <=> to_tsquery('{CONFIGURATION}', %s) FROM {WORDS_READ} "
                   "WHERE doc_id = ANY(%s)", [expression, list(hits)])
    return [doc_id for _, _, doc_id in heapq.nsmallest(
        wanted, ((distance, earliest[doc_id], doc_id) for doc_id, distance in budget.cursor.fetchall()))]


def _first_by_date(budget: _Budget, hits: BitMap, wanted: int, earliest, batch: int = 2000) -> list[int]:
    """The first `wanted` hits in date order (SQL's: date_min, date_max, public_id; undated
    last), walking the date index (search.0004) from the earliest hit's date a batch at a time."""
    if not hits:
        return []
    found = []
    for condition, params in (("date_min >= %s", [first_day(hits, earliest) or "0001-01-01"]), ("date_min IS NULL", [])):
        offset = 0
        while True:
            rows = budget.rows_in_index_order(
                f"SELECT doc_id FROM search_doc WHERE {condition} ORDER BY date_min NULLS LAST, "
                'date_max NULLS LAST, public_id COLLATE "C" LIMIT %s OFFSET %s', [*params, batch, offset])
            for (doc_id,) in rows:
                if doc_id in hits:
                    found.append(doc_id)
                    if len(found) == wanted:
                        return found
            if len(rows) < batch:
                break
            offset += batch
            batch *= 2
    return found


def _hits(rows, passages, marked, cjk_needles) -> tuple[Hit, ...]:
    return tuple(
        Hit(doc_id=row[0], public_id=row[1], title=row[2], date=row[3], origin_country=row[4],
            catalogue_only=bool(row[5]), snippet=_snippet(originals, row_marked, cjk_needles))
        for row, originals, row_marked in zip(rows, passages, marked)
    )


def _cjk_text(entry: IndexEntry) -> str | None:
    texts = (entry.title, entry.summary, entry.body, entry.names)
    return "\n".join(texts) if any(has_cjk(text) for text in texts) else None


def _headlines(budget: _Budget, expression: str, passages: list[tuple[str, ...]]) -> list[tuple[str | None, ...]]:
    """ts_headline of each passage of each hit, with START/END around the matched words, computed
    for this page only. The passages are headlined with letters folded as indexed, so the marks
    fall where the index matched; restore_snippet then shows the original characters."""
    folded = [fold_letters(text) if text else "" for passage in passages for text in passage]
    if not any(folded):
        return [(None,) * 4 for _ in passages]
    budget.execute(
        f"SELECT CASE WHEN t.text = '' THEN NULL ELSE ts_headline('{CONFIGURATION}', t.text, "
        f"to_tsquery('{CONFIGURATION}', %s), %s) END FROM unnest(%s::text[]) WITH ORDINALITY AS t(text, n) ORDER BY t.n",
        [expression, HEADLINE_OPTIONS, folded],
    )
    marked = [_with_ellipses(headline, text) if headline else None
              for (headline,), text in zip(budget.cursor.fetchall(), folded)]
    return [tuple(marked[i:i + 4]) for i in range(0, len(marked), 4)]


def _with_ellipses(marked: str, text: str) -> str:
    """Mark a cut passage with an ellipsis at the cut end(s), as SQLite's snippets do."""
    plain = marked.replace(START, "").replace(END, "")
    position = text.find(plain)
    if position < 0:
        return marked
    before = ELLIPSIS if text[:position].strip() else ""
    after = ELLIPSIS if text[position + len(plain):].strip() else ""
    return before + marked + after

