import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mosaic.search.backends.base import SearchTooSlow
from mosaic.search.query import FACETS, SORTS, InvalidSearch, search_query_from_params
from mosaic.search.serialize import results_json
from mosaic.search import index as search_index


class Command(BaseCommand):
    help = 'Search the archive as the search page does: `mosaic search "Puzanov" --facet origin_country=USSR --json`.'

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--facet", action="append", default=[], metavar="NAME=VALUE",
                            help=f"filter by a facet value (repeatable); names: {', '.join(FACETS)}")
        parser.add_argument("--from", dest="date_from", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument("--sort", default="relevance", choices=list(SORTS))
        parser.add_argument("--page", default="1")
        parser.add_argument("--per-page", default="20")
        parser.add_argument("--json", dest="as_json", action="store_true", help="print the API's JSON")

    def handle(self, *args, query, facet, date_from, date_to, sort, page, per_page, as_json, **options):
        params: dict[str, list[str]] = {"q": [query], "from": [date_from], "to": [date_to], "sort": [sort],
                                        "page": [page], "per_page": [per_page]}
        for item in facet:
            name, sep, value = item.partition("=")
            if not sep or name not in FACETS:
                raise CommandError(f'--facet takes NAME=VALUE with NAME one of {", ".join(FACETS)}; got "{item}"')
            params.setdefault(name, []).append(value)
        try:
            results = search_index.search(search_query_from_params(params))
        except (InvalidSearch, SearchTooSlow) as error:
            raise CommandError(str(error)) from None
        payload = results_json(results, base_url=settings.MOSAIC_BASE_URL)
        if as_json:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{payload['total']} documents")
        for hit in payload["results"]:
            self.stdout.write(f"  {hit['date_display']:>20}  {hit['id']}  {hit['title']}")
        for name, values in payload["facets"].items():
            if values:
                shown = ", ".join(f"{v['label']} ({v['count']})" for v in values[:8])
                self.stdout.write(f"{FACETS[name]}: {shown}")
