import json

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from mosaic.context.lag import find_candidates
from mosaic.search.backends.base import SearchTooSlow
from mosaic.context.models import Event
from mosaic.context.source_lens import lens_json
from mosaic.corpus import access


class Command(BaseCommand):
    help = ("The source lens of a document as the public sees it: `mosaic lens ID [--json]` prints the context at its "
            "date, language markers (span, category, rule, voice), rates, echoes of official claims and events; "
            "`mosaic lens --find-mentions EVENT_ID` records candidate mentions of an event for curators to confirm.")

    def add_arguments(self, parser):
        parser.add_argument("public_id", nargs="?")
        parser.add_argument("--json", dest="as_json", action="store_true")
        parser.add_argument("--find-mentions", metavar="EVENT_ID")

    def handle(self, *args, public_id=None, as_json=False, find_mentions=None, **options):
        if find_mentions:
            event = Event.objects.filter(row_id=find_mentions).first()
            if event is None:
                raise CommandError(f"No event {find_mentions!r}; the events are listed at /events/.")
            try:
                created = find_candidates(event)
            except SearchTooSlow as error:
                raise CommandError(f"No candidates recorded: {error}") from None
            self.stdout.write(f"{created} new candidate mention(s) of {event.row_id}.")
            return
        if not public_id:
            raise CommandError("Give a document id, e.g. `mosaic lens frus1969-76v19p1-d3`.")
        document = access.public_documents().filter(public_id=public_id).first()
        if document is None:
            raise CommandError(f"No public document {public_id!r}.")
        lens = lens_json(document, AnonymousUser())
        if as_json:
            self.stdout.write(json.dumps(lens, ensure_ascii=False, indent=2))
            return
        self._print(lens)

    def _print(self, lens):
        out = self.stdout.write
        doc = lens["document"]
        out(f"{doc['id']}: {doc['title']} ({doc['date'] or 'undated'}, {doc['origin_country'] or 'origin unknown'})")
        out(lens["note"])
        context = lens["context"]
        out("\nContext")
        if not context["placed"]:
            out(f"  {context['reason']}")
        else:
            for relations in context["relations"]:
                rows = relations["periods"] or ([relations["latest_before"]] if relations["latest_before"] else [])
                for row in rows:
                    badge = " [needs verification]" if row["needs_verification"] else ""
                    out(f"  DPRK–{relations['partner']}: {row['status']} ({row['period']}, {row['confidence']} confidence{badge}) {row['summary']}")
                if not rows:
                    out(f"  DPRK–{relations['partner']}: no period recorded")
            for condition in context["embassy_conditions"]:
                out(f"  Mission: {condition['type']} ({condition['period']}) {condition['description']}")
            for event in context["events"]["items"]:
                out(f"  Event {event['position']} ({event['days']} d): {event['title']}")
        out(f"\nLanguage markers: {lens['markers']['method']}")
        for layer in lens["markers"]["layers"]:
            if layer["pending"]:
                out(f"  {layer['layer']['description']}: being computed by a background job (`mosaic worker`)")
                continue
            out(f"  {layer['layer']['description']}, {layer['word_count']} words, lexicon {layer['lexicon_version']}:")
            if not layer["flags"]:
                out("    no markers found by these rules (which does not mean there are none)")
            for flag in layer["flags"]:
                speaker = f", {flag['speaker']}" if flag.get("speaker") else ""
                out(f"    [{flag['start']}:{flag['end']}] {flag['category']} {flag['rule']}@{flag['rule_version']} "
                    f"({flag['voice']}{speaker}): {flag['text']}")
            for category, rate in layer["rates"].items():
                if rate is not None:
                    out(f"    {category}: {rate:.1f} per 1,000 words")
        out("\nEchoes of official claims")
        for echo in lens["echoes"] or []:
            out(f"  {echo['presentation']}: {echo['report']['figure']} ~ {echo['official']['figure']} "
                f"({echo['official']['document']}, {echo['official']['date']})")
        if not lens["echoes"]:
            out("  none found")
