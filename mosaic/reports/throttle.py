"""How many reports one sender may file, counted in the database so every server process agrees.

A sender is a keyed hash of the client address: the address itself is never stored.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings

from mosaic.common import clients
from mosaic.common.throttle import Throttled
from mosaic.common.throttle import throttled as common_throttled
from mosaic.reports.models import ProblemReport



def reports_per_hour() -> int:
    return getattr(settings, "MOSAIC_REPORTS_PER_HOUR", 5)


def reports_per_document_per_day() -> int:
    return getattr(settings, "MOSAIC_REPORTS_PER_DOCUMENT_PER_DAY", 3)


def client_hash(request) -> str:
    return clients.client_hash(request, "reports")


def throttled(sender: str, document, now: dt.datetime | None = None) -> Throttled | None:
    return common_throttled(ProblemReport.objects.filter(client_hash=sender), document, per_hour=reports_per_hour(),
                            per_document_per_day=reports_per_document_per_day(), noun="report", now=now)
