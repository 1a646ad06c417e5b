"""Mosaic on a PostgreSQL primary and a streaming read replica, both throwaway servers on loopback
(docs/deploy.md): reads go to the replica, writes and read-after-write to the primary.

The proof that the replica answered a read: its replay of the primary's changes is paused, so a
read that still returns the old value came from it, and one that returns the new value came from
the primary. Mosaic runs in its own process with both variables set, as an operator runs it, and
requests go through the whole middleware stack. Without PostgreSQL this test fails and says what
to install; it never skips."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from mosaic.lib.throwaway_postgres import PostgresUnavailable

# Runs in the Mosaic process. Probe views beside the real URL map report what they read; every
# query's database alias is recorded, and so is which server each alias reaches.
PROBE = r"""
import json, sys, time
from contextlib import ExitStack

import psycopg
from django.conf import settings
from django.db import connections, transaction
from django.http import JsonResponse
from django.test import Client, override_settings
from django.urls import path
from django_tasks_db.models import DBTaskResult

import mosaic.urls
from mosaic.archives.models import Repository
from mosaic.common import db_router

queries = []


def recorder(alias):
    def record(execute, sql, params, many, context):
        queries.append(alias)
        return execute(sql, params, many, context)
    return record


def read_name(request, code):
    return JsonResponse({"name": Repository.objects.get(code=code).name})


def rename_then_read(request, code):
    # A GET on purpose: the revision middleware wraps other methods in a transaction, which would
    # send the read-back to the primary by itself; here only the write's pin can.
    repository = Repository.objects.get(code=code)
    repository.name = request.GET["name"]
    repository.save()
    return JsonResponse({"name": Repository.objects.get(code=code).name,
                         "in_transaction": connections["default"].in_atomic_block})


def read_name_in_transaction(request, code):
    with transaction.atomic():
        return JsonResponse({"name": Repository.objects.get(code=code).name})


def count_jobs(request):
    return JsonResponse({"jobs": DBTaskResult.objects.count()})


urlpatterns = [
    path("probe/read/<code>", read_name),
    path("probe/rename-then-read/<code>", rename_then_read),
    path("probe/read-in-transaction/<code>", read_name_in_transaction),
    path("probe/jobs", count_jobs),
    *mosaic.urls.urlpatterns,
]


def observe(client, url):
    first = len(queries)
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}: {response.content[:2000]!r}")
    answer = response.json() if response["Content-Type"] == "application/json" else None
    return {"answer": answer, "aliases": sorted(set(queries[first:])), "pin_cookie": db_router.PIN_COOKIE in response.cookies}


def server_of(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT inet_server_port(), pg_is_in_recovery()")
        port, in_recovery = cursor.fetchone()
    return {"port": port, "in_recovery": in_recovery}


found = {"routers": settings.DATABASE_ROUTERS,
         "servers": {alias: server_of(connections[alias]) for alias in ("default", "replica")},
         "raw_reads": server_of(db_router.connection_for_reads())}
code = Repository.objects.order_by("code").values_list("code", flat=True).first()
new_name = "Renamed while the replica's replay is paused"

with ExitStack() as stack, override_settings(ROOT_URLCONF=__name__):
    for alias in ("default", "replica"):
        stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
    replica_admin = stack.enter_context(psycopg.connect(REPLICA_ADMIN_URL, autocommit=True))
    replica_admin.execute("SELECT pg_wal_replay_pause()")
    while replica_admin.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] != "paused":
        time.sleep(0.01)

    saver, reader = Client(), Client()
    found["before"] = observe(reader, f"/probe/read/{code}")
    found["rename"] = observe(saver, f"/probe/rename-then-read/{code}?name={new_name}")
    found["saver_next_request"] = observe(saver, f"/probe/read/{code}")
    found["reader_while_paused"] = observe(reader, f"/probe/read/{code}")
    found["reader_in_transaction"] = observe(reader, f"/probe/read-in-transaction/{code}")
    found["reader_jobs"] = observe(reader, "/probe/jobs")
    found["reader_home_page"] = observe(reader, "/")
    found["reader_search"] = observe(reader, "/api/search?q=plenum")
    found["saver_search"] = observe(saver, "/api/search?q=plenum")

    replica_admin.execute("SELECT pg_wal_replay_resume()")
    started = time.monotonic()
    while observe(reader, f"/probe/read/{code}")["answer"]["name"] != new_name:
        if time.monotonic() - started > 10:
            sys.exit("the replica did not catch up within 10 s of resuming replay")
        time.sleep(0.02)
    found["reader_after_replay"] = observe(reader, f"/probe/read/{code}")

    # Outside any request, as in a management command: the replica until it writes, then the primary.
    first = len(queries)
    repository = Repository.objects.get(code=code)
    read_before_writing = queries[first:]
    repository.name = "Renamed by a command"
    first = len(queries)
    repository.save()
    written = queries[first:]
    first = len(queries)
    Repository.objects.filter(code=code).exists()
    found["command"] = {"read_before_writing": sorted(set(read_before_writing)), "write": sorted(set(written)),
                        "read_after_writing": sorted(set(queries[first:]))}

