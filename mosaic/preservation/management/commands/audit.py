import sys

from django.core.management.base import BaseCommand, CommandError

from mosaic.common.progress import add_progress_arguments
from mosaic.preservation.audit import repair_store, run_audit


class Command(BaseCommand):
    help = ("Recompute the checksum of every stored file and text layer; report missing, altered and orphaned "
            "ones. The run is kept in the audit log (staff: /staff/audit/). Exit status 1 on any problem.")

    def add_arguments(self, parser):
        add_progress_arguments(parser)
        parser.add_argument("--repair", action="store_true",
                            help="First remove the stored files no record describes, each named: at once those an "
                                 "interrupted import left, others once a day old. A file a record uses is never "
                                 "removed. Then audit.")

    def handle(self, *args, progress=None, repair=False, **options):
        show_bar = progress if progress is not None else sys.stderr.isatty()
        if repair:
            repair_store(self.stdout.write)
        run = run_audit(run_by="mosaic audit --repair" if repair else "mosaic audit", progress=show_bar)
        self.stdout.write(f"Audit of {run.started:%Y-%m-%d %H:%M:%S %Z}: {run.files_checked} files "
                          f"({run.bytes_checked:,} bytes) and {run.layers_checked} text layers checked.")
        for finding in run.findings.all():
            self.stdout.write(f"  {finding.get_kind_display()}: {finding.subject} — {finding.detail}")
        if run.problem_count:
            orphans = run.findings.filter(kind="file_orphaned").count()
            advice = (f" {orphans} of them {'is a file' if orphans == 1 else 'are files'} no record describes: "
                      "`mosaic audit --repair` removes such files (docs/preservation.md)." if orphans and not repair else "")
            raise CommandError(f"{run.problem_count} problem(s) found; the audit log keeps them (run {run.pk}).{advice}")
        self.stdout.write(self.style.SUCCESS("No problems: every file and text layer matches its checksum."))
