import os

from django.conf import settings
from django.core.management.base import BaseCommand
from waitress import serve

from mosaic.entities.authority import get_matcher
from mosaic.wsgi import application


class Command(BaseCommand):
    help = "Serve the archive with a production WSGI server (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        # A search may hold its thread for up to MOSAIC_SEARCH_TIME_BUDGET seconds; with waitress's
        # 4, four such searches made the health check and every page queue behind them. SQLite
        # releases the GIL while it reads, and an idle thread costs only its stack.
        parser.add_argument("--threads", type=int, default=16)

    def handle(self, *args, host, port, threads, **options):
        # Build the name matcher (about a second of Python) before the first searches, which
        # would otherwise each wait for it, holding their threads.
        get_matcher()
        self.stdout.write(f"Mosaic: serving {settings.MOSAIC_HOME} at http://{host}:{port}/ (Ctrl-C stops)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="mosaic")
