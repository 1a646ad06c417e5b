import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mosaic.citations.build import citable_from_document
from mosaic.citations.formats import STYLES, format_citation
from mosaic.citations.kept import keep_documents
from mosaic.lib.source_lines import UNIT_TYPES, parse_source_line
from mosaic.corpus import access
from mosaic.corpus.models import Document

KEEP_BATCH = 500  # documents a transaction: a long run can be stopped and goes on where it was


class Command(BaseCommand):
    help = (
        'Citations. `mosaic cite ID [--style archive|chicago-note|chicago-bib]` prints a document\'s citation; '
        '`mosaic cite parse "<source line>" [--json]` reads a printed source line; `mosaic cite keep [--all]` '
        'renders and stores the citations of documents that have none kept (with --all: of every document whose '
        'kept ones are not current), as the background jobs do after a change.'
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help='a document id, "parse" or "keep"')
        parser.add_argument("line", nargs="?", help='with "parse": the source line, e.g. "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303."')
        parser.add_argument("--style", default="archive", choices=STYLES)
        parser.add_argument("--json", dest="as_json", action="store_true", help="with parse: print JSON")
        parser.add_argument("--all", dest="every_document", action="store_true",
                            help="with keep: look at every document, not only those without kept citations")

    def handle(self, *args, target, line, style, as_json, every_document, **options):
        if target == "keep":
            self.keep(every_document)
            return
        if target == "parse":
            if line is None:
                raise CommandError('usage: mosaic cite parse "<source line>" [--json]')
            self.parse(line, as_json)
            return
        document = access.public_documents().filter(public_id=target).first()
        if document is None:
            raise CommandError(f'no public document with id "{target}"')
        self.stdout.write(format_citation(citable_from_document(document), style))

    def keep(self, every_document: bool) -> None:
        documents = Document.objects.order_by("pk")
        if not every_document:
            documents = documents.filter(kept_citation__isnull=True)
        ids = list(documents.values_list("pk", flat=True))
        rendered = 0
        for start in range(0, len(ids), KEEP_BATCH):
            with transaction.atomic():
                rendered += keep_documents(ids[start:start + KEEP_BATCH])
        self.stdout.write(f"Citations rendered and kept for {rendered:,} of {len(ids):,} documents looked at.")

    def parse(self, line: str, as_json: bool) -> None:
        parsed = parse_source_line(line)
        if as_json:
            self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False))
            return
        repository = parsed.repository
        self.stdout.write(f"Repository: {f'{repository.name} ({repository.code})' if repository else 'not recognised'}")
        for unit in parsed.units:
            self.stdout.write(f"  {UNIT_TYPES.get(unit.type, unit.type)}: {unit.value}")
        if parsed.folios:
            self.stdout.write(f"  Folios: {parsed.folios.start}–{parsed.folios.end}")
        for credit in parsed.credits:
            behalf = f" for {credit.on_behalf_of}" if credit.on_behalf_of else ""
            self.stdout.write(f"{credit.role.capitalize()}{behalf} by {credit.name}")
        if parsed.unparsed:
            self.stdout.write(f"Not understood: {parsed.unparsed}")
