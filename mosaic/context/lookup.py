"""What was true around a document's date: relations, embassy conditions and nearby events."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings

from mosaic.common.page_cache import kept_in_process
from mosaic.context.models import EmbassyCondition, Event, RelationsPeriod

AXES = ["USSR", "China"]  # the DPRK's two patrons: their relations frame every other embassy's view


def event_window_days() -> int:
    return int(getattr(settings, "MOSAIC_CONTEXT_EVENT_WINDOW_DAYS", 90))


@dataclass
class Relations:
    country: str
    periods: list[RelationsPeriod]
    # When no recorded period covers the date, the latest row before it, said as such.
    latest_before: RelationsPeriod | None = None


@dataclass
class NearbyEvent:
    event: Event
    position: str  # "before", "during" or "after" the document's date
    days: int  # from the event to the document (0 when they overlap)


@dataclass
class DocumentContext:
    start: dt.date | None
    end: dt.date | None
    country: str
    relations: list[Relations] = field(default_factory=list)
    conditions: list[EmbassyCondition] = field(default_factory=list)
    events: list[NearbyEvent] = field(default_factory=list)
    window_days: int = 90
    has_mission: bool = False

    @property
    def placed(self) -> bool:
        return self.start is not None


@dataclass(frozen=True)
class ContextTables:
    """Every row of the three context tables, each list in the tables' order (by date)."""
    relations: dict[str, list[RelationsPeriod]]  # by partner country
    conditions: list[EmbassyCondition]
    events: list[Event]


def context_tables() -> ContextTables:
    """The context tables as they are now: a few hundred curated rows that every document page
    reads, so each process keeps them until the next write to the archive (three queries then,
    instead of six on every page)."""

    def read() -> ContextTables:
        relations: dict[str, list[RelationsPeriod]] = {}
        for row in RelationsPeriod.objects.all():
            relations.setdefault(row.country, []).append(row)
        return ContextTables(relations, list(EmbassyCondition.objects.all()), list(Event.objects.all()))

    return kept_in_process("context:tables", read)


def _relations(rows: list[RelationsPeriod], country: str, start: dt.date, end: dt.date) -> Relations:
    covering = [row for row in rows if row.covers(start, end)]
    earlier = [row for row in rows if row.date_min <= start and row not in covering]
    return Relations(country, covering, None if covering else (max(earlier, key=lambda r: r.date_min) if earlier else None))


def context_for(document) -> DocumentContext:
    window = event_window_days()
    context = DocumentContext(document.date_min, document.date_max, document.origin_country, window_days=window)
    if not context.placed:
        return context
    tables = context_tables()
    start, end = document.date_min, document.date_max or document.date_min
    countries = [document.origin_country] if document.origin_country and document.origin_country != "DPRK" else []
    countries += [axis for axis in AXES if axis not in countries]
    context.relations = [_relations(tables.relations.get(country, []), country, start, end) for country in countries]
    # Mission conditions only for a country the relations table records as a DPRK partner: an
    # "all foreign missions" row says nothing about a state with no embassy in Pyongyang.
    context.has_mission = bool(tables.relations.get(document.origin_country))
    if document.origin_country and context.has_mission:
        context.conditions = [row for row in tables.conditions
                              if row.concerns(document.origin_country) and row.covers(start, end)]
    reach = dt.timedelta(days=window)
    for event in tables.events:
        if event.date_min > end + reach:
            continue
        event_end = event.date_max or event.date_min
        if event_end < start - reach:
            continue
        if event_end < start:
            context.events.append(NearbyEvent(event, "before", (start - event_end).days))
        elif event.date_min > end:
            context.events.append(NearbyEvent(event, "after", (event.date_min - end).days))
        else:
            context.events.append(NearbyEvent(event, "during", 0))
    return context


def _row_json(row) -> dict:
    return {"id": row.row_id, "period": row.period_display, "start": row.start, "end": row.end or None,
            "approximate": row.approximate, "sources": row.source_list, "confidence": row.confidence,
            "needs_verification": row.needs_verification, "verified_by": row.verified_by or None}


def context_json(context: DocumentContext) -> dict:
    if not context.placed:
        return {"placed": False, "reason": "The document is undated, so no context can be placed."}
    return {
        "placed": True,
        "date_interval": [context.start.isoformat(), (context.end or context.start).isoformat()],
        "relations": [{"partner": r.country,
                       "periods": [_row_json(p) | {"status": p.status, "summary": p.summary} for p in r.periods],
                       "latest_before": (_row_json(r.latest_before) | {"status": r.latest_before.status,
                                                                        "summary": r.latest_before.summary})
                       if r.latest_before else None}
                      for r in context.relations],
        "has_recorded_relations": context.has_mission,
        "embassy_conditions": [_row_json(c) | {"type": c.condition_type, "applies_to": c.applies_to,
                                               "description": c.description} for c in context.conditions],
        "events": {"window_days": context.window_days,
                   "items": [_row_json(e.event) | {"title": e.event.title, "category": e.event.category,
                                                    "position": e.position, "days": e.days,
                                                    "url": f"/events/{e.event.row_id}/"} for e in context.events]},
    }
