import traceback
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mosaic.common.progress import add_progress_arguments
from mosaic.common.writer_lock import working_on
from mosaic.ingest.pipeline import ingest_file
from mosaic.jobs.worker import finish_queued_work


class Command(BaseCommand):
    help = "Import document records from JSON Lines, CSV, TEI P5 (FRUS style) or Wilson catalogue TSV files. Each file is one transaction."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        add_progress_arguments(parser)
        parser.add_argument("--replace-edited", action="store_true",
                            help="Also overwrite records staff edited since their last import (their edits stay in the history).")
        parser.add_argument("--no-wait", action="store_true",
                            help="Leave the language markers and name links of the imported documents to a running `mosaic worker`.")

    def handle(self, *args, paths, progress, replace_edited=False, no_wait=False, **options):
        totals = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0, "rejected": 0}
        failed, outcomes = [], []
        for path in paths:
            try:
                with working_on(f"import of {path}"):  # named by a waiting writer and by an interruption
                    report = ingest_file(path, progress=progress, replace_edited=replace_edited)
            except Exception as error:  # noqa: BLE001 - one file's failure must not silently skip the rest
                # Its transaction rolled back; the next file is a transaction of its own.
                if options.get("traceback"):
                    self.stderr.write(traceback.format_exc())
                reason = f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"
                self.stderr.write(f"{path}: the import failed and was rolled back, nothing stored ({reason}; "
                                  "--traceback shows where)")
                failed.append(str(path))
                outcomes.append(f"{path}: failed")
                continue
            outcomes.append(f"{path}: " + (f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
                                           if report.ok else "rejected"))
            for error in report.errors:
                self.stderr.write(error)
            for warning in report.warnings:
                self.stderr.write(warning)
            (self.stdout if report.ok else self.stderr).write(report.summary())
            for key in totals:
                totals[key] += getattr(report, key)
            if not report.ok:
                failed.append(str(path))
        if len(paths) > 1:
            self.stdout.write("Files: " + "; ".join(outcomes))
        self.stdout.write(
            "Total: {created} created, {updated} updated, {unchanged} unchanged, {kept} kept (edited here), {rejected} rejected".format(**totals)
        )
        if (totals["created"] or totals["updated"]) and not no_wait:
            finish_queued_work(self.stdout.write)
        if failed:
            raise CommandError(f"{len(failed)} file(s) rejected: {', '.join(failed)}")
