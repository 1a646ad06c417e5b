from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mosaic.opendata.export import ExportError, export_dump
from mosaic.opendata import published

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = ("Open data: `mosaic export DIR` writes everything the public may see into DIR (a new or empty folder): "
            "documents.jsonl in the ingest format, catalogue.csv, a TEI file per document with a public text, the "
            "name authority, the context tables and events, and datapackage.json describing them. "
            "`mosaic export --publish` writes one under MOSAIC_HOME/open-data/ with a zip of it, keeps the newest "
            "MOSAIC_OPEN_DATA_KEEP (3), and shows it at /data/. See docs/open-data.md.")

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, help="a new or empty folder to write the dump into")
        parser.add_argument("--publish", action="store_true", help="publish a dump at /data/ instead")
        parser.add_argument("--keep", type=int, help="with --publish: how many dumps to keep (default MOSAIC_OPEN_DATA_KEEP)")

    def handle(self, *args, directory=None, publish=False, keep=None, **options):
        if bool(directory) == publish:
            raise CommandError("give a folder to write a dump into (mosaic export DIR), or --publish (not both)")
        if keep is not None and (not publish or keep < 1):
            raise CommandError("--keep is a number of dumps, 1 or more, and goes with --publish")
        try:
            if publish:
                dump, summary, removed = published.publish(keep=keep)
            else:
                summary, dump, removed = export_dump(directory), None, []
        except ExportError as error:
            raise CommandError(str(error)) from None
        for problem in summary.problems[:SHOWN_PROBLEMS]:
            self.stderr.write(f"warning: documents.jsonl: {problem}")
        if len(summary.problems) > SHOWN_PROBLEMS:
            self.stderr.write(f"warning: ... and {len(summary.problems) - SHOWN_PROBLEMS:,} more records like these")
        for line in summary.lines():
            self.stdout.write(line)
        if dump is not None:
            self.stdout.write(f"Published at /data/ with {dump.zip_path.name} ({dump.zip_path.stat().st_size:,} bytes); "
                              f"kept: the newest {keep or published.kept_dumps()}" + (f", removed {', '.join(removed)}" if removed else "")
                              + ".")
