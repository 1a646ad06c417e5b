"""How many submissions (reports, disputes) one sender may make, counted in the database so
every server process agrees. A sender is a keyed hash of the client address (common/clients.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Throttled:
    retry_at: dt.datetime
    reason: str

    def seconds_left(self, now: dt.datetime | None = None) -> int:
        return max(1, int((self.retry_at - (now or timezone.now())).total_seconds()) + 1)


def _retry_at(submissions, limit: int, window: dt.timedelta, now: dt.datetime) -> dt.datetime | None:
    """When the sender may submit again if `limit` submissions already fall inside `window`."""
    times = list(submissions.filter(created__gt=now - window).order_by("created").values_list("created", flat=True))
    if len(times) < limit:
        return None
    return times[len(times) - limit] + window  # the one whose expiry brings the count below the limit


def throttled(mine, document, *, per_hour: int, per_document_per_day: int, noun: str,
              now: dt.datetime | None = None) -> Throttled | None:
    """`mine`: the sender's earlier submissions (a queryset with `created` and `document`)."""
    now = now or timezone.now()

    def count(n: int) -> str:
        return f"{n} {noun}{'' if n == 1 else 's'}"

    retry_at = _retry_at(mine, per_hour, HOUR, now)
    if retry_at:
        return Throttled(retry_at, f"you have sent {count(per_hour)} within the last hour")
    retry_at = _retry_at(mine.filter(document=document), per_document_per_day, DAY, now)
    if retry_at:
        return Throttled(retry_at, f"you have sent {count(per_document_per_day)} about this document within the last day")
    return None


def refusal(request, document, limit: Throttled, *, noun: str, unsent: str):
    """The 429 page: why, when to try again, and what the reader wrote, to copy and send later."""
    from django.shortcuts import render

    response = render(request, "throttled.html",
                      {"document": document, "limit": limit, "noun": noun, "unsent": unsent}, status=429)
    response["Retry-After"] = str(limit.seconds_left())
    return response
