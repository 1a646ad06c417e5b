import functools
import hashlib
import re
from urllib.parse import quote_plus, urlencode

from django.shortcuts import render
from django.utils.translation import gettext

from mosaic.lib.search_query import LIMITS
from mosaic.search.backends.base import SearchTooSlow
from mosaic.search.labels import facet_labeller
from mosaic.search.query import FACETS, SORTS, InvalidSearch, search_query_from_params
from mosaic.search import index as search_index

FACETS_SHOWN = 12  # values per facet before "more" (the rest stay reachable through the API)


_NON_ASCII_WORD = re.compile(r"(?:(?![\x00-\x7f])\w)+")


def _quote(text: str, safe: str = "", encoding=None, errors=None) -> str:
    """quote_plus, except that runs of non-ASCII letters and digits stay as they are.

    Every facet, sort and page link repeats the query: percent-encoded, a Cyrillic query is six
    times longer and a Korean one nine, in each of a hundred links. A browser (and htmx) encodes
    them itself when it follows the link; what could end or split a URL is still encoded.
    """
    return _quoted(text, safe)


# The same few strings (the query, the facet names and values) are quoted for each of the page's
# hundred links: a few milliseconds a page.
@functools.lru_cache(maxsize=4096)
def _quoted(text: str, safe: str) -> str:
    parts, position = [], 0
    for run in _NON_ASCII_WORD.finditer(text):
        parts += [quote_plus(text[position:run.start()], safe=safe), run.group()]
        position = run.end()
    parts.append(quote_plus(text[position:], safe=safe))
    return "".join(parts)


def _facet_anchor(facet: str, value: str) -> str:
    """A facet link's id, the same before and after the region is swapped, so htmx gives the focus
    back to the link a keyboard user just chose (values may hold any character, hence the digest)."""
    return f"facet-{facet}-{hashlib.blake2s(value.encode(), digest_size=5).hexdigest()}"


def _url(params: list[tuple[str, str]]) -> str:
    return "?" + urlencode([(k, v) for k, v in params if v], quote_via=_quote)


def _error_page(request, message: str, status: int):
    # The form gives back what can be searched: no more of an over-long query than is read.
    q = request.GET.get("q", "")[:LIMITS.characters]
    return render(request, "search/search.html", {"error": message, "q": q, "sorts": _sorts()}, status=status)


def _sorts() -> dict[str, str]:
    return {key: gettext(name) for key, name in SORTS.items()}


def search_page(request):
    params = [(key, value) for key, values in request.GET.lists() for value in values if key != "page"]
    try:
        query = search_query_from_params(request.GET)
        results = search_index.search(query)
    except InvalidSearch as error:
        return _error_page(request, error.wording.worded(gettext), status=400)
    except SearchTooSlow as error:
        # 503, not 400: the budget is wall-clock time, so the same query may pass when the server is quieter.
        return _error_page(request, error.wording.worded(gettext), status=503)
    label = facet_labeller()
    facet_groups = []
    for facet, heading in FACETS.items():
        values = []
        for item in results.facets.get(facet, ()):
            selected = (facet, item.value) in query.filters
            toggled = [p for p in params if p != (facet, item.value)] if selected else [*params, (facet, item.value)]
            values.append({"value": item.value, "label": label(facet, item.value), "count": item.count,
                           "selected": selected, "url": _url(toggled), "anchor": _facet_anchor(facet, item.value)})
        selected_values = [v for v in values if v["selected"]]
        others = [v for v in values if not v["selected"]]
        if values:
            facet_groups.append({"key": facet, "heading": gettext(heading), "values": selected_values + others[:FACETS_SHOWN],
                                 "more": max(0, len(others) - FACETS_SHOWN)})
    active = [{"label": gettext("%(facet)s: %(value)s") % {"facet": gettext(FACETS[f]), "value": label(f, v)}, "url": _url([p for p in params if p != (f, v)])} for f, v in query.filters]
    pages = {
        "previous": _url([*params, ("page", str(query.page - 1))]) if query.page > 1 else None,
        "next": _url([*params, ("page", str(query.page + 1))]) if query.page < results.pages else None,
    }
    context = {
        # The query as the backend ran it: a name's hangul and hanja forms join its renderings
        # where the archive holds Korean or Chinese text.
        "query": results.query, "q": query.text, "results": results, "facet_groups": facet_groups, "active": active,
        "pages": pages, "sorts": _sorts(), "export_query": urlencode(params, quote_via=_quote),
        "date_from": request.GET.get("from", ""), "date_to": request.GET.get("to", ""),
        "exact_url": _url([*params, ("exact", "1")]),
    }
    return render(request, "search/search.html", context)