found["new_name"] = new_name
print(json.dumps(found))
"""


def run_mosaic(environment, *arguments, code=None):
    """`mosaic ARGUMENTS` (or, with `code`, a Python script with Django set up) in its own process."""
    command = [sys.executable, "-m", "mosaic", *arguments] if code is None else [sys.executable, "-c", code]
    result = subprocess.run(command, env={**os.environ, **environment}, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command[:4])} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}", pytrace=False)
    return result.stdout


@pytest.fixture(scope="module")
def replica_of(postgres_server):
    """A streaming replica of the session's throwaway PostgreSQL server."""
    try:
        replica = postgres_server.start_replica()
    except PostgresUnavailable as error:
        pytest.fail(f"this test needs PostgreSQL's pg_basebackup and a replica: {error}", pytrace=False)
    yield replica
    replica.stop()


def test_reads_go_to_the_replica_and_writes_and_reads_after_writes_to_the_primary(tmp_path, postgres_server, replica_of):
    primary_url = postgres_server.create_database("replica_router")
    replica = replica_of
    replica.wait_for_replay()  # the new database has reached the replica
    environment = {"MOSAIC_HOME": str(tmp_path / "home"), "MOSAIC_DATABASE_URL": primary_url,
                   "MOSAIC_REPLICA_DATABASE_URL": replica.url("replica_router"), "MOSAIC_REPLICA_PIN_SECONDS": "30"}
    run_mosaic(environment, "init")  # migrates the primary; the replica receives the tables by replication
    prelude = ("import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mosaic.settings')\ndjango.setup()\n"
               f"REPLICA_ADMIN_URL = {replica.url('postgres')!r}\n")
    found = json.loads(run_mosaic(environment, code=prelude + textwrap.dedent(PROBE)).splitlines()[-1])

    assert found["routers"] == ["mosaic.common.db_router.PrimaryReplicaRouter"]
    # Each alias reaches the server it should: the primary, and the replica in recovery (a standby).
    assert found["servers"] == {"default": {"port": postgres_server.port, "in_recovery": False},
                                "replica": {"port": replica.port, "in_recovery": True}}
    assert found["raw_reads"]["port"] == replica.port

    before, new_name = found["before"]["answer"]["name"], found["new_name"]
    assert found["before"]["aliases"] == ["replica"] and not found["before"]["pin_cookie"]

    # The request that writes reads its own write back from the primary, without a transaction.
    rename = found["rename"]
    assert rename["answer"] == {"name": new_name, "in_transaction": False}
    assert rename["aliases"] == ["default", "replica"] and rename["pin_cookie"]  # read, write, read back
    # Its browser's next request reads the primary too (the pin cookie) and sees the save ...
    assert found["saver_next_request"]["answer"]["name"] == new_name
    assert found["saver_next_request"]["aliases"] == ["default"]
    # ... while another reader still reads the paused replica, which has not seen it.
    assert found["reader_while_paused"]["answer"]["name"] == before != new_name
    assert found["reader_while_paused"]["aliases"] == ["replica"]
    # A transaction reads the primary; the job queue is read there always.
    assert found["reader_in_transaction"] == {"answer": {"name": new_name}, "aliases": ["default"], "pin_cookie": False}
    assert found["reader_jobs"]["aliases"] == ["default"]
    # A real page reads the replica.
    assert "replica" in found["reader_home_page"]["aliases"]

    # Searches (raw SQL in the search backend, and the facet bitmaps' generation) read the replica,
    # and the primary once the reader has written.
    assert found["reader_search"]["aliases"] == ["replica"]
    assert found["saver_search"]["aliases"] == ["default"]

    # Once replay resumes, the write reaches the replica, and readers read it there.
    assert found["reader_after_replay"] == {"answer": {"name": new_name}, "aliases": ["replica"], "pin_cookie": False}

    # A command reads the replica until it writes; then it reads the primary.
    assert found["command"] == {"read_before_writing": ["replica"], "write": ["default"], "read_after_writing": ["default"]}
