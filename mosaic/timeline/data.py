"""What the timeline shows for a reader: the visible documents over their date intervals and the
events, as items when the view is narrow, as counts per month or year when it is wide. The page and
the API (`/api/timeline`) both read their parameters here, so they accept and refuse the same things.

Counts are made by the database (GROUP BY on the first characters of `date_min`, which the
(date_min, date_max) index serves), so a wide view over 100,000 documents reads no document rows
into Python. A document is counted in the year (or month) of its earliest possible day, as the
search page's year facet counts it, so a count links to the search that finds the same documents.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Max, Min, Q
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils.translation import gettext_noop

from mosaic.common.bilingual import curated_text
from mosaic.context.templatetags.context_panel import event_category_label, relation_status_label
from mosaic.corpus import access
from mosaic.lib.event_actors import event_countries
from mosaic.lib.messages import WordedError
from mosaic.lib.partial_dates import InvalidDate, PartialDate
from mosaic.lib.vocabularies import COUNTRIES, EVENT_CATEGORIES

# More documents than this in the view are drawn as counts: a browser draws a few hundred boxes
# smoothly, not thousands.
ITEM_LIMIT = 500
# Items only for views up to this many days (two years); months up to fifteen years, then years.
ITEM_DAYS = 2 * 366
MONTH_DAYS = 15 * 366
GRANULARITIES = ("auto", "items", "month", "year")
MAX_VALUES = 20  # of each filter
MAX_CHARACTERS = 200


class InvalidTimeline(WordedError):
    """A parameter the reader can correct; its message is shown to them (page) or sent as a 400."""


@dataclass
class TimelineQuery:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    countries: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)   # subject slugs
    places: list[str] = field(default_factory=list)     # place term ids
    granularity: str = "auto"

    def query_string_items(self) -> list[tuple[str, str]]:
        """The filters as search parameters, for links from a count to the search page (whose
        facets of the same names select the same documents)."""
        return ([("origin_country", c) for c in self.countries] + [("collection", c) for c in self.collections]
                + [("subject", s) for s in self.subjects] + [("place", p) for p in self.places]
                + [("person", p) for p in self.persons])


def _values(params, name: str) -> list[str]:
    values = [v.strip() for v in params.getlist(name) if v.strip()]
    if len(values) > MAX_VALUES:
        raise InvalidTimeline(gettext_noop("%(parameter)s: at most %(most)s values"), parameter=name, most=MAX_VALUES)
    for value in values:
        if len(value) > MAX_CHARACTERS:
            raise InvalidTimeline(gettext_noop("%(parameter)s: a value is longer than %(most)s characters"),
                                  parameter=name, most=MAX_CHARACTERS)
    return values


def _date(params, name: str, latest: bool) -> dt.date | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        partial = PartialDate.parse(text)
    except InvalidDate as error:
        raise InvalidTimeline(gettext_noop("%(parameter)s: %(problem)s (write YYYY, YYYY-MM or YYYY-MM-DD)"),
                              parameter=name, problem=error.wording) from None
    return partial.latest() if latest else partial.earliest()


def timeline_query_from_params(params, user) -> TimelineQuery:
    from mosaic.context.models import Event
    from mosaic.entities.models import AuthorityTerm, Person
    from mosaic.subjects.models import Subject

    query = TimelineQuery(date_from=_date(params, "from", latest=False), date_to=_date(params, "to", latest=True))
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise InvalidTimeline(gettext_noop("from: the start is after the end (to)"))
    query.countries = _values(params, "origin_country")
    unknown = [c for c in query.countries if c not in COUNTRIES]
    if unknown:
        raise InvalidTimeline(gettext_noop("origin_country: unknown country %(value)s; one of %(countries)s"),
                              value=repr(unknown[0][:80]), countries=", ".join(COUNTRIES))
    query.categories = _values(params, "category")
    known = set(EVENT_CATEGORIES) | set(Event.objects.values_list("category", flat=True).distinct())
    unknown = [c for c in query.categories if c not in known]
    if unknown:
        raise InvalidTimeline(gettext_noop("category: unknown event category %(value)s"), value=repr(unknown[0][:80]))
    query.collections = _values(params, "collection")
    # Collections the reader may not see are refused exactly like ones that do not exist.
    found = set(access.visible_collections(user).filter(slug__in=query.collections).values_list("slug", flat=True))
    unknown = [c for c in query.collections if c not in found]
    if unknown:
        raise InvalidTimeline(gettext_noop("collection: no collection %(value)s"), value=repr(unknown[0][:80]))
    query.persons = _values(params, "person")
    found = set(Person.objects.filter(person_id__in=query.persons).values_list("person_id", flat=True))
    unknown = [p for p in query.persons if p not in found]
    if unknown:
        raise InvalidTimeline(gettext_noop("person: no person %(value)s in the name authority (ids look like P001)"),
                              value=repr(unknown[0][:80]))
    query.subjects = _values(params, "subject")
    found = set(Subject.objects.filter(slug__in=query.subjects).values_list("slug", flat=True))
    unknown = [s for s in query.subjects if s not in found]
    if unknown:
        raise InvalidTimeline(gettext_noop("subject: no subject heading %(value)s (give its key, e.g. korea-north--economic-policy)"),
                              value=repr(unknown[0][:80]))
    query.places = _values(params, "place")
    found = set(AuthorityTerm.objects.filter(kind="place", term_id__in=query.places).values_list("term_id", flat=True))
    unknown = [p for p in query.places if p not in found]
    if unknown:
        raise InvalidTimeline(gettext_noop("place: no place %(value)s in the name authority (ids look like pyongyang)"),
                              value=repr(unknown[0][:80]))
    query.granularity = (params.get("granularity") or "auto").strip()
    if query.granularity not in GRANULARITIES:
        raise InvalidTimeline(gettext_noop("granularity: one of %(granularities)s"), granularities=", ".join(GRANULARITIES))
    return query


def filtered_documents(query: TimelineQuery, user):
    """The reader's visible documents that have dates and pass the filters; not yet the range."""
    from mosaic.collections.models import CollectionMembership
    from mosaic.corpus.models import DocumentAgent, NameLink
    from mosaic.subjects.models import DocumentPlace, DocumentSubject

    documents = access.visible_documents(user).filter(date_min__isnull=False, date_max__isnull=False)
    if query.countries:
        documents = documents.filter(origin_country__in=query.countries)
    # Subqueries rather than joins: a document linked twice (two agents of one person) stays one row.
    if query.collections:
        documents = documents.filter(
            pk__in=CollectionMembership.objects.filter(collection__slug__in=query.collections).values("document"))
    if query.persons:
        # As the search page's person facet has it: linked agents, and names a curator confirmed.
        documents = documents.filter(
            Q(pk__in=DocumentAgent.objects.filter(agent__person__person_id__in=query.persons).values("document"))
            | Q(pk__in=NameLink.objects.filter(person__person_id__in=query.persons, status=NameLink.CONFIRMED).values("document")))
    for slug in query.subjects:  # each required, as search filters are
        documents = documents.filter(pk__in=DocumentSubject.objects.filter(subject__slug=slug).values("document"))
    for term_id in query.places:
        documents = documents.filter(pk__in=DocumentPlace.objects.filter(place__term_id=term_id).values("document"))
    return documents.order_by()


