from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mosaic.subjects.vocabulary import VocabularyError, load_places, load_subjects


class Command(BaseCommand):
    help = ("Load a subject vocabulary (`load FILE`: TSV or JSON with heading, broader, scope_note) or a places "
            "gazetteer (`places FILE`: TSV with term_id, preferred, hangul, latitude, longitude, description, forms).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "places"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--replace", action="store_true",
                            help="also overwrite headings or places already in the archive with the file's values")

    def handle(self, *args, action, file, replace, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        loader = load_subjects if action == "load" else load_places
        try:
            report = loader(file, replace=replace)
        except VocabularyError as error:
            raise CommandError(f"{file} was not loaded:\n" + "\n".join(error.problems)) from None
        what = "headings" if action == "load" else "places"
        self.stdout.write(f"{file}: {what} {report.created} added, {report.updated} updated, {report.unchanged} unchanged.")
