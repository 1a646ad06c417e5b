"""Search benchmark: Mosaic's search layer beside the same query as raw SQL of the same database,
and beside Datasette's JSON API with the same facets over the same data.

    .venv/bin/python bench/search.py [N] [--repeat R] [--home DIR] [--postgres-url URL] [--no-datasette]

Builds a synthetic index of N documents (default 100,000; realistic lengths, dates, countries,
names, and words drawn from a Zipf distribution over a 20,000-word vocabulary, so a topical word
occurs in a few per cent of documents and "the" in nearly all), then times faceted queries from
a handful of hits to the whole archive. With --home the index is kept there and reused by the
next run of the same N; with --postgres-url (a server started by
`python -m mosaic.lib.throwaway_postgres`) Mosaic and raw SQL run on PostgreSQL, and the index is
kept in that database.

Every side returns the same thing: one page of 20 hits (with snippets where the side has them),
the total, and the count of every value of every facet; the run fails if any total or facet count
differs. Datasette (`pip install -e '.[bench]'`) reads a table of the same documents with one
column per facet and an index on each, searched through the very FTS5 table Mosaic's SQLite
backend uses, with its time limits raised so its counts are complete.
"""
import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACET_COLUMNS = ["origin_country", "original_language", "doc_type", "repository", "year", "decade",
                 "translation_language", "classification", "collection"]


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--home", help="keep the index (SQLite) in this folder and reuse it")
    parser.add_argument("--postgres-url", help="run Mosaic and raw SQL on this PostgreSQL database")
    parser.add_argument("--no-datasette", action="store_true")
    return parser.parse_args()


ARGS = arguments()
HOME = ARGS.home or tempfile.mkdtemp(prefix="mosaic-search-bench-")
os.makedirs(HOME, exist_ok=True)
os.environ["MOSAIC_HOME"] = HOME
os.environ["MOSAIC_SEARCH_TIME_BUDGET"] = "600"  # the benchmark measures; it does not stop searches
if ARGS.postgres_url:
    os.environ["MOSAIC_DATABASE_URL"] = ARGS.postgres_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from mosaic.search.backends.base import facets_from_counts  # noqa: E402
from mosaic.search.backends.postgres import WORDS_INDEX, ranks_from_index  # noqa: E402
from mosaic.search.backends.sqlite_fts import BM25  # noqa: E402
from mosaic.search.entries import IndexEntry  # noqa: E402
from mosaic.search.index import get_backend  # noqa: E402
from mosaic.search.query import search_query_from_params  # noqa: E402

COUNTRIES = [("USSR", "ru", 0.40), ("Hungary", "hu", 0.12), ("GDR", "de", 0.12), ("Poland", "pl", 0.08),
             ("Czechoslovakia", "cs", 0.07), ("Romania", "ro", 0.08), ("Bulgaria", "bg", 0.05), ("China", "zh", 0.05),
             ("Albania", "sq", 0.015), ("Mongolia", "mn", 0.015)]
REPOSITORIES = {"USSR": ["AVPRF", "RGANI", "RGASPI", "GARF"], "Hungary": ["MOL"], "GDR": ["PolA AA", "SAPMO-BArch"],
                "Poland": ["AMSZ"], "Czechoslovakia": ["AMZV"], "Romania": ["AMAE"], "Bulgaria": ["TsDA"],
                "China": ["PRC FMA"], "Albania": ["AQSH"], "Mongolia": ["MFAM"]}
TYPES = ["memorandum_of_conversation", "report", "telegram", "letter", "journal", "minutes", "note"]
NAMES = ["Kim Il Sung", "Kim Ir Sen", "Kim Ir Szen", "Nam Il", "Pak Heon-yeong", "Choe Yong-geon", "Kim Tu-bong",
         "Pak Chang-ok", "Ch'oe Ch'ang-ik", "Puzanov", "Ivanov", "Suzdalev", "Pak Kum-chol", "Ri Hyo-sun",
         "Kim Kwang-hyop", "Ho Ka-i", "Mu Chong", "Kim Chong-il", "Pak Seong-cheol", "Ri Sang-jo"]
