"""`mosaic serve --workers N` as a reader meets it: N server processes on one port, pages kept in
the shared cache, and the search time budget enforced in every process."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from mosaic.common.tests.test_quick_start import free_port, run_mosaic


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue  # ended meanwhile
        if int(fields.get("PPid", "0")) == pid:
            found.append(int(status.parent.name))
    return found


@pytest.fixture(scope="module")
def small_home(tmp_path_factory, copy_of_home):
    home = tmp_path_factory.mktemp("served")
    records = home / "records.jsonl"
    records.write_text("".join(json.dumps({
        "id": f"served-{n}", "title": f"Report {n} on the plenum", "type": "report", "date": f"195{n % 10}-08-31",
        "origin_country": "USSR", "status": "published",
        "texts": [{"kind": "translation", "language": "en", "text": "The plenum met in August. " * 40}],
    }) + "\n" for n in range(60)), encoding="utf-8")
    copy_of_home("init", home)
    run_mosaic(home, "ingest", "--no-wait", str(records))
    return home


@contextmanager
def serving(home: Path, log_path: Path, *arguments: str, **environment):
    """`mosaic serve --workers 2 ...` on a free port, up with both its workers; yields (base URL, server)."""
    port = free_port()
    env = {**os.environ, "MOSAIC_HOME": str(home), **environment}
    env.pop("MOSAIC_PAGE_CACHE", None)  # the server's default
    log = log_path.open("wb")
    server = subprocess.Popen([sys.executable, "-m", "mosaic", "serve", "--port", str(port), "--workers", "2", *arguments],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        # The first worker may answer before the second is forked, on a busy machine.
        while len(children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(children(server.pid)) == 2
        yield base, server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
    assert server.returncode == 0, log_path.read_text()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts the worker processes through /proc")
def test_several_workers_serve_share_the_cache_and_keep_the_search_budget(small_home, tmp_path):
    with serving(small_home, tmp_path / "serve.log", MOSAIC_SEARCH_TIME_BUDGET="0.000001") as (base, server):
        # Each request on a new connection, so both workers take some: the budget stops every search.
        for _ in range(12):
            status, headers, body = get(f"{base}/search?q=plenum")
            assert status == 503 and b"Narrow it" in body
            assert get(f"{base}/api/search?q=plenum")[0] == 503
        # The home page is kept after its first answer, whichever worker answers next.
        get(f"{base}/")
        assert all(get(f"{base}/")[1].get("X-Page-Cache") == "hit" for _ in range(6))


def connections_held(pid: int, port: int) -> int:
    """Established TCP connections on the server's port among the sockets process `pid` has open."""
    inodes = set()
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(descriptor)
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    held = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
            held += local_port == port and state == "01" and inode in inodes
    return held


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the workers' connections from /proc")
def test_a_busy_worker_leaves_new_readers_to_the_other_and_none_waits_forever(small_home, tmp_path):
    """Gunicorn's own threaded worker takes every connection it can and keeps it alive: with many
    readers, one process held most of them while the other idled. Here a process holds no more
    connections than it has threads, and every reader is answered."""
    with serving(small_home, tmp_path / "serve.log", "--threads", "1") as (base, server):
        port = int(base.rsplit(":", 1)[1])
        workers = children(server.pid)
        answers, most_held, stop = [], {pid: 0 for pid in workers}, threading.Event()

        def reader():
            for n in range(8):
                status, headers, _ = get(f"{base}/api/search?q=plenum&page={n % 3 + 1}")
                answers.append((status, headers.get("Connection")))

        def watch():
            while not stop.is_set():
                for pid in workers:
                    most_held[pid] = max(most_held[pid], connections_held(pid, port))

        watcher = threading.Thread(target=watch)
        watcher.start()
        readers = [threading.Thread(target=reader) for _ in range(12)]
        for thread in readers:
            thread.start()
        for thread in readers:
            thread.join(timeout=120)
        stop.set()
        watcher.join()
    assert len(answers) == 12 * 8 and {status for status, _ in answers} == {200}
    assert {connection for _, connection in answers} == {"close"}
    # One thread each: a connection being answered, and at most one accepted as it finished.
    assert max(most_held.values()) <= 2, most_held
