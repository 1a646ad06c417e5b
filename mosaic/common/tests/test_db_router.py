"""The primary/replica router and its middleware, without a replica: the router is asked directly
where each read and write goes (test_replica_router.py runs it against a real primary and replica)."""
import contextvars
import time

import pytest
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from mosaic.archives.models import Repository
from mosaic.changes.models import PendingAnalysis
from mosaic.common import db_router
from mosaic.common.db_router import (PIN_COOKIE, PRIMARY, REPLICA, PinToPrimaryMiddleware, PrimaryReplicaRouter,
                                     pinned_to_primary)
from mosaic.corpus.models import Document
from mosaic.jobs.models import WorkerProcess


@pytest.fixture
def with_replica(monkeypatch):
    """As if MOSAIC_REPLICA_DATABASE_URL were set (the router only asks whether it is)."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)


@pytest.fixture
def router(with_replica):
    return PrimaryReplicaRouter()


def in_new_context(function):
    """Run `function` as a new request, command or thread would: with no pin yet."""
    return contextvars.Context().run(function)


def test_reads_go_to_the_replica_and_writes_to_the_primary(router):
    def reads_and_writes():
        return router.db_for_read(Document), router.db_for_write(Document)

    assert in_new_context(reads_and_writes) == (REPLICA, PRIMARY)


def test_after_a_write_every_read_of_that_context_goes_to_the_primary(router):
    def write_then_read():
        before = router.db_for_read(Repository)
        router.db_for_write(Document)
        return before, router.db_for_read(Repository), router.db_for_read(Document)

    assert in_new_context(write_then_read) == (REPLICA, PRIMARY, PRIMARY)
    assert in_new_context(lambda: router.db_for_read(Document)) == REPLICA  # another context is not pinned


def test_saving_a_session_does_not_pin(router):
    from django.contrib.sessions.models import Session

    def save_session_then_read():
        router.db_for_write(Session)
        return router.db_for_read(Document)

    assert in_new_context(save_session_then_read) == REPLICA


def test_the_job_queue_sessions_sign_in_locks_and_a_cache_table_are_read_on_the_primary_only(router):
    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    from django.core.cache.backends.db import DatabaseCache

    cache_table = DatabaseCache("mosaic_cache", {}).cache_model_class
    for model in (DBTaskResult, WorkerProcess, PendingAnalysis, Session, AccessAttempt, cache_table):
        assert in_new_context(lambda: router.db_for_read(model)) == PRIMARY, model


@pytest.mark.django_db(transaction=True)  # not wrapped in the test's own transaction
def test_inside_a_transaction_on_the_primary_reads_go_to_the_primary(router):
    def read_in_and_out_of_a_transaction():
        outside = router.db_for_read(Document)
        with transaction.atomic():
            inside = router.db_for_read(Document)
        return outside, inside, router.db_for_read(Document)

    assert in_new_context(read_in_and_out_of_a_transaction) == (REPLICA, PRIMARY, REPLICA)


@pytest.mark.django_db
def test_a_worker_reads_the_primary_from_its_first_job_on(with_replica, settings):
    """Its first heartbeat, written before it claims any job, pins it: a job never reads a document
    from a replica that has not yet received the change that queued the job."""
    from mosaic.jobs.worker import MosaicWorker

    settings.DATABASE_ROUTERS = ["mosaic.common.db_router.PrimaryReplicaRouter"]

    def start_worker():
        MosaicWorker(batch=True, interval=0)._beat()
        return pinned_to_primary()  # not alias_for_reads(): the test's own transaction sends every read to the primary

    assert in_new_context(start_worker) is True


def test_what_an_object_from_the_primary_leads_to_is_read_there(router):
    from_primary, from_replica = Repository(code="A"), Repository(code="B")
    from_primary._state.db, from_replica._state.db = PRIMARY, REPLICA
    assert in_new_context(lambda: router.db_for_read(Document, instance=from_primary)) == PRIMARY
    assert in_new_context(lambda: router.db_for_read(Document, instance=from_replica)) == REPLICA
    assert router.allow_relation(from_primary, from_replica) is True


def test_migrations_run_on_the_primary_only(router):
    assert router.allow_migrate(PRIMARY, "corpus") is True
    assert router.allow_migrate(REPLICA, "corpus") is False
    assert router.allow_migrate(REPLICA, "django_tasks_db") is False


def test_without_a_replica_everything_reads_the_primary():
    assert db_router.replica_configured() is False  # the test settings have one database
    assert in_new_context(db_router.alias_for_reads) == PRIMARY
    assert in_new_context(lambda: db_router.connection_for_reads().alias) == PRIMARY
    with pytest.raises(MiddlewareNotUsed):
        PinToPrimaryMiddleware(lambda request: HttpResponse())


# --- the middleware -------------------------------------------------------------------------------


def writing_view(request):
    PrimaryReplicaRouter().db_for_write(Document)
    return HttpResponse(db_router.alias_for_reads())


def reading_view(request):
    return HttpResponse(db_router.alias_for_reads())


def call(view, cookies=None):
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    return in_new_context(lambda: PinToPrimaryMiddleware(view)(request))


def test_a_request_that_wrote_reads_the_primary_and_pins_the_browser_for_a_few_seconds(with_replica, settings):
    settings.MOSAIC_REPLICA_PIN_SECONDS = 5
    assert call(reading_view).content == b"replica"
    assert PIN_COOKIE not in call(reading_view).cookies

    wrote = call(writing_view)
    assert wrote.content == b"default"
    cookie = wrote.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 5 and cookie["httponly"] and cookie["samesite"] == "Lax"

    pinned = call(reading_view, {PIN_COOKIE: cookie.value})
    assert pinned.content == b"default"
    assert PIN_COOKIE not in pinned.cookies  # reading does not extend the pin; only another write does


def test_the_pin_cookie_expires_and_cannot_be_forged(with_replica, settings, monkeypatch):
    settings.MOSAIC_REPLICA_PIN_SECONDS = 5
    written_at = time.time() - 6
    with monkeypatch.context() as earlier:
        earlier.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(written_at)))
        stale = call(writing_view).cookies[PIN_COOKIE].value
    assert call(reading_view, {PIN_COOKIE: stale}).content == b"replica"
    assert call(reading_view, {PIN_COOKIE: "1"}).content == b"replica"


def test_the_pin_ends_with_the_request(with_replica):
    def request_then_read():
        PinToPrimaryMiddleware(writing_view)(RequestFactory().post("/"))
        return pinned_to_primary(), db_router.alias_for_reads()

    assert in_new_context(request_then_read) == (False, REPLICA)


def test_a_pin_lasting_zero_seconds_sets_no_cookie(with_replica, settings):
    settings.MOSAIC_REPLICA_PIN_SECONDS = 0
    wrote = call(writing_view)
    assert wrote.content == b"default" and PIN_COOKIE not in wrote.cookies


# --- settings --------------------------------------------------------------------------------------


def test_a_replica_needs_a_primary(monkeypatch):
    from mosaic import settings as mosaic_settings

    monkeypatch.delenv("MOSAIC_DATABASE_URL", raising=False)
    monkeypatch.setenv("MOSAIC_REPLICA_DATABASE_URL", "postgresql://mosaic:secret@replica.example.org/mosaic")
    with pytest.raises(ImproperlyConfigured, match="MOSAIC_DATABASE_URL names no primary"):
        mosaic_settings._replica_database()

    monkeypatch.setenv("MOSAIC_DATABASE_URL", "postgresql://mosaic:secret@primary.example.org/mosaic")
    replica = mosaic_settings._replica_database()
    assert (replica["HOST"], replica["TEST"]) == ("replica.example.org", {"MIRROR": "default"})

    monkeypatch.setenv("MOSAIC_REPLICA_DATABASE_URL", "mysql://mosaic@replica.example.org/mosaic")
    with pytest.raises(ImproperlyConfigured, match="MOSAIC_REPLICA_DATABASE_URL must name a PostgreSQL database"):
        mosaic_settings._replica_database()
