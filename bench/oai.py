"""OAI-PMH benchmark: the ledger and a full harvest over a synthetic archive of N public documents.

    .venv/bin/python bench/oai.py [N] [--page-size P] [--home DIR] [--postgres-url URL]

Makes N published documents (default 10,000) in a throwaway MOSAIC_HOME (or the PostgreSQL
database named), each with what a record shows: a locator with a repository and three archival
units, two credits (one for the English version), an author, a public English translation and a
staff-only original, and a place in one of ten collections (kept in --home DIR, and used again
from there when it holds N documents already: then only the harvests are timed). Then times:
- following all of them into the ledger (what an import adds to its own time), in documents a second;
- a full ListRecords harvest in each format and a ListIdentifiers harvest, through the whole
  middleware stack as a harvester's requests go (page cache off), following resumption tokens:
  records a second, and median / p95 ms and queries per page.
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
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--home", help="build the archive here, or use the one built here before")
    parser.add_argument("--postgres-url", help="build and measure on this PostgreSQL database")
    return parser.parse_args()


ARGS = arguments()
os.environ["MOSAIC_HOME"] = ARGS.home or tempfile.mkdtemp(prefix="mosaic-oai-bench-")
os.environ["MOSAIC_PAGE_CACHE"] = "0"
os.environ["MOSAIC_OAI_PAGE_SIZE"] = str(ARGS.page_size)
os.makedirs(Path(os.environ["MOSAIC_HOME"]) / "static", exist_ok=True)  # WhiteNoise asks for it
if ARGS.postgres_url:
    os.environ["MOSAIC_DATABASE_URL"] = ARGS.postgres_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from lxml import etree  # noqa: E402

from mosaic.archives.models import Repository  # noqa: E402
from mosaic.collections.models import Collection, CollectionMembership  # noqa: E402
from mosaic.corpus.models import ArchivalUnit, Credit, Document, DocumentAgent, Locator, TextLayer  # noqa: E402
from mosaic.entities.models import Agent  # noqa: E402
from mosaic.oai.ledger import follow_documents  # noqa: E402

OAI = "{http://www.openarchives.org/OAI/2.0/}"
COUNTRIES = [("USSR", "ru"), ("Hungary", "hu"), ("GDR", "de"), ("Poland", "pl"), ("Czechoslovakia", "cs"),
             ("Romania", "ro"), ("Bulgaria", "bg"), ("China", "zh"), ("Albania", "sq"), ("Mongolia", "mn")]


def build(n: int) -> None:
    rng = random.Random(1956)
    started = time.perf_counter()
    with transaction.atomic():
        repository, _ = Repository.objects.get_or_create(code="AVPRF", defaults={"name": "Archive of Foreign Policy of the Russian Federation"})
        collections = [Collection.objects.create(slug=f"series-{k}", title=f"Series {k}", status="published") for k in range(10)]
        translators = [Agent.objects.create(name=f"Translator {k}") for k in range(50)]
        authors = [Agent.objects.create(name=f"Diplomat {k}") for k in range(200)]
        for start in range(0, n, 1000):
            documents = []
            for number in range(start, min(n, start + 1000)):
                country, language = rng.choice(COUNTRIES)
                day = dt.date(1950 + int(40 * rng.betavariate(2, 4)), rng.randint(1, 12), rng.randint(1, 28))
                documents.append(Document(public_id=f"oai-bench-{number}", title=f"Report {number} of the embassy",
                                          status="published", doc_type="report", date=day.isoformat(), date_min=day,
                                          date_max=day, origin_country=country, original_language=language,
                                          summary="A synthetic report for the OAI-PMH benchmark.", rights="Public domain"))
            documents = Document.objects.bulk_create(documents)
            locators = Locator.objects.bulk_create([Locator(document=d, repository=repository, folio_start=10, folio_end=14)
                                                    for d in documents])
            ArchivalUnit.objects.bulk_create([ArchivalUnit(locator=locator, order=order, unit_type=kind, value=str(rng.randint(1, 999)))
                                              for locator in locators for order, kind in enumerate(("fond", "opis", "delo"))])
            Credit.objects.bulk_create([Credit(document=d, role=role, agent=rng.choice(translators), language=language, order=order)
                                        for d in documents for order, (role, language) in enumerate((("obtained", ""), ("translated", "en")))])
            DocumentAgent.objects.bulk_create([DocumentAgent(document=d, agent=rng.choice(authors), role="author") for d in documents])
            TextLayer.objects.bulk_create([TextLayer(document=d, kind=kind, language=language, access=access, text="Text. " * 200)
                                           for d in documents for kind, language, access in
                                           (("translation", "en", "public"), ("original", d.original_language, "staff"))])
            CollectionMembership.objects.bulk_create([CollectionMembership(collection=rng.choice(collections), document=d)
                                                      for d in documents])
    print(f"built {n:,} documents in {time.perf_counter() - started:.1f} s")


def harvest(client: Client, **first) -> tuple[int, list[float], list[int]]:
    arguments, records, times, queries = first, 0, [], []
    while True:
        reset_queries()  # Django keeps the last 9,000 only
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/oai", arguments)
            times.append(time.perf_counter() - started)
        queries.append(len(captured))
        root = etree.fromstring(response.content)
        records += len(root.findall(f".//{OAI}header"))
        token = root.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            return records, times, queries
        arguments = {"verb": first["verb"], "resumptionToken": token.text}


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main():
    call_command("migrate", verbosity=0)
    built = Document.objects.count()
    if built == ARGS.n:
        print(f"using the {built:,} documents in {os.environ['MOSAIC_HOME']}")
    elif built:
        raise SystemExit(f"{os.environ['MOSAIC_HOME']} holds {built:,} documents, not {ARGS.n:,}: give another --home")
    else:
        build(ARGS.n)
        ids = list(Document.objects.values_list("pk", flat=True))
        started = time.perf_counter()
        with transaction.atomic():
            follow_documents(ids)
        seconds = time.perf_counter() - started
        print(f"ledger: followed {len(ids):,} documents in {seconds:.1f} s ({len(ids) / seconds:,.0f} a second)")
    client = Client()
    for verb, prefix in (("ListRecords", "mosaic"), ("ListRecords", "oai_dc"), ("ListIdentifiers", "oai_dc")):
        started = time.perf_counter()
        records, times, queries = harvest(client, verb=verb, metadataPrefix=prefix)
        total = time.perf_counter() - started
        assert records == ARGS.n, f"{verb} {prefix} gave {records} records of {ARGS.n}"
        print(f"{verb} {prefix}: {records:,} records in {total:.1f} s ({records / total:,.0f} a second), "
              f"{len(times)} pages of {ARGS.page_size}: first (which counts the list) {times[0] * 1000:.0f} ms, "
              f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95(times) * 1000:.0f} ms, "
              f"queries a page {min(queries)}–{max(queries)}")


if __name__ == "__main__":
    main()
