import os

from django.conf import settings
from django.core.management.base import BaseCommand
from waitress import serve

from mosaic.wsgi import application


class Command(BaseCommand):
    help = "Serve the archive with a production WSGI server (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, host, port, threads, **options):
        self.stdout.write(f"Mosaic: serving {settings.MOSAIC_HOME} at http://{host}:{port}/ (Ctrl-C stops)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="mosaic")
