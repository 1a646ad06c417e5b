"""Open data benchmark: one `mosaic export` of the synthetic archive bench/oai.py builds.

    .venv/bin/python bench/opendata.py [N] [--home DIR]

Makes N published documents as bench/oai.py does (default 10,000; each with a locator of three
units, two credits, an author, a public English translation of 1,200 characters, a staff-only
original and a collection), or uses those already in --home DIR. Then times one export into a new
folder and the zip `--publish` makes of it, and gives the size of each file.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--home", help="build the archive here, or use the one built here before")
    return parser.parse_args()


ARGS = arguments()
home = ARGS.home or tempfile.mkdtemp(prefix="mosaic-opendata-bench-")
# bench/oai.py sets up Django and the archive's home from its own arguments when imported.
sys.argv = ["oai.py", str(ARGS.n), "--home", home]
sys.path.insert(0, str(BENCH))
import oai  # noqa: E402

from mosaic.corpus.models import Document  # noqa: E402
from mosaic.opendata.export import export_dump  # noqa: E402
from mosaic.opendata.published import _zip  # noqa: E402


def main():
    oai.call_command("migrate", verbosity=0)
    built = Document.objects.count()
    if not built:
        oai.build(ARGS.n)
    elif built != ARGS.n:
        raise SystemExit(f"{home} holds {built:,} documents, not {ARGS.n:,}: give another --home")
    target = Path(tempfile.mkdtemp(prefix="mosaic-opendata-dump-")) / "dump"
    started = time.perf_counter()
    summary = export_dump(target)
    seconds = time.perf_counter() - started
    print(f"export: {summary.counts['documents']:,} documents, {summary.counts['tei']:,} TEI files, "
          f"{summary.bytes / 1e6:,.1f} MB in {seconds:.1f} s ({summary.counts['documents'] / seconds:,.0f} documents a second)")
    for path in sorted(p for p in target.iterdir() if p.is_file()):
        print(f"  {path.name}: {path.stat().st_size / 1e6:,.1f} MB")
    tei = sum(p.stat().st_size for p in (target / "tei").iterdir())
    print(f"  tei/: {tei / 1e6:,.1f} MB")
    started = time.perf_counter()
    _zip(target, target.parent / "dump.zip", top="dump")
    print(f"zip: {(target.parent / 'dump.zip').stat().st_size / 1e6:,.1f} MB in {time.perf_counter() - started:.1f} s")


main()
