"""Search benchmark: Mosaic's search layer against the same query written as raw FTS5 SQL.

Builds a synthetic index of N documents (default 100,000) with realistic lengths, dates,
countries and names, then times faceted queries both ways, side by side in one run:

    .venv/bin/python bench/search.py [N] [--repeat R]

Both sides return the same thing: one page of 20 hits with snippets, the total, and the counts
of every facet. The goal is Mosaic ≤ 1.3× raw.
"""
import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time

HOME = tempfile.mkdtemp(prefix="mosaic-search-bench-")
os.environ["MOSAIC_HOME"] = HOME
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from mosaic.search.backends.sqlite_fts import WEIGHTS  # noqa: E402
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
WORDS = ("the embassy comrade minister delegation reported said asked party central committee plenum leadership "
         "cooperative agriculture industry five-year plan economic aid delivery equipment relations soviet chinese "
         "korean workers people army unification south american imperialists armistice conference negotiation "
         "cadres criticism faction purge cult personality collective meeting visit reception ambassador counsellor "
         "secretary attaché information trade agreement credit grain harvest steel factory railway hydroelectric "
         "students youth women propaganda newspaper rodong sinmun kulloja speech report telegram letter journal "
         "friendship brotherly elder brother support struggle revision correction mistakes self-criticism "
         "situation difficult food shortage refugees border incident fishing boats demilitarized zone").split()


def synthetic_entries(count: int, rng: random.Random):
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
        words = rng.choices(WORDS, k=int(rng.lognormvariate(5.8, 0.6)))  # median ~330 words, long tail
        for person in people:
            words.insert(rng.randrange(len(words)), person)
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
            summary=f"{people[0]} and {people[1]} on {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
            body=" ".join(words), names=" ; ".join(people), locator=f"{repository}, f. {rng.randint(1, 999)}, d. {rng.randint(1, 999)}",
            date=date, date_min=earliest, date_max=latest, origin_country=country, catalogue_only=False,
            facets=tuple(sorted(facets)),
        )


QUERIES = [
    {"q": "Kim Il Sung", "origin_country": "USSR", "from": "1955", "to": "1960"},
    {"q": "plenum faction", "doc_type": "report"},
    {"q": "Puzan*", "year": "1957"},
    {"q": '"elder brother"', "origin_country": "Hungary"},
    {"q": "", "origin_country": "GDR", "decade": "1960s"},
]


def raw_sql(params: dict) -> tuple[list, int, list]:
    """The same query by hand: FTS5 MATCH, filters, bm25 order, snippets, total and facet counts."""
    words = params["q"]
    fts = None
    if words.startswith('"'):
        fts = words
    elif words.endswith("*"):
        fts = f'"{words[:-1]}"*'
    elif words:
        fts = " AND ".join(f'"{w}"' for w in words.split())
    conditions, args = [], []
    if fts:
        source = "search_fts JOIN search_doc d ON d.doc_id = search_fts.rowid"
        conditions.append("search_fts MATCH ?")
        args.append(fts)
    else:
        source = "search_doc d"
    for facet in ("origin_country", "doc_type", "year", "decade"):
        if facet in params:
            conditions.append("d.doc_id IN (SELECT doc_id FROM search_facet WHERE facet = ? AND value = ?)")
            args += [facet, params[facet]]
    if "from" in params:
        conditions.append("d.date_max >= ?")
        args.append(f"{params['from']}-01-01")
    if "to" in params:
        conditions.append("d.date_min <= ?")
        args.append(f"{params['to']}-12-31")
    where = " AND ".join(conditions)
    order = f"bm25(search_fts, {', '.join(map(str, WEIGHTS))})" if fts else "d.date_min, d.date_max"
    snippets = ", ".join(f"snippet(search_fts, {c}, char(2), char(3), '…', 28)" for c in (2, 1, 3, 4)) if fts else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.doc_id, d.title, d.date, {snippets} FROM {source} WHERE {where} ORDER BY {order} LIMIT 20", args)
        page = cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM {source} WHERE {where}", args)
        total = cursor.fetchone()[0]
        cursor.execute(f"SELECT f.facet, f.value, count(*) FROM (SELECT d.doc_id AS doc_id FROM {source} WHERE {where}) m "
                       "JOIN search_facet f ON f.doc_id = m.doc_id GROUP BY f.facet, f.value", args)
        facets = cursor.fetchall()
    return page, total, facets


def timings(function, repeat: int) -> list[float]:
    function()  # warm the page cache
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples):
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    backend = get_backend()
    started = time.perf_counter()
    rng = random.Random(1956)
    batch = []
    with transaction.atomic():
        for entry in synthetic_entries(args.n, rng):
            batch.append(entry)
            if len(batch) == 2000:
                backend.replace(batch)
                batch = []
        backend.replace(batch)
    size_mb = os.path.getsize(os.path.join(HOME, "mosaic.sqlite3")) / 1e6
    print(f"indexed {args.n:,} synthetic documents in {time.perf_counter() - started:.0f} s ({size_mb:,.0f} MB database)")
    print(f"{'query':<62} {'hits':>7} {'Mosaic med/p95 ms':>18} {'raw med/p95 ms':>16} {'ratio':>6}")
    ratios = []
    for params in QUERIES:
        query = search_query_from_params(params)
        mosaic = timings(lambda: backend.search(query), args.repeat)
        raw = timings(lambda: raw_sql(params), args.repeat)
        total = backend.search(query).total
        assert total == raw_sql(params)[1], "both sides must answer the same query"
        ratio = statistics.median(mosaic) / statistics.median(raw)
        ratios.append(ratio)
        label = " ".join(f"{k}={v}" for k, v in params.items() if v)
        print(f"{label:<62} {total:>7,} {statistics.median(mosaic):>8.1f}/{p95(mosaic):<8.1f} "
              f"{statistics.median(raw):>7.1f}/{p95(raw):<7.1f} {ratio:>6.2f}")
    print(f"median ratio Mosaic/raw: {statistics.median(ratios):.2f} (worst {max(ratios):.2f}; goal ≤ 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
