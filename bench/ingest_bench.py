"""Ingest benchmark: how fast a large JSON Lines file is imported, how fast workers then derive
the language markers and name links, how fast it is re-imported unchanged, and peak memory.

Run: .venv/bin/python bench/ingest_bench.py [N] [--postgres] [--workers W]   (W=0: imports only)
     (default 5,000 records of one 4 KB text each; a throwaway MOSAIC_HOME, and with --postgres a
     throwaway PostgreSQL server started by mosaic/lib/throwaway_postgres.py)

The import stores each record, its history and its search entry in one transaction and queues
the derived work; `mosaic worker --batch --concurrency W` (default 2) then does that work in
separate processes, and is timed on its own. Peak memory is the largest resident size of this
process and of any one worker process.
"""
import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOME = tempfile.mkdtemp(prefix="mosaic-bench-")
os.environ["MOSAIC_HOME"] = HOME
os.environ["MOSAIC_JOBS_RUN"] = "worker"  # queue the derived work, as a server installation does
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")

SOURCES = [
    "RGANI, Fond 5, Opis 28, Delo {n}, Listy 301–303. Obtained and translated for NKIDP by James F. Person.",
    "AVPRF F. 0102, Op. 13, P. 72, Delo {n}, Listy 165-192.",
    "MOL, XIX-J-1-j Korea, 4. doboz, 5/a, {n:06d}/ 1955. Translated for NKIDP by Balazs Szalontai",
    "Polish Foreign Ministry Archive. Obtained for NKIDP by Jakub Poprocki and translated for NKIDP by Maya Latynski.",
]
PARAGRAPH = "The ambassador reported that the Korean comrades had asked for further deliveries of equipment. " * 40


def synthetic_records(count: int):
    rng = random.Random(1956)
    for n in range(count):
        year, month, day = rng.randint(1950, 1989), rng.randint(1, 12), rng.randint(1, 28)
        yield {
            "id": f"bench-{n}",
            "title": f"Memorandum of conversation no. {n}",
            "type": "memorandum_of_conversation",
            "date": f"{year}-{month:02d}-{day:02d}",
            "origin_country": rng.choice(["USSR", "Hungary", "GDR", "Poland"]),
            "original_language": "ru",
            "source": rng.choice(SOURCES).format(n=n),
            "agents": [{"name": "Kim Il Sung", "role": "mentioned"}, {"name": f"Diplomat {n % 50}", "role": "author"}],
            "texts": [{"kind": "translation", "language": "en", "text": PARAGRAPH}],
            "status": "published",
        }


def timed_import(label, path):
    from mosaic.ingest.pipeline import ingest_file

    start, cpu_start = time.perf_counter(), time.process_time()
    report = ingest_file(path, progress=False)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    assert report.ok, report.errors[:3]
    done = report.created + report.updated + report.unchanged
    # This process's CPU time beside the wall time: on a shared machine it is the steadier figure
    # (with SQLite it is nearly all the work; PostgreSQL's own processes are not in it).
    print(f"{label}: {done:,} records in {seconds:.1f} s ({done / seconds:,.0f} records/s; "
          f"{cpu:.1f} s of this process's CPU, {done / cpu:,.0f} records per CPU second); {report.summary()}")


def timed_workers(workers: int, layers: int) -> None:
    """Runs the queue empty with `workers` processes and reports layers per second of the markers
    and name links (on PostgreSQL under RUM this includes moving the import's words into the RUM
    index), and when the queue was empty (the citations come after them, at a lower priority)."""
    from django.db import connections

    from mosaic.changes.models import PendingAnalysis

    connections.close_all()  # the workers are other processes; let them have the database
    start = time.perf_counter()
    worker = subprocess.Popen([sys.executable, "-m", "mosaic", "worker", "--batch", f"--concurrency={workers}",
                               "--verbosity=0"], cwd=ROOT, env=os.environ.copy())
    analysed = None
    while worker.poll() is None:
        time.sleep(0.25)
        if analysed is None and not PendingAnalysis.objects.exists():
            analysed = time.perf_counter() - start
        connections.close_all()
    seconds = time.perf_counter() - start
    if worker.returncode:
        raise SystemExit(f"mosaic worker ended with {worker.returncode}")
    analysed = analysed or seconds
    print(f"workers ({workers}): markers and name links of {layers:,} layers in {analysed:.1f} s "
          f"({layers / analysed:,.0f} layers/s); the queue empty (citations too) after {seconds:.1f} s")


def pending_counts() -> dict:
    from mosaic.changes.models import PendingAnalysis
    from mosaic.lens.models import LayerMarkerStats

    counts = {"pending": PendingAnalysis.objects.count(), "layers with markers": LayerMarkerStats.objects.count()}
    from django.db import connection

    if connection.vendor == "postgresql":
        from mosaic.search.backends.postgres import RECENT_WORDS

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {RECENT_WORDS}")
            counts["words waiting for the RUM index"] = cursor.fetchone()[0]
    return counts


def run(count: int, workers: int) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("init", verbosity=0)
    from django.db import connection

    print(f"database: {connection.vendor}")
    path = Path(HOME) / "bench.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in synthetic_records(count):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"file: {path.stat().st_size / 1e6:.1f} MB, {count:,} records")
    timed_import("first import (store, history, search index; derived work queued)", path)
    print(f"  before the workers: {pending_counts()}")
    if workers:
        timed_workers(workers, count)
        print(f"  after the workers: {pending_counts()}")
    timed_import("re-import (unchanged)", path)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak resident memory: import {own:.0f} MB; largest worker process {child:.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=5000)
    parser.add_argument("--postgres", action="store_true", help="run on a throwaway PostgreSQL server")
    parser.add_argument("--workers", type=int, default=2, help="0: time the imports only")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if not args.postgres:
        run(args.count, args.workers)
        return
    from mosaic.lib.throwaway_postgres import ThrowawayPostgres

    with ThrowawayPostgres() as server:
        os.environ["MOSAIC_DATABASE_URL"] = server.create_database("mosaic_bench")
        run(args.count, args.workers)


if __name__ == "__main__":
    main()