FUNCTION_WORDS = "the of and to in a that was with for on as by it at from his their this had".split()
# Topical words at fixed ranks, so the queries below match a known share of documents.
RANKED = {"embassy": 25, "delegation": 60, "plenum": 120, "cooperative": 180, "faction": 400, "brother": 700,
          "elder": 900, "hydroelectric": 3000}
TOPICAL = ("comrade minister reported said asked party central committee leadership agriculture industry five-year "
           "plan economic aid delivery equipment relations soviet chinese korean workers people army unification "
           "south american imperialists armistice conference negotiation cadres criticism cult personality "
           "collective meeting visit reception ambassador counsellor secretary attaché information trade agreement "
           "credit grain harvest steel factory railway students youth women propaganda newspaper rodong sinmun "
           "kulloja speech telegram letter journal friendship brotherly support struggle revision correction "
           "mistakes self-criticism situation difficult food shortage refugees border incident fishing boats "
           "demilitarized zone").split()
VOCABULARY_SIZE = 20_000


def vocabulary(rng: random.Random) -> list[str]:
    """Words by rank: function words first, topical words spread over the first few thousand
    ranks, made-up words of two or three syllables for the long tail."""
    syllables = [c + v for c in "bdgklmnprstvz" for v in "aeiou"]
    filler = set()
    while len(filler) < VOCABULARY_SIZE:
        filler.add("".join(rng.choice(syllables) for _ in range(rng.choice((2, 3, 3)))))
    words = [None] * VOCABULARY_SIZE
    words[:len(FUNCTION_WORDS)] = FUNCTION_WORDS
    for word, rank in RANKED.items():
        words[rank - 1] = word
    topical = [w for w in TOPICAL if w not in RANKED]
    for i, word in enumerate(topical):
        rank = int(30 * 1.035 ** i)
        while words[rank] is not None:
            rank += 1
        words[rank] = word
    rest = iter(sorted(filler))
    return [word if word is not None else next(rest) for word in words]


def synthetic_entries(count: int, rng: random.Random):
    words_by_rank = vocabulary(rng)
    cumulative, total = [], 0.0
    for rank in range(1, len(words_by_rank) + 1):
        total += 1 / rank
        cumulative.append(total)
    weights = [w for _, _, w in COUNTRIES]
    start = dt.date(1945, 8, 15).toordinal()
    span = dt.date(1991, 12, 31).toordinal() - start
    for doc_id in range(1, count + 1):
        country, language, _ = rng.choices(COUNTRIES, weights)[0]
        day = dt.date.fromordinal(start + int(span * rng.betavariate(2, 4)))  # most papers from the 1950s–60s
        precision = rng.random()
        date = day.isoformat() if precision < 0.85 else (day.isoformat()[:7] if precision < 0.95 else str(day.year))
        earliest = dt.date.fromisoformat(date) if len(date) == 10 else dt.date(day.year, int(date[5:7]) if len(date) == 7 else 1, 1)
        latest = earliest if len(date) == 10 else (dt.date(day.year, 12, 31) if len(date) == 4 else
                                                   (dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1) - dt.timedelta(days=1)))
        people = rng.sample(NAMES, 3)
        words = rng.choices(words_by_rank, cum_weights=cumulative, k=int(rng.lognormvariate(5.8, 0.6)))  # median ~330
        for person in people:
            words.insert(rng.randrange(len(words)), person)
        if rng.random() < 0.03:  # a set phrase, as the reports' "elder brother" for the USSR
            words.insert(rng.randrange(len(words)), "elder brother")
        repository = rng.choice(REPOSITORIES[country])
        doc_type = rng.choice(TYPES)
        facets = {("origin_country", country), ("original_language", language), ("doc_type", doc_type),
                  ("repository", repository), ("year", str(day.year)), ("decade", f"{day.year // 10 * 10}s")}
        if rng.random() < 0.3:
            facets.add(("translation_language", "en"))
        if rng.random() < 0.4:
            facets.add(("classification", rng.choice(["Secret", "Top Secret", "Strictly confidential"])))
        if rng.random() < 0.1:
            facets.add(("collection", rng.choice(["korean-war", "august-1956-plenum", "second-korean-war"])))
        yield IndexEntry(
            doc_id=doc_id, public_id=f"bench-{doc_id}",
            title=f"{doc_type.replace('_', ' ').capitalize()} of the {country} embassy with {people[0]}",
            summary=f"{people[0]} and {people[1]} on {rng.choice(TOPICAL)} and {rng.choice(TOPICAL)}.",
            body=" ".join(words), names=" ; ".join(people), locator=f"{repository}, f. {rng.randint(1, 999)}, d. {rng.randint(1, 999)}",
            date=date, date_min=earliest, date_max=latest, origin_country=country, catalogue_only=False,
            facets=tuple(sorted(facets)),
        )


