import logging

from django.core.management.base import BaseCommand, CommandError

from mosaic.jobs import queue
from mosaic.jobs.worker import MosaicWorker, supervise


class Command(BaseCommand):
    help = ("Do the queued background jobs (language markers, name links) as they come; "
            "several at once with --concurrency. Stop it with Ctrl+C or SIGTERM: a running job is finished first.")

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=1, help="worker processes (default 1)")
        parser.add_argument("--batch", action="store_true", help="do what is queued now, then stop")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between looks at an empty queue (default 1)")

    def handle(self, *args, concurrency, batch, interval, verbosity, **options):
        if concurrency < 1:
            raise CommandError("--concurrency must be at least 1")
        if not queue.uses_database_queue():
            raise CommandError("MOSAIC_JOBS_RUN=immediately: jobs run where they are queued, so there is nothing for a worker to do")
        logging.getLogger("mosaic.jobs").setLevel(logging.INFO if verbosity else logging.WARNING)
        logging.getLogger("django_tasks_db").setLevel(logging.INFO if verbosity > 1 else logging.WARNING)
        if concurrency > 1:
            self.stdout.write(f"Starting {concurrency} worker processes.")
            supervise(concurrency, [f"--interval={interval}", f"--verbosity={verbosity}"], batch=batch)
            return
        worker = MosaicWorker(batch=batch, interval=interval)
        worker.configure_signals()
        worker.run()
        if batch:
            self.stdout.write(f"{worker.succeeded} job(s) done, {worker.failed} failed.")