def filtered_events(query: TimelineQuery):
    """Events of the chosen categories; with countries chosen, only events one of whose actors
    stands for one of them (`lib/event_actors.py`, the rule the page states). Subjects, places,
    collections and people select documents only: events carry none of them."""
    from mosaic.context.models import Event

    events = Event.objects.all()
    if query.categories:
        events = events.filter(category__in=query.categories)
    if query.countries:
        # Events are a curated list of some hundreds; their actors are free text, read here.
        wanted = set(query.countries)
        events = events.filter(pk__in=[event.pk for event in events.only("pk", "actors")
                                       if wanted & event_countries(event.actor_list)])
    return events


def _overlapping(queryset, start: dt.date, end: dt.date):
    return queryset.filter(date_min__lte=end, date_max__gte=start)


def _extent(documents, events) -> tuple[dt.date, dt.date] | None:
    """The whole span of what the filters match, for a view without a range."""
    days = [d for d in (*documents.aggregate(a=Min("date_min"), b=Max("date_max")).values(),
                        *events.aggregate(a=Min("date_min"), b=Max("date_max")).values()) if d]
    return (min(days), max(days)) if days else None


def counts(documents, start: dt.date, end: dt.date, unit: str) -> list[tuple[str, int]]:
    """(period, number of documents) by the year ("1956") or month ("1956-08") of their earliest
    day, for the documents overlapping [start, end]; computed by the database."""
    width = 4 if unit == "year" else 7
    period = Substr(Cast("date_min", output_field=CharField()), 1, width)
    rows = (_overlapping(documents, start, end).annotate(period=period).values("period")
            .annotate(n=Count("pk")).order_by("period"))
    return [(row["period"], row["n"]) for row in rows]