QUERIES = [
    {"q": "Puzan*", "year": "1957"},
    {"q": '"elder brother"', "origin_country": "Hungary"},
    {"q": "plenum faction", "doc_type": "report"},
    {"q": "Kim Il Sung", "origin_country": "USSR", "from": "1955", "to": "1960"},
    {"q": "", "origin_country": "GDR", "decade": "1960s"},
    {"q": "delegation", "origin_country": "USSR"},
    {"q": "embassy cooperative"},
    {"q": "", "origin_country": "USSR"},
    {"q": ""},  # the match-all page: every document
]


def indexed_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_doc")
        return cursor.fetchone()[0]


def build(n: int) -> None:
    backend = get_backend()
    if indexed_count() == n:
        print(f"reusing the index of {n:,} documents")
        return
    backend.clear()
    postgres = connection.vendor == "postgresql"
    if postgres:  # a bulk load: the text indexes are made once at the end, as a restore would
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {WORDS_INDEX}")
            cursor.execute("DROP INDEX IF EXISTS search_doc_cjk_text")
    started = time.perf_counter()
    entries = synthetic_entries(n, random.Random(1956))
    done = 0
    while done < n:
        with transaction.atomic():
            batch = []
            for entry in entries:
                batch.append(entry)
                if len(batch) == 2000:
                    backend.replace(batch)
                    done += len(batch)
                    batch = []
                    if done % 50_000 == 0:
                        break
            if batch:
                backend.replace(batch)
                done += len(batch)
        print(f"  indexed {done:,} in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        if postgres:
            from mosaic.search.backends.postgres import CREATE_STATEMENTS, RUM_INDEX

            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'rum'")
            rum = cursor.fetchone() is not None
            for statement in CREATE_STATEMENTS:
                if WORDS_INDEX in statement and not rum or "search_doc_cjk_text" in statement:
                    cursor.execute(statement)
            if rum:
                cursor.execute(RUM_INDEX)
            cursor.execute("ANALYZE")
        else:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    print(f"indexed {n:,} synthetic documents in {time.perf_counter() - started:.0f} s")


# --- raw SQL: the same query written by hand ---------------------------------------------------

def _filters(params: dict, mark: str) -> tuple[list, list]:
    conditions, args = [], []
    for facet in FACET_COLUMNS:
        if facet in params:
            conditions.append(f"d.doc_id IN (SELECT doc_id FROM search_facet WHERE facet = {mark} AND value = {mark})")
            args += [facet, params[facet]]
    if "from" in params:
        conditions.append(f"d.date_max >= {mark}")
        args.append(dt.date(int(params["from"]), 1, 1) if mark == "%s" else f"{params['from']}-01-01")
    if "to" in params:
        conditions.append(f"d.date_min <= {mark}")
        args.append(dt.date(int(params["to"]), 12, 31) if mark == "%s" else f"{params['to']}-12-31")
    return conditions, args


def raw_sqlite(params: dict) -> tuple[list, int, dict]:
    words = params["q"]
    fts = None
    if words.startswith('"'):
        fts = words
    elif words.endswith("*"):
        fts = f'"{words[:-1]}"*'
    elif words:
        fts = " AND ".join(f'"{w}"' for w in words.split())
    conditions, args = _filters(params, "?")
    if fts:
        source = "search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid"
        conditions.insert(0, "search_fts MATCH ?")
        args.insert(0, fts)
    else:
        source = "search_doc d"
    where = " AND ".join(conditions) or "1"
    order = BM25 if fts else "d.date_min, d.date_max"
    snippets = ", ".join(f"snippet(search_fts, {c}, char(2), char(3), '…', 28)" for c in (2, 1, 3, 4)) if fts else "NULL"
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # the driver itself: no Django in the way
    page = cursor.execute(f"SELECT d.doc_id, d.title, d.date, {snippets} FROM {source} WHERE {where} ORDER BY {order} LIMIT 20", args).fetchall()
    total = cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", args).fetchone()[0]
    facets = cursor.execute(f"SELECT f.facet, f.value, count(*) FROM (SELECT d.doc_id AS doc_id FROM {source} WHERE {where}) m "
                            "JOIN search_facet f ON f.doc_id = m.doc_id GROUP BY f.facet, f.value", args).fetchall()
    return page, total, facets_from_counts(facets)


def raw_postgres(params: dict) -> tuple[list, int, dict]:
    words = params["q"]
    tsquery = None
    if words.startswith('"'):
        tsquery = " <-> ".join(words.strip('"').split())
    elif words.endswith("*"):
        tsquery = words[:-1].lower() + ":*"
    elif words:
        tsquery = " & ".join(w.lower() for w in words.split())
    conditions, args = _filters(params, "%s")
    source = "search_doc d"
    if tsquery:
        source = "search_doc d JOIN search_words w ON w.doc_id = d.doc_id"
        conditions.insert(0, "w.document @@ to_tsquery('mosaic_search', %s)")
        args.insert(0, tsquery)
    where = " AND ".join(conditions) or "TRUE"
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        if tsquery:
            # Ranked as the words' index ranks: RUM's distance where there is one, else ts_rank.
            rank = ("w.document <=> to_tsquery('mosaic_search', %s)" if ranks_from_index(connection)
                    else "ts_rank(w.document, to_tsquery('mosaic_search', %s)) DESC")
            cursor.execute(f"SELECT d.doc_id, d.title, d.date, ts_headline('mosaic_search', d.body, to_tsquery('mosaic_search', %s)) "
                           f"FROM (SELECT d.* FROM {source} WHERE {where} ORDER BY {rank} LIMIT 20) d",
                           [tsquery, *args, tsquery])
        else:
            cursor.execute(f"SELECT d.doc_id, d.title, d.date FROM search_doc d WHERE {where} ORDER BY d.date_min, d.date_max LIMIT 20", args)
        page = cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", args)
        total = cursor.fetchone()[0]
        cursor.execute(f"SELECT f.facet, f.value, count(*) FROM (SELECT d.doc_id FROM {source} WHERE {where}) m "
                       "JOIN search_facet f ON f.doc_id = m.doc_id GROUP BY f.facet, f.value", args)
        facets = cursor.fetchall()
    return page, total, facets_from_counts(facets)


# --- Datasette --------------------------------------------------------------------------------

def datasette_table(path: str) -> None:
    """One row per document with a column per facet, beside Mosaic's tables in the same file."""
    import sqlite3

    database = sqlite3.connect(path)
    have = database.execute("SELECT count(*) FROM sqlite_master WHERE name = 'datasette_docs'").fetchone()[0]
    if have and database.execute("SELECT count(*) FROM datasette_docs").fetchone()[0] == ARGS.n:
        return
    started = time.perf_counter()
    database.execute("DROP TABLE IF EXISTS datasette_docs")
    database.execute("CREATE TABLE datasette_docs (doc_id INTEGER PRIMARY KEY, title TEXT, date TEXT, date_min TEXT, "
                     f"date_max TEXT, {', '.join(f'{c} TEXT' for c in FACET_COLUMNS)})")
    pivot = ", ".join(f"max(CASE WHEN f.facet = '{c}' THEN f.value END)" for c in FACET_COLUMNS)
    database.execute(f"INSERT INTO datasette_docs SELECT d.doc_id, d.title, d.date, d.date_min, d.date_max, {pivot} "
                     "FROM search_doc d JOIN search_facet f ON f.doc_id = d.doc_id GROUP BY d.doc_id")
    for column in [*FACET_COLUMNS, "date_min", "date_max"]:
        database.execute(f"CREATE INDEX datasette_docs_{column} ON datasette_docs ({column})")
    database.execute("ANALYZE")
    database.commit()
    database.close()
    print(f"Datasette's table made in {time.perf_counter() - started:.0f} s")


class DatasettePeer:
    def __init__(self, path: str):
        from datasette.app import Datasette

        self.loop = asyncio.new_event_loop()
        limit = 600_000
        self.datasette = Datasette(
            [path], immutables=[],
            settings={"sql_time_limit_ms": limit, "facet_time_limit_ms": limit, "facet_suggest_time_limit_ms": 1,
                      "suggest_facets": False, "default_facet_size": 100, "max_returned_rows": 1000,
                      "num_sql_threads": 1},
            metadata={"databases": {Path(path).stem: {"tables": {"datasette_docs": {"fts_table": "search_fts", "fts_pk": "doc_id"}}}}},
        )
        self.url = f"/{Path(path).stem}/datasette_docs.json"

    def query(self, params: dict) -> tuple[int, dict]:
        args = [("_size", "20"), ("_facet_size", "max"), *(("_facet", c) for c in FACET_COLUMNS)]
        words = params["q"]
        if words:
            fts = words if words.startswith('"') else (f'"{words[:-1]}"*' if words.endswith("*") else " AND ".join(f'"{w}"' for w in words.split()))
            args += [("_search", fts), ("_searchmode", "raw")]
        for facet in FACET_COLUMNS:
            if facet in params:
                args.append((facet, params[facet]))
        if "from" in params:
            args.append(("date_max__gte", f"{params['from']}-01-01"))
        if "to" in params:
            args.append(("date_min__lte", f"{params['to']}-12-31"))
        response = self.loop.run_until_complete(self.datasette.client.get(self.url, params=args))
        data = response.json()
        assert response.status_code == 200 and not data.get("facets_timed_out") and not data.get("error"), data
        rows = [(facet, str(item["value"]), item["count"]) for facet, result in data["facet_results"].items()
                for item in result["results"]]
        return data["filtered_table_rows_count"], facets_from_counts(rows)


# --- timing -----------------------------------------------------------------------------------

def timings(function, repeat: int) -> list[float]:
    function()  # warm the caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples):
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def main():
    call_command("migrate", verbosity=0)
    build(ARGS.n)
    backend = get_backend()
    postgres = connection.vendor == "postgresql"
    raw = raw_postgres if postgres else raw_sqlite
    peer = None
    if not ARGS.no_datasette:
        sqlite_path = os.path.join(HOME, "mosaic.sqlite3")
        if postgres:
            print(f"Datasette reads the SQLite index of the same {ARGS.n:,} documents in {HOME} (built there by a run without --postgres-url)")
        datasette_table(sqlite_path)
        peer = DatasettePeer(sqlite_path)
    print(f"{connection.vendor}, {ARGS.n:,} documents, {ARGS.repeat} runs each; median / p95 ms")
    print(f"{'query':<52} {'hits':>9} {'Mosaic':>15} {'raw SQL':>15} {'Datasette':>17} {'M/raw':>6} {'DS/M':>6}")
    for params in QUERIES:
        query = search_query_from_params(params)
        results = backend.search(query)
        raw_page, raw_total, raw_facets = raw(params)
        assert (results.total, results.facets) == (raw_total, raw_facets), f"Mosaic and raw SQL disagree on {params}"
        mosaic = timings(lambda: backend.search(query), ARGS.repeat)
        raw_times = timings(lambda: raw(params), max(3, ARGS.repeat // 4))
        line = ""
        if peer:
            peer_total, peer_facets = peer.query(params)
            assert (peer_total, peer_facets) == (raw_total, raw_facets), f"Datasette's counts differ on {params}"
            peer_times = timings(lambda: peer.query(params), max(3, ARGS.repeat // 4))
            line = f"{statistics.median(peer_times):>8.0f}/{p95(peer_times):<8.0f}"
            ratio = f"{statistics.median(peer_times) / statistics.median(mosaic):>6.1f}"
        else:
            line, ratio = f"{'-':>17}", f"{'-':>6}"
        label = " ".join(f"{k}={v}" for k, v in params.items() if v) or "(everything)"
        print(f"{label:<52} {results.total:>9,} {statistics.median(mosaic):>7.0f}/{p95(mosaic):<7.0f} "
              f"{statistics.median(raw_times):>7.0f}/{p95(raw_times):<7.0f} {line} "
              f"{statistics.median(mosaic) / statistics.median(raw_times):>6.2f} {ratio}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
