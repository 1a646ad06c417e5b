"""Timeline benchmark: /api/timeline over a synthetic archive of N published documents.

    .venv/bin/python bench/timeline.py [N] [--repeat R] [--postgres-url URL]

Makes N documents (default 100,000; dates 1945–1991 weighted to the 1950s–60s, as bench/search.py
draws them, a tenth known only to the year or month, ten origin countries) in a throwaway
MOSAIC_HOME (or, with --postgres-url, in a PostgreSQL database started by
`python -m mosaic.lib.throwaway_postgres`), then times the API as an anonymous reader would call it
through the whole middleware stack (page cache off) for views from the whole period (counts per
year) to a few months (items), and prints median and p95 ms with the number of periods or items.
"""
import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--postgres-url", help="build and measure on this PostgreSQL database")
    return parser.parse_args()


ARGS = arguments()
os.environ["MOSAIC_HOME"] = tempfile.mkdtemp(prefix="mosaic-timeline-bench-")
os.environ["MOSAIC_PAGE_CACHE"] = "0"
os.makedirs(Path(os.environ["MOSAIC_HOME"]) / "static")  # WhiteNoise asks for it
if ARGS.postgres_url:
    os.environ["MOSAIC_DATABASE_URL"] = ARGS.postgres_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from mosaic.corpus.models import Document  # noqa: E402

COUNTRIES = [("USSR", 0.40), ("Hungary", 0.12), ("GDR", 0.12), ("Poland", 0.08), ("Czechoslovakia", 0.07),
             ("Romania", 0.08), ("Bulgaria", 0.05), ("China", 0.05), ("Albania", 0.015), ("Mongolia", 0.015)]
VIEWS = [
    ("whole period (auto: years)", {}),
    ("1950–1970 (years)", {"from": "1950", "to": "1970"}),
    ("1956–1960 (months)", {"from": "1956", "to": "1960"}),
    ("USSR, 1956 (months or items)", {"from": "1956", "to": "1956", "origin_country": "USSR"}),
    ("August 1956 (items)", {"from": "1956-08", "to": "1956-08"}),
    ("Hungary, whole period", {"origin_country": "Hungary"}),
]


def random_day(rng: random.Random) -> dt.date:
    year = min(1991, max(1945, int(rng.gauss(1962, 9))))
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def build(n: int) -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(1956)
    countries, weights = zip(*COUNTRIES)
    started = time.perf_counter()
    batch = []
    for number in range(n):
        day = random_day(rng)
        precision = rng.random()
        if precision < 0.05:
            date, first, last = str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
        elif precision < 0.10:
            date, first = f"{day.year}-{day.month:02d}", day.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        else:
            date, first, last = day.isoformat(), day, day
        batch.append(Document(public_id=f"timeline-{number}", title=f"Report {number}", date=date, date_min=first,
                              date_max=last, origin_country=rng.choices(countries, weights)[0], status="published",
                              access="public"))
        if len(batch) == 5000:
            with transaction.atomic():
                Document.objects.bulk_create(batch)
            batch = []
    if batch:
        Document.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{n:,} documents made in {time.perf_counter() - started:.0f} s ({connection.vendor})")


def main() -> None:
    build(ARGS.n)
    client = Client()
    print(f"{'view':34} {'median ms':>10} {'p95 ms':>8}  answer")
    for name, params in VIEWS:
        client.get("/api/timeline", params)  # the first answer warms the process
        times = []
        for _ in range(ARGS.repeat):
            started = time.perf_counter()
            response = client.get("/api/timeline", params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:300]
        data = response.json()
        if data["mode"] == "items":
            shown = f"{len(data['documents'])} documents as items"
        else:
            shown = f"{sum(c['documents'] for c in data['counts']):,} documents in {len(data['counts'])} {data['mode']}s"
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        print(f"{name:34} {statistics.median(times):10.0f} {p95:8.0f}  {shown}")


if __name__ == "__main__":
    main()
