import json

from django.core.management.base import BaseCommand, CommandError

from mosaic.lib.source_lines import parse_source_line, UNIT_TYPES


class Command(BaseCommand):
    help = 'Citation tools. `mosaic cite parse "<source line>" [--json]` reads a printed source line.'

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="Parse a printed source line into repository, units, folios and credits.")
        parse.add_argument("line", help='e.g. "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303."')
        parse.add_argument("--json", action="store_true", help="Print JSON instead of a readable summary.")

    def handle(self, *args, **options):
        if options["action"] == "parse":
            self.parse(options["line"], as_json=options["json"])
        else:  # pragma: no cover - argparse rejects other actions
            raise CommandError(f"unknown action {options['action']}")

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
