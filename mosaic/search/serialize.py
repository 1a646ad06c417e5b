"""The JSON form of search results, shared by the API and `mosaic search --json`."""
from __future__ import annotations

from urllib.parse import urlencode

from django.utils.html import escape

from mosaic.lib.partial_dates import PartialDate
from mosaic.search.backends.base import SearchResults
from mosaic.search.labels import facet_labeller


def snippet_html(parts) -> str:
    return "".join(f"<mark>{escape(p.text)}</mark>" if p.highlighted else escape(p.text) for p in parts)


def page_links(address: str, items: list[tuple[str, str]], page: int, last: int) -> dict[str, str | None]:
    """Links to the first, previous, next and last pages of a request whose parameters are
    `items` (as (name, value) pairs), `page` of `last`; prev and next are None where there is
    no such page. Past the last page, prev leads back to it."""
    others = [(name, value) for name, value in items if name != "page"]

    def at(number: int) -> str:
        query = urlencode(others + ([("page", str(number))] if number > 1 else []))
        return f"{address}?{query}" if query else address

    last = max(last, 1)
    return {"self": at(page), "first": at(1), "prev": at(min(page - 1, last)) if page > 1 else None,
            "next": at(page + 1) if page < last else None, "last": at(last)}


def link_header(links: dict[str, str | None]) -> str:
    """The links as an RFC 8288 Link header (the URLs are percent-encoded, so plain ASCII)."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


def results_json(results: SearchResults, base_url: str = "", links: dict[str, str | None] | None = None) -> dict:
    label = facet_labeller()
    data = {
        "total": results.total,
        "page": results.query.page,
        "per_page": results.query.per_page,
        "results": [
            {
                "id": hit.public_id,
                "title": hit.title,
                "date": hit.date or None,
                "date_display": PartialDate.parse(hit.date).display() if hit.date else "Undated",
                "origin": hit.origin_country or None,
                "catalogue_only": hit.catalogue_only,
                "snippet": snippet_html(hit.snippet),
                "url": f"{base_url}/documents/{hit.public_id}/",
            }
            for hit in results.hits
        ],
        "names": [
            {"words": term.text, "read_as": term.expanded_as, "link": term.reading_id,
             "also_searched": [" ".join(words) for words in term.alternatives], "heuristic": True}
            for term in results.query.expanded_names
        ],
        "facets": {
            facet: [{"value": v.value, "label": label(facet, v.value), "count": v.count} for v in values]
            for facet, values in results.facets.items()
        },
    }
    if links is not None:
        data["links"] = links
    return data
