"""`mosaic serve --workers N` as a reader meets it: N server processes on one port, pages kept in
the shared cache, and the search time budget enforced in every process."""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts the worker processes through /proc")
def test_several_workers_serve_share_the_cache_and_keep_the_search_budget(small_home, tmp_path):
    port = free_port()
    env = {**os.environ, "MOSAIC_HOME": str(small_home), "MOSAIC_SEARCH_TIME_BUDGET": "0.000001"}
    env.pop("MOSAIC_PAGE_CACHE", None)  # the server's default
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "mosaic", "serve", "--port", str(port), "--workers", "2"],
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
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        # The first worker may answer before the second is forked, on a busy machine.
        while len(children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(children(server.pid)) == 2
        # Each request on a new connection, so both workers take some: the budget stops every search.
        for _ in range(12):
            status, headers, body = get(f"{base}/search?q=plenum")
            assert status == 503 and b"Narrow it" in body
            assert get(f"{base}/api/search?q=plenum")[0] == 503
        # The home page is kept after its first answer, whichever worker answers next.
        get(f"{base}/")
        assert all(get(f"{base}/")[1].get("X-Page-Cache") == "hit" for _ in range(6))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
    assert server.returncode == 0, (tmp_path / "serve.log").read_text()
