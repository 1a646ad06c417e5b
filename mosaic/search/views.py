from urllib.parse import urlencode

from django.shortcuts import render

from mosaic.search.labels import facet_labeller
from mosaic.search.query import FACETS, SORTS, InvalidSearch, search_query_from_params
from mosaic.search import index as search_index

FACETS_SHOWN = 12  # values per facet before "more" (the rest stay reachable through the API)


def _url(params: list[tuple[str, str]]) -> str:
    return "?" + urlencode([(k, v) for k, v in params if v])


def search_page(request):
    params = [(key, value) for key, values in request.GET.lists() for value in values if key != "page"]
    try:
        query = search_query_from_params(request.GET)
    except InvalidSearch as error:
        return render(request, "search/search.html", {"error": str(error), "q": request.GET.get("q", ""), "sorts": SORTS}, status=400)
    results = search_index.search(query)
    label = facet_labeller()
    facet_groups = []
    for facet, heading in FACETS.items():
        values = []
        for item in results.facets.get(facet, ()):
            selected = (facet, item.value) in query.filters
            toggled = [p for p in params if p != (facet, item.value)] if selected else [*params, (facet, item.value)]
            values.append({"value": item.value, "label": label(facet, item.value), "count": item.count,
                           "selected": selected, "url": _url(toggled)})
        selected_values = [v for v in values if v["selected"]]
        others = [v for v in values if not v["selected"]]
        if values:
            facet_groups.append({"key": facet, "heading": heading, "values": selected_values + others[:FACETS_SHOWN],
                                 "more": max(0, len(others) - FACETS_SHOWN)})
    active = [{"label": f"{FACETS[f]}: {label(f, v)}", "url": _url([p for p in params if p != (f, v)])} for f, v in query.filters]
    pages = {
        "previous": _url([*params, ("page", str(query.page - 1))]) if query.page > 1 else None,
        "next": _url([*params, ("page", str(query.page + 1))]) if query.page < results.pages else None,
    }
    context = {
        "query": query, "q": query.text, "results": results, "facet_groups": facet_groups, "active": active,
        "pages": pages, "sorts": SORTS, "export_query": urlencode(params),
        "date_from": request.GET.get("from", ""), "date_to": request.GET.get("to", ""),
        "exact_url": _url([*params, ("exact", "1")]),
    }
    return render(request, "search/search.html", context)
