"""Search abuse benchmark: what very long, repetitive queries cost the engine, without the caps.

An outside probe found that one anonymous search could stall the server: 1,000 repeated words
took 4.8 s, 2,000 took 18 s, and four 100 KB queries ran for over twenty minutes. This times
queries of 100, 1,000, 2,000 and 10,000 words straight through the engine (parse, name
reading, de-duplication, the SQLite FTS5 backend), with the query limits and the time budget
switched off, to show that the cost now grows linearly with the words typed:

    .venv/bin/python bench/search_abuse.py [DOCUMENTS] [--repeat R]

The index is bench/search.py's synthetic corpus (default 5,000 documents) in a throwaway
MOSAIC_HOME, with the shipped name authority so that names are read and expanded.
"""
import argparse
import random
import statistics
import sys
import time

# bench/search.py sets up the throwaway MOSAIC_HOME and Django, and makes the synthetic corpus.
from search import synthetic_entries  # noqa: E402  (a module of this folder)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from mosaic.entities.authority import get_matcher, load_shipped_authority, load_terms  # noqa: E402
from mosaic.entities.name_search import name_reader  # noqa: E402
from mosaic.lib.search_query import UNLIMITED, expand_names, parse_query  # noqa: E402
from mosaic.search.index import get_backend  # noqa: E402
from mosaic.search.query import SearchQuery  # noqa: E402

SIZES = (100, 1_000, 2_000, 10_000)
# Query shapes, each a function words → query text.
SHAPES = {
    "one word repeated": lambda n: " ".join(["plenum"] * n),
    "name + words repeated": lambda n: " ".join(["Kim Il Sung plenum Pyongyang"] * (n // 5)),
    "five words in turn": lambda n: " ".join(["embassy", "faction", "plenum", "cooperative", "delegation"][i % 5] for i in range(n)),
}


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - started) * 1000


def run(text: str, backend):
    """One search through every stage; returns (terms handed to the backend, ms per stage)."""
    parsed, parse_ms = timed(lambda: parse_query(text, UNLIMITED))
    expanded, names_ms = timed(lambda: expand_names(parsed, name_reader(), limits=UNLIMITED))
    distinct, distinct_ms = timed(expanded.distinct)
    query = SearchQuery(text=text, parsed=distinct)
    _, backend_ms = timed(lambda: backend.search(query))
    return len(distinct.required), (parse_ms, names_ms, distinct_ms, backend_ms)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("documents", nargs="?", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    load_shipped_authority()
    load_terms()
    get_matcher()  # built once, as `mosaic serve` does before serving
    backend = get_backend()
    with transaction.atomic():
        entries = list(synthetic_entries(args.documents, random.Random(1956)))
        for start in range(0, len(entries), 2000):
            backend.replace(entries[start:start + 2000])
    settings.MOSAIC_SEARCH_TIME_BUDGET = 3600  # measure the whole cost, not the budget
    print(f"{args.documents:,} synthetic documents; median of {args.repeat} runs, ms")
    print(f"{'query':<24} {'words':>7} {'terms':>6} {'parse':>8} {'names':>8} {'distinct':>9} {'backend':>9} {'total':>9} {'µs/word':>8}")
    for shape, make in SHAPES.items():
        for size in SIZES:
            text = make(size)
            runs = [run(text, backend) for _ in range(args.repeat)]
            terms = runs[0][0]
            stages = [statistics.median(r[1][i] for r in runs) for i in range(4)]
            total = sum(stages)
            print(f"{shape:<24} {size:>7,} {terms:>6} " + " ".join(f"{ms:>8.1f}" for ms in stages[:2])
                  + f" {stages[2]:>9.1f} {stages[3]:>9.1f} {total:>9.1f} {1000 * total / size:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
