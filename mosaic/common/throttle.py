"""How many submissions (reports, disputes) one sender may make, counted in the database so
every server process agrees. A sender is a keyed hash of the client address (common/clients.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _, ngettext

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Throttled:
    retry_at: dt.datetime
    reason: str  # English, for logs and the annotation API
    sent: int = 0  # how many the sender has sent within the window...
    about_document: bool = False  # ...the last day about this document, or else the last hour

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
        return Throttled(retry_at, f"you have sent {count(per_hour)} within the last hour", per_hour)
    retry_at = _retry_at(mine.filter(document=document), per_document_per_day, DAY, now)
    if retry_at:
        return Throttled(retry_at, f"you have sent {count(per_document_per_day)} about this document within the last day",
                         per_document_per_day, about_document=True)
    return None


# The page's sentences for each kind of submission, whole (Korean cannot build them from the noun).
TITLES = {"report": _("Too many reports for now"), "dispute": _("Too many disputes for now"),
          "annotation": _("Too many annotations for now")}


def _refused(noun: str, limit: Throttled) -> str:
    n = limit.sent
    if noun == "dispute":
        return (ngettext("Your dispute was not sent: you have sent %(n)d dispute about this document within the last day.",
                         "Your dispute was not sent: you have sent %(n)d disputes about this document within the last day.", n)
                if limit.about_document else
                ngettext("Your dispute was not sent: you have sent %(n)d dispute within the last hour.",
                         "Your dispute was not sent: you have sent %(n)d disputes within the last hour.", n)) % {"n": n}
    if noun == "annotation":
        return (ngettext("Your annotation was not sent: you have sent %(n)d annotation about this document within the last day.",
                         "Your annotation was not sent: you have sent %(n)d annotations about this document within the last day.", n)
                if limit.about_document else
                ngettext("Your annotation was not sent: you have sent %(n)d annotation within the last hour.",
                         "Your annotation was not sent: you have sent %(n)d annotations within the last hour.", n)) % {"n": n}
    return (ngettext("Your report was not sent: you have sent %(n)d report about this document within the last day.",
                     "Your report was not sent: you have sent %(n)d reports about this document within the last day.", n)
            if limit.about_document else
            ngettext("Your report was not sent: you have sent %(n)d report within the last hour.",
                     "Your report was not sent: you have sent %(n)d reports within the last hour.", n)) % {"n": n}


def refusal(request, document, limit: Throttled, *, noun: str, unsent: str):
    """The 429 page: why, when to try again, and what the reader wrote, to copy and send later."""
    from django.shortcuts import render

    wording = {"title": TITLES.get(noun, TITLES["report"]), "refused": _refused(noun, limit)}
    response = render(request, "throttled.html",
                      {"document": document, "limit": limit, "noun": noun, "unsent": unsent, "wording": wording},
                      status=429)
    response["Retry-After"] = str(limit.seconds_left())
    return response
