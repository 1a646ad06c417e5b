import datetime as dt
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from mosaic.corpus import access
from mosaic.lib.vocabularies import COUNTRIES, EVENT_CATEGORIES, label
from mosaic.timeline.data import InvalidTimeline, counts, filtered_documents, timeline_data, timeline_query_from_params


def timeline_page(request):
    """The zoomable timeline (vis-timeline, fed by /api/timeline) over a list by year that works
    without JavaScript: the documents counted per year, each count a link to that year's search,
    and the year's events."""
    from mosaic.context.models import Event
    from mosaic.entities.models import AuthorityTerm
    from mosaic.subjects.models import Subject

    visible = access.visible_documents(request.user).values("pk")
    context = {
        "countries": list(COUNTRIES),
        "categories": [(key, gettext(label(EVENT_CATEGORIES, key))) for key in
                       sorted(set(EVENT_CATEGORIES) | set(Event.objects.values_list("category", flat=True)))],
        "collections": access.visible_collections(request.user).order_by("title"),
        # Only headings and places of documents this reader may see: an empty choice helps no one.
        "subjects": Subject.objects.filter(document_links__document__in=visible).distinct().order_by("heading")
                    .values_list("slug", "heading"),
        "places": AuthorityTerm.objects.filter(kind="place", document_links__document__in=visible).distinct()
                  .order_by("preferred").values_list("term_id", "preferred"),
        "params": request.GET,
    }
    try:
        query = timeline_query_from_params(request.GET, request.user)
    except InvalidTimeline as error:
        return render(request, "timeline/timeline.html", {**context, "error": error.wording.worded(gettext)}, status=400)
    data = timeline_data(query, request.user)
    start, end = data["from"], data["to"]
    per_year = dict(counts(filtered_documents(query, request.user), dt.date.fromisoformat(start),
                           dt.date.fromisoformat(end), "year"))
    events_by_year: dict[str, list] = {}
    for event in data["events"]:
        events_by_year.setdefault(event["start"][:4], []).append(event)
    extra = query.query_string_items()
    years = [{
        "year": year, "documents": per_year.get(year, 0),
        "search_url": reverse("pages:search") + "?" + urlencode([("year", year), *extra]),
        "events": events_by_year.get(year, []),
    } for year in sorted(set(per_year) | set(events_by_year))]
    return render(request, "timeline/timeline.html", {
        **context, "query": query, "data": data, "years": years,
    })
