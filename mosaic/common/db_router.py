"""Reads from a PostgreSQL read replica, writes to the primary (docs/deploy.md).

Installed only when MOSAIC_REPLICA_DATABASE_URL names a replica beside MOSAIC_DATABASE_URL: the
primary is Django's "default" database, the replica "replica". A replica lags its primary (by
well under a second when healthy), so whoever has just written reads the primary instead, and
sees their write:

- within one request, command or worker process: the first write pins that context to the
  primary, and every later read follows it there (a request starts unpinned again);
- inside `transaction.atomic()` on the primary, every read goes there: a transaction reads what
  it writes, and rows it locks (select_for_update) exist only there;
- across requests: a request that wrote gives the browser a signed cookie that pins its next
  requests to the primary for MOSAIC_REPLICA_PIN_SECONDS, so a curator who saves sees the save
  on the page the save redirects to.

Some tables are read and written on the primary only, whatever the pin: the job queue and the
change service's rows (a worker must never miss, or run twice, a job because the replica has not
caught up), sessions and sign-in throttling (a new sign-in or lock must count at once on every
machine), and a database cache table. Migrations run on the primary only; the replica receives
their effects by replication.

Raw SQL through `django.db.connection` goes to the primary, as it names "default";
`connection_for_reads()` is the connection a read of the archive's tables should use instead.
"""
from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

# Apps whose tables are read from the primary only.
PRIMARY_ONLY_APPS = frozenset({
    "django_tasks_database",  # the job queue (django-tasks-db's app label)
    "jobs",  # worker heartbeats
    "changes",  # PendingAnalysis: what the queue is still computing
    "sessions",
    "axes",  # failed sign-ins and locks
    "django_cache",  # DatabaseCache's table, should CACHES use one
})
# Writes that are bookkeeping rather than archive data, so they do not pin: a page view that only
# saves its session or fills a cache entry reads the replica as before.
UNPINNING_APPS = frozenset({"sessions", "django_cache"})

PIN_COOKIE = "mosaic_primary"
PIN_COOKIE_SALT = "mosaic.common.db_router.pin"


@dataclass(frozen=True)
class _Pin:
    pinned: bool = False  # reads go to the primary
    wrote: bool = False  # this context wrote archive data (so a request sets the pin cookie)


# A context variable, not a thread-local: each request, command and worker thread has its own,
# and async code carries its own too. The middleware resets it at the end of every request.
_pin: contextvars.ContextVar[_Pin] = contextvars.ContextVar("mosaic_primary_pin", default=_Pin())


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def pinned_to_primary() -> bool:
    return _pin.get().pinned


def note_write() -> None:
    """This context wrote: its later reads go to the primary."""
    _pin.set(_Pin(pinned=True, wrote=True))


def alias_for_reads() -> str:
    """Where a read of the archive's tables goes now: the primary if there is no replica, if this
    context has written, or inside a transaction on the primary; otherwise the replica."""
    if not replica_configured() or pinned_to_primary() or connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return REPLICA


def connection_for_reads():
    """The connection for raw SQL that only reads (what `django.db.connection` is for writes)."""
    return connections[alias_for_reads()]


class PrimaryReplicaRouter:
    """Django's database router for a primary ("default") and its read replica ("replica")."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        instance = hints.get("instance")
        if instance is not None and instance._state.db == PRIMARY:
            return PRIMARY  # what an object read from (or saved to) the primary leads to is read there too
        return alias_for_reads()

    def db_for_write(self, model, **hints):
        if model._meta.app_label not in UNPINNING_APPS:
            note_write()
        return PRIMARY

    def allow_relation(self, first, second, **hints):
        if {first._state.db, second._state.db} <= {PRIMARY, REPLICA}:
            return True  # the same database, seen through two servers
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PinToPrimaryMiddleware:
    """Starts each request unpinned (or pinned, if its pin cookie is still valid), ends it with its
    pin cleared, and gives a request that wrote the pin cookie for MOSAIC_REPLICA_PIN_SECONDS."""

    def __init__(self, get_response):
        if not replica_configured():
            raise MiddlewareNotUsed  # one database: nothing to choose between
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.MOSAIC_REPLICA_PIN_SECONDS
        # Signed, so the cookie cannot be forged to send a crawler's reads to the primary; its
        # signature carries the time it was set, and it counts for `seconds` after that.
        pinned = request.get_signed_cookie(PIN_COOKIE, default=None, salt=PIN_COOKIE_SALT, max_age=seconds) is not None
        token = _pin.set(_Pin(pinned=pinned))
        try:
            response = self.get_response(request)
            if _pin.get().wrote and seconds > 0:
                response.set_signed_cookie(PIN_COOKIE, "1", salt=PIN_COOKIE_SALT, max_age=seconds, httponly=True,
                                           samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
            return response
        finally:
            _pin.reset(token)
