from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mosaic.common.progress import add_progress_arguments
from mosaic.jobs.worker import finish_queued_work
from mosaic.preservation.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = ("Restore a backup made by `mosaic backup` into this installation (MOSAIC_HOME), which must be new: "
            "checks every checksum first, then migrates, loads the database in one transaction, copies the files "
            "into the store and rebuilds the search index. `--check` only checks the backup. See docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")
        parser.add_argument("--check", action="store_true",
                            help="Only check the backup against its manifest; change nothing.")
        add_progress_arguments(parser)

    def handle(self, *args, directory, check, progress, **options):
        try:
            if check:
                manifest = verify_backup(directory, progress=progress)
                self.stdout.write(
                    f"{directory.resolve()} is intact: {manifest['database']['path']} and "
                    f"{len(manifest['files']):,} stored files match manifest.json (backup of "
                    f"{manifest['created']}, Mosaic {manifest['mosaic_version']}, {manifest['database_vendor']})."
                )
                return
            summary = restore_backup(directory, progress=progress)
        except BackupError as error:
            raise CommandError(f"restore into {settings.MOSAIC_HOME} failed: {error}") from None
        self.stdout.write(str(summary))
        finish_queued_work(self.stdout.write)
