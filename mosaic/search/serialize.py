"""The JSON form of search results, shared by the API and `mosaic search --json`."""
from __future__ import annotations

from django.utils.html import escape

from mosaic.lib.partial_dates import PartialDate
from mosaic.search.backends.base import SearchResults
from mosaic.search.labels import facet_labeller


def snippet_html(parts) -> str:
    return "".join(f"<mark>{escape(p.text)}</mark>" if p.highlighted else escape(p.text) for p in parts)


def results_json(results: SearchResults, base_url: str = "") -> dict:
    label = facet_labeller()
    return {
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
