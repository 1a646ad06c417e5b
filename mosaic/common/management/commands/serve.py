import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from mosaic.entities.authority import get_matcher
from mosaic.search.backends.facet_bitmaps import bring_up_to_date
from mosaic.wsgi import application


class Command(BaseCommand):
    help = ("Serve the archive: one process (waitress) with --workers 1, otherwise several processes on one "
            "socket (gunicorn); by default one per core.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                            help="server processes (default: one per core, here %(default)s)")
        # Pages are made in turns (common/turns.py); threads are for what takes no turn: a page
        # from the cache, a change, a search stepping aside while SQLite works. One process keeps
        # 16, so that a few searches running up to their budget do not hold every page. With
        # several, a process takes a new connection only while a thread is free (common/serving.py),
        # so its 2 keep the queue in the kernel, where every process takes from it as it frees.
        parser.add_argument("--threads", type=int,
                            help="threads per process (default: 16 for one process, 2 each for several)")

    def handle(self, *args, host, port, workers, threads, **options):
        if threads is None:
            threads = 16 if workers == 1 else 2
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        # Build the name matcher (about a second of Python) before the first searches, which
        # would otherwise each wait for it, holding their threads. Worker processes forked below
        # inherit it.
        get_matcher()
        # Likewise the facet bitmaps: seconds to build for a million documents.
        bring_up_to_date(connection)
        plural = "process" if workers == 1 else "processes"
        self.stdout.write(f"Mosaic: serving {settings.MOSAIC_HOME} at http://{host}:{port}/ "
                          f"({workers} {plural} of {threads} threads; Ctrl-C stops)")
        self.stdout.flush()
        if workers == 1:
            from waitress import serve

            serve(application, host=host, port=port, threads=threads, ident="mosaic")
        else:
            # No connection may cross a fork: each worker opens its own.
            connections.close_all()
            _serve_with_gunicorn(host=host, port=port, workers=workers, threads=threads)


def _serve_with_gunicorn(*, host: str, port: int, workers: int, threads: int) -> None:
    # Imported here: gunicorn runs on Unix only, and one process needs only waitress.
    from gunicorn.app.base import BaseApplication

    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        # Gunicorn's threaded worker, taking connections only while it has a thread free.
        "worker_class": "mosaic.common.serving.EvenThreadWorker",
        "threads": threads,
        # gthread workers tell the master they are alive from their main loop, so only a stuck
        # worker reaches this, never a long search (it stops at MOSAIC_SEARCH_TIME_BUDGET).
        "timeout": 60,
        "graceful_timeout": 10,
        # A kept-alive connection stays with the process that took it: 50 readers' connections ended
        # 46 on one process and 4 on the other. Closed after each answer, every request queues in
        # the kernel for whichever process frees first. A connection on loopback or from a proxy
        # beside the server costs a fraction of a millisecond.
        "keepalive": 0,
        # Gunicorn refuses request lines over 4 KB with a bare 414; like waitress, let long
        # searches through to the query limit's clear answer (docs/search.md). 0 is gunicorn's 1 MB.
        "limit_request_line": 0,
        # Everything an installation owns stays under MOSAIC_HOME: no control socket in the
        # user's home directory (where two archives served at once would also share one).
        "control_socket_disable": True,
        "proc_name": "mosaic",
        # Loaded once, here, then forked: the workers share the name matcher built above.
        "preload_app": True,
    }

    class MosaicGunicorn(BaseApplication):
        """Gunicorn's master, configured here rather than by its command line or a file."""

        def load_config(self):
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self):
            return application

    MosaicGunicorn().run()
