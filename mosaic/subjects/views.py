from dataclasses import replace
from urllib.parse import urlencode

from django.http import JsonResponse
from django.utils.translation import gettext
from django.urls import reverse

from mosaic.entities.models import AuthorityTerm
from mosaic.search import index as search_index
from mosaic.search.backends.base import SearchTooSlow
from mosaic.search.labels import facet_labeller
from mosaic.search.query import InvalidSearch, search_query_from_params


def search_places(request):
    """The places of a search's result set with how many results each has, for the map beside
    the results. The counts are the search's own place facet (the same backend call, over the
    same public index), so the map can only show what the reader's result list shows. Places
    the authority has no coordinates for are listed apart, unmapped."""
    params = [(key, value) for key, values in request.GET.lists() for value in values if key not in ("page", "per_page")]
    try:
        query = search_query_from_params(request.GET)
        results = search_index.search(replace(query, page=1, per_page=1))
    except InvalidSearch as error:
        return JsonResponse({"error": error.wording.worded(gettext)}, status=400)
    except SearchTooSlow as error:
        return JsonResponse({"error": error.wording.worded(gettext)}, status=503)
    counts = {item.value: item.count for item in results.facets.get("place", ())}
    located = dict((term_id, (lat, lon)) for term_id, lat, lon in AuthorityTerm.objects.filter(
        kind="place", term_id__in=list(counts), latitude__isnull=False, longitude__isnull=False,
    ).values_list("term_id", "latitude", "longitude"))
    label = facet_labeller()
    selected = query.selected("place")
    places, unmapped = [], []
    for term_id, count in counts.items():
        filtered = params if term_id in selected else [*params, ("place", term_id)]
        place = {"id": term_id, "name": label("place", term_id), "count": count, "selected": term_id in selected,
                 # In the language of the page that asked (its address has the page's prefix).
                 "search_url": reverse("pages:search") + "?" + urlencode(filtered),
                 "url": reverse("pages:term", args=[term_id])}
        if term_id in located:
            place["latitude"], place["longitude"] = located[term_id]
            places.append(place)
        else:
            unmapped.append(place)
    return JsonResponse({"total": results.total, "places": places, "unmapped": unmapped})