def _period_bounds(period: str) -> tuple[dt.date, dt.date]:
    partial = PartialDate.parse(period)
    return partial.earliest(), partial.latest()


def timeline_data(query: TimelineQuery, user) -> dict:
    """The view as plain data: the range, the mode (items, month or year), documents (items or
    counts), events, and the relations periods of the countries filtered on."""
    from mosaic.context.models import RelationsPeriod

    documents = filtered_documents(query, user)
    events = filtered_events(query)
    start, end = query.date_from, query.date_to
    if start is None or end is None:
        extent = _extent(documents, events) or (dt.date(1945, 1, 1), dt.date(1995, 12, 31))
        start, end = start or extent[0], end or extent[1]
        if start > end:  # one end given, beyond everything the filters match
            start, end = min(start, end), max(start, end)
    in_view = _overlapping(documents, start, end)
    days = (end - start).days
    mode = query.granularity
    total = None
    if mode in ("auto", "items"):
        # Counting stops at the limit: a wide view need not count every row to know it is too many.
        total = in_view.values("pk")[: ITEM_LIMIT + 1].count()
        if total > ITEM_LIMIT or (mode == "auto" and days > ITEM_DAYS):
            mode = "month" if days <= MONTH_DAYS else "year"
        else:
            mode = "items"
    data = {"from": start.isoformat(), "to": end.isoformat(), "mode": mode, "item_limit": ITEM_LIMIT}
    if mode == "items":
        rows = in_view.order_by("date_min", "public_id").values(
            "public_id", "title", "date", "date_min", "date_max", "origin_country")
        data["documents"] = [{
            "id": row["public_id"], "title": row["title"], "date": row["date"], "origin_country": row["origin_country"],
            "start": row["date_min"].isoformat(), "end": row["date_max"].isoformat(),
            "url": reverse("pages:document", args=[row["public_id"]]),
        } for row in rows]
        data["counts"] = []
    else:
        data["documents"] = []
        data["counts"] = []
        for period, n in counts(documents, start, end, mode):
            first, last = _period_bounds(period)
            data["counts"].append({"period": period, "start": first.isoformat(), "end": last.isoformat(), "documents": n})
    # Curated texts in the active language (the API's `lang`), English where Korean is not written yet.
    data["events"] = [{
        "id": event.row_id, "title": title.text, "title_language": title.language, "category": event.category,
        "category_label": str(event_category_label(event.category)), "date": event.period_display,
        "countries": sorted(event_countries(event.actor_list)),
        "start": event.date_min.isoformat(), "end": (event.date_max or event.date_min).isoformat(),
        "url": reverse("context:event", args=[event.row_id]),
    } for event in _overlapping(events, start, end).order_by("date_min", "row_id")[:ITEM_LIMIT]
        for title in [curated_text(event, "title")]]
    bands = RelationsPeriod.objects.filter(country__in=query.countries, date_min__lte=end).exclude(date_max__lt=start)
    data["relations_periods"] = [{
        "id": band.row_id, "country": band.country, "status": band.status, "status_label": str(relation_status_label(band.status)),
        "summary": summary.text, "summary_language": summary.language,
        "start": band.date_min.isoformat(), "end": band.date_max.isoformat() if band.date_max else None,
    } for band in bands.order_by("date_min", "row_id") for summary in [curated_text(band, "summary")]]
    return data
