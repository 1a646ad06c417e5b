from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from mosaic.archives.seed import load_repositories
from mosaic.changes.service import queue_missing_citations
from mosaic.context.seed import load_context
from mosaic.curation.roles import sync_roles
from mosaic.entities.authority import load_shipped_authority, load_terms
from mosaic.subjects.vocabulary import load_places, load_subjects


class Command(BaseCommand):
    help = "Create or migrate the archive in MOSAIC_HOME (database, files, static assets) and load the repository table."

    def handle(self, *args, **options):
        home = settings.MOSAIC_HOME
        for folder in (home, home / "files", home / "index"):
            folder.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        created, updated = load_repositories()
        people_added, people_updated = load_shipped_authority()
        load_terms()
        load_subjects()  # the starter subject vocabulary and the places' coordinates
        load_places()
        sync_roles()
        load_context()
        citations = queue_missing_citations()
        self.stdout.write(
            f"Archive ready in {home} (repositories: {created} added, {updated} updated; "
            f"name authority: {people_added} added, {people_updated} updated)."
        )
        if citations:
            self.stdout.write(f"The citations of {citations:,} documents are queued for the background worker "
                              "(`mosaic worker`; `mosaic cite keep` makes them at once).")
