"""Real `mosaic worker` processes on a real queue (a throwaway installation in a temporary folder):
a job outlives `kill -9` of its worker, workers run jobs side by side, and `mosaic ingest` with no
worker running still leaves the archive complete."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

MOSAIC = [sys.executable, "-m", "mosaic"]


@pytest.fixture(scope="module")
def initialised(tmp_path_factory, copy_of_home):
    """One initialised archive for the module; each test copies its database."""
    return copy_of_home("init", tmp_path_factory.mktemp("initialised"))


@pytest.fixture
def home(initialised, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(initialised, home)
    return home


def _environment(home: Path) -> dict:
    # Lease of 2 s: a killed worker's job is taken up again within seconds, not a minute.
    return {**os.environ, "MOSAIC_HOME": str(home), "MOSAIC_JOBS_RUN": "worker", "MOSAIC_JOBS_LEASE_SECONDS": "2"}


def _mosaic(home: Path, *arguments: str) -> str:
    done = subprocess.run([*MOSAIC, *arguments], env=_environment(home), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _enqueue(home: Path, call: str) -> None:
    _mosaic(home, "shell", "-c", f"from mosaic.jobs.tests import sample_jobs; sample_jobs.{call}")


def _jobs(home: Path) -> list[tuple[str, list]]:
    with sqlite3.connect(home / "mosaic.sqlite3") as database:
        rows = database.execute("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at").fetchall()
    return [(status, json.loads(worker_ids)) for status, worker_ids in rows]


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def _worker(home: Path, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen([*MOSAIC, "worker", "--interval", "0.2", *arguments], env=_environment(home),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_job_survives_kill_9_of_its_worker(home, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    _enqueue(home, f"slow_then_quick.enqueue({str(work)!r})")
    first = _worker(home)
    try:
        _wait_for((work / "started.txt").exists, 60, "the first worker to start the job")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    [(status, workers)] = _jobs(home)
    assert status == "RUNNING" and len(workers) == 1 and not (work / "done.txt").exists()

    second = _worker(home)
    try:
        _wait_for(lambda: _jobs(home)[0][0] == "SUCCESSFUL", 60, "the job to be done by the second worker")
    finally:
        second.terminate()
        second.wait(timeout=30)
    [(status, workers)] = _jobs(home)
    assert (work / "done.txt").read_text() == "done"
    assert len(workers) == 2 and workers[0] != workers[1]  # two attempts, by the two workers


def test_concurrent_workers_run_jobs_side_by_side(home, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    _enqueue(home, f"takes_a_while.enqueue({str(work)!r}, 'a', 3); sample_jobs.takes_a_while.enqueue({str(work)!r}, 'b', 3)")
    supervisor = subprocess.run([*MOSAIC, "worker", "--concurrency", "2", "--batch", "--interval", "0.2"],
                                env=_environment(home), capture_output=True, text=True, timeout=120)
    assert supervisor.returncode == 0, supervisor.stderr
    assert [status for status, _ in _jobs(home)] == ["SUCCESSFUL", "SUCCESSFUL"]
    start_a, end_a, start_b, end_b = (float((work / name).read_text()) for name in ("a.start", "a.end", "b.start", "b.end"))
    assert start_a < end_b and start_b < end_a  # they overlapped


def test_ingest_without_a_worker_finishes_the_derived_work_itself(home, tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({
        "id": "queue-memo-1", "title": "Conversation with Kim Il Sung", "date": "1956-10-02", "status": "published",
        "texts": [{"kind": "translation", "language": "en", "text": "Kim Il Sung said that the Koreans must be educated."}],
    }) + "\n", encoding="utf-8")
    output = _mosaic(home, "ingest", str(records))
    assert "Computing language markers and name links here" in output
    with sqlite3.connect(home / "mosaic.sqlite3") as database:
        marked = database.execute("SELECT COUNT(*) FROM lens_layermarkerstats").fetchone()[0]
        linked = database.execute("SELECT COUNT(*) FROM corpus_namelink").fetchone()[0]
        pending = database.execute("SELECT COUNT(*) FROM changes_pendinganalysis").fetchone()[0]
        left = database.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status != 'SUCCESSFUL'").fetchone()[0]
    assert (marked, pending, left) == (1, 0, 0)
    assert linked >= 1
