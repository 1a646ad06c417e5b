from django.core.management.base import BaseCommand
from django.db import connection

from mosaic.search.index import rebuild, refresh_ended_embargoes


class Command(BaseCommand):
    help = "Search index maintenance. `mosaic index rebuild` re-creates the index from the archive (for recovery; it is kept in step automatically); `mosaic index embargoes` indexes what ended embargoes opened."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="Empty the index and index every public document again.")
        sub.add_parser("embargoes", help="Index documents and texts whose embargo has ended (the first search of each day also does this).")

    def handle(self, *args, action, **options):
        if action == "embargoes":
            count = refresh_ended_embargoes()
            self.stdout.write(f"{count} document(s) with an ended embargo re-indexed.")
            return
        count = rebuild()
        self.stdout.write(f"Index rebuilt: {count} public documents indexed.")
        if connection.vendor == "postgresql":
            from mosaic.search.backends.postgres import build_words_index

            kind = build_words_index(connection)
            self.stdout.write(f"Words indexed by {kind.upper()} (MOSAIC_SEARCH_WORDS_INDEX).")
