from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mosaic.common.progress import add_progress_arguments
from mosaic.preservation.backup import BackupError, make_backup


class Command(BaseCommand):
    help = ("Back up the archive into DIR (new or empty): database.json (every record, the history and accounts "
            "included), files/ (every stored file, its checksum checked while copying) and manifest.json "
            "(checksums and counts, written last). See docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")
        add_progress_arguments(parser)

    def handle(self, *args, directory, progress, **options):
        try:
            summary = make_backup(directory, progress=progress)
        except BackupError as error:
            raise CommandError(f"backup failed: {error}") from None
        self.stdout.write(str(summary))
