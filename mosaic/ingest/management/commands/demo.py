from django.core.management.base import BaseCommand, CommandError

from mosaic.ingest.demo import DemoFailed, load_demo, read_demo_scans
from mosaic.jobs.worker import finish_queued_work


class Command(BaseCommand):
    help = "Load the demo corpus (FRUS documents, Wilson catalogue records, collections). Safe to run again."

    def handle(self, *args, **options):
        try:
            reports = load_demo()
        except DemoFailed as error:
            raise CommandError(f"demo corpus could not be loaded:\n{error}") from None
        for report in reports:
            self.stdout.write(report.summary())
        self.stdout.write(read_demo_scans())
        finish_queued_work(self.stdout.write)  # the demo ends with its markers and name links in place
        self.stdout.write("Demo corpus loaded.")
