"""The load the outside probe put on the public site, against the real server: `mosaic serve`
(waitress) on the loopback interface, twenty long searches at once, and the health check must
keep answering within a second while they run.

Before the query limits and the time budget, four 100 KB searches held the server for over
twenty minutes and /healthz stopped answering."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from mosaic.lib.search_query import LIMITS

SEARCHES = 20
HEALTH_WITHIN = 1.0  # seconds
REQUEST_TIMEOUT = 60  # seconds: a search still running by then fails the test instead of hanging it
# Each search is as long as the query limit allows, a few words repeated (what made the old
# engine quadratic), or 100 KB of them (refused with a 400 before any search).
LONGEST = ("Kim Il Sung plenum Pyongyang embassy faction " * 30)[:LIMITS.characters].rsplit(" ", 1)[0]
HUGE = "Kim Il Sung plenum Pyongyang " * 3500


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def server(served_home, tmp_path):
    port = _free_port()
    env = {**os.environ, "MOSAIC_HOME": str(served_home)}
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "mosaic", "serve", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(f"{base}/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the server did not start within 30 s"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_twenty_long_searches_at_once_leave_the_health_check_answering(server):
    urls = []
    for n in range(SEARCHES):
        path = "/api/search" if n % 2 else "/search"
        query = HUGE if n % 4 in (2, 3) else LONGEST
        urls.append((query is HUGE, f"{server}{path}?{urllib.parse.urlencode({'q': query, 'page': str(1 + n % 3)})}"))

    health: list[tuple[int, float, int]] = []  # (status, seconds, searches still running when asked)
    with ThreadPoolExecutor(max_workers=SEARCHES) as pool:
        futures = [pool.submit(_get, url, REQUEST_TIMEOUT) for _, url in urls]
        deadline = time.monotonic() + REQUEST_TIMEOUT + 10
        while time.monotonic() < deadline:
            running = sum(not f.done() for f in futures)
            if not running:
                break
            started = time.monotonic()
            status, body = _get(f"{server}/healthz", timeout=10)
            health.append((status, time.monotonic() - started, running))
            assert json.loads(body)["status"] == "ok"
            time.sleep(0.05)
        answers = [f.result() for f in futures]

    asked_while_busy = [(status, seconds) for status, seconds, running in health if running]
    assert asked_while_busy, "the searches ended before the health check could be asked"
    assert all(status == 200 for status, _ in asked_while_busy)
    slowest = max(seconds for _, seconds in asked_while_busy)
    assert slowest < HEALTH_WITHIN, f"/healthz took {slowest:.2f} s while the searches ran"

    for (huge, url), (status, body) in zip(urls, answers):
        if huge:
            assert status == 400 and b"Mosaic reads at most 1,000" in body, url[:120]
        else:
            # Searched, or stopped by the time budget with its clear answer.
            assert status in (200, 503), (status, url[:120])
            assert b"Traceback" not in body
    assert any(status == 200 for (huge, _), (status, _) in zip(urls, answers) if not huge)
