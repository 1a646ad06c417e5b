"""`mosaic lens_markers refresh [--all] [--document ID ...]`, `mosaic lens_markers check [--lexicon FILE]` and
`mosaic lens_markers messages` (the lexicon's texts as a .pot, for translators)."""
from django.core.management.base import BaseCommand, CommandError

from mosaic.corpus.models import TextLayer
from mosaic.lens.lexicon_texts import catalogue_template
from mosaic.lens.refresh import refresh_layers
from mosaic.lib.markers.engine import example_failures
from mosaic.lib.markers.lexicon import LexiconError, default_lexicon, load_lexicon
from mosaic.lib.markers.voice import default_frames, frame_example_failures, load_frames


class Command(BaseCommand):
    help = ("Language markers on text layers. 'refresh' recomputes the markers of layers whose text or lexicon "
            "version changed (--all: every layer); 'check' validates a lexicon file and runs every rule's examples; "
            "'messages' prints the lexicon's reader-facing texts as a gettext template.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{refresh,check,messages}")
        refresh = actions.add_parser("refresh", help="recompute stale markers (all markers with --all)")
        refresh.add_argument("--all", action="store_true", help="recompute every layer, not only stale ones")
        refresh.add_argument("--document", action="append", default=[], metavar="ID",
                             help="only this document's layers (repeatable)")
        check = actions.add_parser("check", help="validate the lexicon and run its examples")
        check.add_argument("--lexicon", metavar="FILE", help="a lexicon file other than the shipped one")
        check.add_argument("--frames", metavar="FILE", help="a frame lexicon (voice rules) other than the shipped one")
        actions.add_parser("messages", help="print the lexicon's reader-facing texts as a gettext template (.pot) to "
                                            "merge into mosaic/lens/locale/<language>/LC_MESSAGES/lexicon.po")

    def handle(self, *args, action, **options):
        if action == "refresh":
            return self.refresh(force=options["all"], documents=options["document"])
        if action == "messages":
            return self.stdout.write(catalogue_template(_lexicon_or_error(None)), ending="")
        return self.check_lexicon(options.get("lexicon"), options.get("frames"))

    def refresh(self, *, force: bool, documents: list[str]):
        lexicon = _lexicon_or_error(None)
        layers = TextLayer.objects.all()
        if documents:
            layers = layers.filter(document__public_id__in=documents)
            found = set(layers.values_list("document__public_id", flat=True))
            missing = sorted(set(documents) - found)
            if missing:
                raise CommandError(f"No text layers for: {', '.join(missing)} (unknown id, or a catalogue-only record).")
        refreshed, examined = refresh_layers(layers.order_by("pk"), force=force, lexicon=lexicon)
        self.stdout.write(f"Recomputed the markers of {refreshed} of {examined} text layer{'' if examined == 1 else 's'} "
                          f"(lexicon {lexicon.version}); the others were current.")

    def check_lexicon(self, path, frames_path):
        lexicon = _lexicon_or_error(path)
        frames = _frames_or_error(frames_path)
        failures = example_failures(lexicon) + frame_example_failures(frames)
        counts: dict[tuple[str, str], int] = {}
        for rule in lexicon.rules:
            counts[(rule.category, rule.language)] = counts.get((rule.category, rule.language), 0) + 1
        self.stdout.write(f"Lexicon {lexicon.version} ({lexicon.path}): {len(lexicon.rules)} rules.")
        for category in lexicon.categories.values():
            per_language = ", ".join(f"{language} {n}" for (cat, language), n in sorted(counts.items()) if cat == category.id)
            sets = [figures.test_set for figures in (category.measured, category.held_out) if figures is not None]
            measured = f"measured on {' and '.join(sets)}" if sets else "not yet measured"
            self.stdout.write(f"  {category.id}: {per_language or 'no rules'} ({measured})")
        self.stdout.write(f"Frames {frames.version} ({frames.path}): voice rules for "
                          + ", ".join(f"{code} ({len(language.examples)} examples)" for code, language in frames.languages.items()) + ".")
        if failures:
            for failure in failures:
                self.stderr.write(f"  {failure}")
            raise CommandError(f"{len(failures)} example{'' if len(failures) == 1 else 's'} disagree with their rules.")
        examples = sum(len(rule.positive) + len(rule.negative) for rule in lexicon.rules)
        frame_examples = sum(len(language.examples) for language in frames.languages.values())
        self.stdout.write(f"All {examples} examples behave as their rules say, "
                          f"and all {frame_examples} frame examples get the voice and speaker they state.")


def _frames_or_error(path):
    try:
        return load_frames(path) if path else default_frames()
    except LexiconError as error:
        raise CommandError(str(error)) from error


def _lexicon_or_error(path):
    try:
        return load_lexicon(path) if path else default_lexicon()
    except LexiconError as error:
        raise CommandError(str(error)) from error
