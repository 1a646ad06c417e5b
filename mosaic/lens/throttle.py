"""How many flag disputes one sender may file, counted in the database so every server process
agrees (the rule in mosaic/common/throttle.py, shared with reader reports). A sender is a keyed hash of
the client address; the address itself is never stored."""
from __future__ import annotations

import datetime as dt

from django.conf import settings

from mosaic.common import clients
from mosaic.lens.models import FlagDispute
from mosaic.common.throttle import Throttled
from mosaic.common.throttle import throttled as common_throttled


def disputes_per_hour() -> int:
    return getattr(settings, "MOSAIC_DISPUTES_PER_HOUR", 10)


def disputes_per_document_per_day() -> int:
    return getattr(settings, "MOSAIC_DISPUTES_PER_DOCUMENT_PER_DAY", 10)


def client_hash(request) -> str:
    return clients.client_hash(request, "flag-disputes")


def throttled(sender: str, document, now: dt.datetime | None = None) -> Throttled | None:
    return common_throttled(FlagDispute.objects.filter(client_hash=sender), document, per_hour=disputes_per_hour(),
                            per_document_per_day=disputes_per_document_per_day(), noun="dispute", now=now)
