import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mosaic.entities.authority import get_matcher, import_hsg_people, import_variants, link_agents, load_shipped_authority
from mosaic.entities.linking import link_documents

LANGUAGES = ["ru", "hu", "pl", "cs", "ro", "bg", "de", "en", "zh", "ko"]


class Command(BaseCommand):
    help = (
        'Name authority. `mosaic names resolve "Kim Ir Szen" [--lang hu] [--json]`; '
        "`mosaic names resolve --batch FILE` (one name per line, optional tab and language; JSON lines out); "
        "`mosaic names load` (the shipped authority); `mosaic names import-variants FILE.tsv` (attested variants); "
        "`mosaic names link` (link agents and names in texts to people); `mosaic names import-hsg FILE` (US officials)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        resolve = sub.add_parser("resolve", help="Resolve a rendering to people in the authority.")
        resolve.add_argument("name", nargs="?")
        resolve.add_argument("--lang", choices=LANGUAGES)
        resolve.add_argument("--batch", type=Path, help="a file with one name per line (name<TAB>lang allowed)")
        resolve.add_argument("--json", dest="as_json", action="store_true")
        resolve.add_argument("-k", type=int, default=3, help="candidates to show")
        sub.add_parser("load", help="Load or refresh the shipped authority (seed and curated aliases).")
        variants = sub.add_parser("import-variants", help="Load attested variants (variant, script_or_language, canonical_mr, hangul, source).")
        variants.add_argument("path", type=Path)
        sub.add_parser("link", help="Link document agents to people, and suggest links for names found in texts.")
        hsg = sub.add_parser("import-hsg", help="Add history.state.gov people (people JSON Lines, or a FRUS volume persons TSV).")
        hsg.add_argument("path", type=Path)

    def handle(self, *args, action, **options):
        getattr(self, action.replace("-", "_"))(**options)

    def resolve(self, name, lang, batch, as_json, k, **options):
        matcher = get_matcher()
        if batch:
            if not batch.is_file():
                raise CommandError(f"{batch}: no such file")
            for number, line in enumerate(batch.read_text(encoding="utf-8").splitlines(), start=1):
                if not line.strip():
                    continue
                text, _, language = line.partition("\t")
                self.stdout.write(json.dumps(matcher.resolve(text.strip(), lang=language.strip() or lang, k=k).to_json(), ensure_ascii=False))
            return
        if not name:
            raise CommandError('give a name, e.g. mosaic names resolve "Kim Ir Szen" --lang hu, or --batch FILE')
        resolution = matcher.resolve(name, lang=lang, k=k)
        if as_json:
            self.stdout.write(json.dumps(resolution.to_json(), ensure_ascii=False))
            return
        if not resolution.candidates:
            self.stdout.write(f"{name}: no one in the authority matches")
            return
        self.stdout.write(f"{name}:{' AMBIGUOUS —' if resolution.ambiguous else ''}")
        for candidate in resolution.candidates:
            self.stdout.write(f"  {candidate.score:.3f}  {candidate.person_id}  {candidate.mr} ({candidate.hangul})  via {candidate.matched_form!r}")

    def load(self, **options):
        created, updated = load_shipped_authority()
        self.stdout.write(f"Name authority: {created} people added, {updated} updated.")

    def import_variants(self, path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        added, problems = import_variants(path)
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"{added} attested variants added; {len(problems)} rows not matched to one person.")

    def link(self, **options):
        agents = link_agents()
        suggested = link_documents()
        self.stdout.write(f"Name links: {agents} agents linked to people; {suggested} suggestions from texts.")

    def import_hsg(self, path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        added, merged = import_hsg_people(path)
        self.stdout.write(f"{added} people added from {path.name}; {merged} records merged into Korean authority people.")
