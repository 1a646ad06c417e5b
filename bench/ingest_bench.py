"""Ingest benchmark: how fast a large JSON Lines file is imported and re-imported, and peak memory.

Run: .venv/bin/python bench/ingest_bench.py [N]   (default 5,000 records; uses a throwaway MOSAIC_HOME)
"""
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

HOME = tempfile.mkdtemp(prefix="mosaic-bench-")
os.environ["MOSAIC_HOME"] = HOME
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from mosaic.ingest.pipeline import ingest_file  # noqa: E402

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


def timed(label, path):
    start = time.perf_counter()
    report = ingest_file(path, progress=False)
    seconds = time.perf_counter() - start
    assert report.ok, report.errors[:3]
    done = report.created + report.updated + report.unchanged
    print(f"{label}: {done} records in {seconds:.2f} s ({done / seconds:,.0f} records/s); {report.summary()}")


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    call_command("init", verbosity=0)
    path = Path(HOME) / "bench.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in synthetic_records(count):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"file: {path.stat().st_size / 1e6:.1f} MB, {count} records")
    timed("first import", path)
    timed("re-import (unchanged)", path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
