"""How many reports one sender may file, counted in the database so every server process agrees.

A sender is a keyed hash of the client address: the address itself is never stored.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from mosaic.common import clients
from mosaic.reports.models import ProblemReport

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def reports_per_hour() -> int:
    return getattr(settings, "MOSAIC_REPORTS_PER_HOUR", 5)


def reports_per_document_per_day() -> int:
    return getattr(settings, "MOSAIC_REPORTS_PER_DOCUMENT_PER_DAY", 3)


def client_hash(request) -> str:
    return clients.client_hash(request, "reports")


@dataclass(frozen=True)
class Throttled:
    retry_at: dt.datetime
    reason: str

    def seconds_left(self, now: dt.datetime | None = None) -> int:
        return max(1, int((self.retry_at - (now or timezone.now())).total_seconds()) + 1)


def _limit_reached(reports, limit: int, window: dt.timedelta, now: dt.datetime) -> dt.datetime | None:
    """When the sender may file again if `limit` reports already fall inside `window`, else None."""
    times = list(reports.filter(created__gt=now - window).order_by("created").values_list("created", flat=True))
    if len(times) < limit:
        return None
    # The report whose expiry brings the count back below the limit.
    return times[len(times) - limit] + window


def _reports(count: int) -> str:
    return f"{count} report{'' if count == 1 else 's'}"


def throttled(sender: str, document, now: dt.datetime | None = None) -> Throttled | None:
    now = now or timezone.now()
    mine = ProblemReport.objects.filter(client_hash=sender)
    retry_at = _limit_reached(mine, reports_per_hour(), HOUR, now)
    if retry_at:
        return Throttled(retry_at, f"you have sent {_reports(reports_per_hour())} within the last hour")
    retry_at = _limit_reached(mine.filter(document=document), reports_per_document_per_day(), DAY, now)
    if retry_at:
        return Throttled(retry_at, f"you have sent {_reports(reports_per_document_per_day())} about this document within the last day")
    return None
