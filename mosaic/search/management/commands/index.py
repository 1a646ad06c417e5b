from django.core.management.base import BaseCommand

from mosaic.search.index import rebuild


class Command(BaseCommand):
    help = "Search index maintenance. `mosaic index rebuild` re-creates the index from the archive (for recovery; it is kept in step automatically)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="Empty the index and index every public document again.")

    def handle(self, *args, action, **options):
        count = rebuild()
        self.stdout.write(f"Index rebuilt: {count} public documents indexed.")
