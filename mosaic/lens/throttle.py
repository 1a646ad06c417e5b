"""How many flag disputes one sender may file, counted in the database so every server process
agrees (the pattern of reader reports, mosaic/reports/throttle.py). A sender is a keyed hash of
the client address; the address itself is never stored."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from mosaic.common import clients
from mosaic.lens.models import FlagDispute
from mosaic.reports.throttle import DAY, HOUR, Throttled


def disputes_per_hour() -> int:
    return getattr(settings, "MOSAIC_DISPUTES_PER_HOUR", 10)


def disputes_per_document_per_day() -> int:
    return getattr(settings, "MOSAIC_DISPUTES_PER_DOCUMENT_PER_DAY", 10)


def client_hash(request) -> str:
    return clients.client_hash(request, "flag-disputes")


def _retry_at(disputes, limit: int, window: dt.timedelta, now: dt.datetime) -> dt.datetime | None:
    """When the sender may file again if `limit` disputes already fall inside `window`, else None."""
    times = list(disputes.filter(created__gt=now - window).order_by("created").values_list("created", flat=True))
    if len(times) < limit:
        return None
    return times[len(times) - limit] + window  # the dispute whose expiry brings the count below the limit


def _disputes(count: int) -> str:
    return f"{count} dispute{'' if count == 1 else 's'}"


def throttled(sender: str, document, now: dt.datetime | None = None) -> Throttled | None:
    now = now or timezone.now()
    mine = FlagDispute.objects.filter(client_hash=sender)
    retry_at = _retry_at(mine, disputes_per_hour(), HOUR, now)
    if retry_at:
        return Throttled(retry_at, f"you have sent {_disputes(disputes_per_hour())} within the last hour")
    retry_at = _retry_at(mine.filter(document=document), disputes_per_document_per_day(), DAY, now)
    if retry_at:
        return Throttled(retry_at, f"you have sent {_disputes(disputes_per_document_per_day())} about this document within the last day")
    return None
