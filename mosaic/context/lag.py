"""Reporting lag: for an event, the earliest document in this archive from each embassy that a
curator confirmed as mentioning it, how many days after the event it is dated, and how many other
documents that embassy wrote in between. Survival and selection shape all of it: the archive holds
what was kept, released, chosen and translated, so a late first mention is a fact about the
archive, not proof of what an embassy knew."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from mosaic.context.models import Event, EventMention
from mosaic.corpus import access
from mosaic.search import index as search_index
from mosaic.search.query import InvalidSearch, search_query_from_params

SEARCH_DAYS = 365  # how long after an event candidate mentions are looked for


def _search_terms(event: Event) -> list[tuple[str, str]]:
    """(how it was found, query text): each actor (expanded to every rendering through the name
    authority by the search layer) and each curated keyword."""
    terms = [("name", actor) for actor in event.actor_list if " " in actor or "-" in actor]
    terms += [("keyword", keyword.strip()) for keyword in event.keywords.splitlines() if keyword.strip()]
    return terms


def find_candidates(event: Event) -> int:
    """Record documents that may mention the event as candidates; returns how many are new.
    Curators' earlier decisions are left as they are. A search past its time budget raises
    SearchTooSlow before anything is recorded."""
    until = (event.date_max or event.date_min) + dt.timedelta(days=SEARCH_DAYS)
    found: dict[int, set[str]] = {}
    for how, term in _search_terms(event):
        params = {"q": term, "from": event.date_min.isoformat(), "to": until.isoformat(), "per_page": "100"}
        page = 1
        while True:
            try:
                results = search_index.search(search_query_from_params(params | {"page": str(page)}))
            except InvalidSearch:
                break
            for hit in results.hits:
                found.setdefault(hit.doc_id, set()).add(f"{how}: {term}")
            if page >= results.pages:
                break
            page += 1
    created = 0
    with transaction.atomic():
        for doc_id, reasons in found.items():
            mention, made = EventMention.objects.get_or_create(
                event=event, document_id=doc_id, defaults={"found_by": "; ".join(sorted(reasons))})
            if made:
                created += 1
            elif mention.status == EventMention.CANDIDATE:
                mention.found_by = "; ".join(sorted(reasons))
                mention.save(update_fields=["found_by", "modified"])
    return created


@dataclass
class EmbassyLag:
    country: str
    document: object  # the earliest confirmed mention
    lag_days: int  # from the event's (earliest) date to the document's earliest possible date
    date_uncertain: bool  # the document's date is a month or year, so the lag is a lower bound
    written_between: int  # other documents of that embassy in the archive between the two dates


def lags(event: Event) -> list[EmbassyLag]:
    """Per origin country, the earliest public document confirmed as mentioning the event."""
    public = access.public_documents()
    mentions = (EventMention.objects.filter(event=event, status=EventMention.CONFIRMED, document__in=public)
                .select_related("document").order_by("document__date_min"))
    earliest: dict[str, object] = {}
    for mention in mentions:
        document = mention.document
        if document.origin_country and document.date_min and document.origin_country not in earliest:
            earliest[document.origin_country] = document
    result = []
    for country, document in earliest.items():
        between = public.filter(origin_country=country, date_min__gte=event.date_min, date_min__lt=document.date_min)
        result.append(EmbassyLag(
            country=country, document=document, lag_days=(document.date_min - event.date_min).days,
            date_uncertain=document.date_min != document.date_max,
            written_between=between.exclude(pk=document.pk).count(),
        ))
    return sorted(result, key=lambda lag: (lag.lag_days, lag.country))


def lags_json(event: Event) -> list[dict]:
    return [{"embassy": lag.country, "earliest_document": lag.document.public_id, "date": lag.document.date,
             "lag_days": lag.lag_days, "lag_is_lower_bound": lag.date_uncertain,
             "other_documents_in_between": lag.written_between} for lag in lags(event)]
