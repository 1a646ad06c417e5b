"""A request that finds the database busy gets "the archive is busy, try again" (503), not a 500.

On SQLite one writer at a time holds the database's write lock, and an import holds it for a whole
file. A staff edit made meanwhile waits at the start of its transaction (every changing request
is one, through django-reversion's middleware); a web process waits WEB_WAIT_SECONDS, not the
commands' 20, then SQLite gives up with "database is locked". The exception unwinds the request's
transaction as any error does, so nothing of the change is written; this middleware then answers
503 with Retry-After, naming the writer from the writer lock when one holds it
(common/writer_lock.py). JSON requests get JSON.

Django turns an exception into a 500 answer inside the middleware where it is raised, before any
outer middleware sees it; so the exception is recognised when Django announces it
(got_request_exception) and its 500 answer is replaced on the way out. PostgreSQL waits for row
locks instead of failing, so there this never fires.
"""
from __future__ import annotations

import logging
import re
import sys

from django.core.signals import got_request_exception
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext

from mosaic.common import writer_lock

WEB_WAIT_SECONDS = 5
RETRY_AFTER_SECONDS = 60
_BUSY = re.compile(r"\b(locked|busy)\b")
_MARK = "_mosaic_archive_busy"


def is_busy_error(error: BaseException | None) -> bool:
    """SQLite's refusal after its busy timeout ("database is locked", "database table is locked")."""
    return isinstance(error, OperationalError) and bool(_BUSY.search(str(error)))


class ArchiveBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_note_busy, dispatch_uid="mosaic.archive_busy")
        # Django logs the exception as a 500 with its traceback before the answer is replaced; the
        # 503 it then logs in one line is the true record.
        logging.getLogger("django.request").addFilter(_not_a_busy_500)
        # Only web processes build the middleware, so only their connections wait the shorter time.
        connection_created.connect(_wait_briefly, dispatch_uid="mosaic.archive_busy.wait")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                _wait_briefly(type(connection), connection)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return busy_response(request)
        return response


def _note_busy(sender, request=None, **kwargs) -> None:
    if request is not None and is_busy_error(sys.exc_info()[1]):
        setattr(request, _MARK, True)


def _not_a_busy_500(record: logging.LogRecord) -> bool:
    return not (getattr(record, "status_code", None) == 500 and record.exc_info and is_busy_error(record.exc_info[1]))


def _wait_briefly(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.execute(f"PRAGMA busy_timeout = {int(WEB_WAIT_SECONDS * 1000)}")


def busy_response(request: HttpRequest) -> HttpResponse:
    holder = writer_lock.holder()
    # In the page's language; the API (outside the language prefix) always answers in English.
    # `what` is the writer's own description ("import of a.jsonl"), English in every language.
    api = request.path.startswith("/api/")
    busy = (gettext("The archive is busy: the %(what)s is running (started %(time)s).")
            % {"what": holder.what, "time": f"{holder.started.astimezone():%H:%M}"}
            if holder else gettext("The archive is busy with another change."))
    changing = request.method not in ("GET", "HEAD", "OPTIONS")
    advice = gettext("Your change was not saved; try again in a minute.") if changing else gettext("Try again in a minute.")
    if api or "application/json" in (request.content_type or "") or (
            "application/json" in request.headers.get("Accept", "") and "text/html" not in request.headers.get("Accept", "")):
        # The API answers errors as {"detail": ...}; the staff pages' JSON calls read {"error": ...}.
        key = "detail" if api else "error"
        response = JsonResponse({key: f"{busy} {advice}"}, status=503)
    else:
        response = render(request, "archive_busy.html", {"busy": busy, "advice": advice, "changing": changing},
                          status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
