import json

from django.core.management.base import BaseCommand, CommandError

from mosaic.translations.backlog import build_backlog, priority_as_json, priority_config
from mosaic.translations.models import TARGET_LANGUAGES

SHORT_NAMES = {"reader_requests": "requests", "collection_priority": "collection", "length_cost": "length", "coverage_gap": "gap"}


class Command(BaseCommand):
    help = ("Translation backlog. `mosaic translations backlog [--language en] [--limit N] [--json]`: untranslated "
            "documents, highest priority score (a heuristic) first, with each factor's part of the score.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        backlog = sub.add_parser("backlog", help="List untranslated documents by priority score.")
        backlog.add_argument("--language", default="en", choices=sorted(TARGET_LANGUAGES), help="the target language (default en)")
        backlog.add_argument("--limit", type=int, default=None, help="show only the first N")
        backlog.add_argument("--json", dest="as_json", action="store_true", help="one JSON array with every factor")

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def backlog(self, language, limit, as_json, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more")
        try:
            config = priority_config()
        except ValueError as error:
            raise CommandError(f"MOSAIC_TRANSLATION_PRIORITY: {error}") from error
        entries = build_backlog(language, config)[:limit]
        if as_json:
            self.stdout.write(json.dumps([
                {"rank": e.rank, "public_id": e.document.public_id, "title": e.document.title, "status": e.status,
                 "assignee": e.assignee.get_username() if e.assignee else None, **priority_as_json(e.priority)}
                for e in entries
            ], ensure_ascii=False, indent=2))
            return
        if not entries:
            self.stdout.write(f"No document needs a translation into {TARGET_LANGUAGES[language]}.")
            return
        weights = ", ".join(f"{SHORT_NAMES[name]} {weight:g}" for name, weight in config.weights.items())
        self.stdout.write(f"Priority score (a heuristic): factor values 0–1 × weights ({weights})")
        for e in entries:
            factors = " ".join(f"{SHORT_NAMES[f.factor]}={f.normalised:.2f}" for f in e.priority.factors)
            self.stdout.write(f"{e.rank:>4}  {e.priority.score:.3f}  {factors}  {e.document.public_id}  {e.document.title}"
                              + (f"  [{e.status_display.lower()}]" if e.task else ""))
