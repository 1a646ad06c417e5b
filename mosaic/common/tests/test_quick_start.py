"""The quick start as a user runs it: init, demo (twice), serve, and a request to the running server."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def run_mosaic(home, *args, check=True):
    env = {**os.environ, "MOSAIC_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "mosaic", *args], env=env, capture_output=True, text=True, check=check, timeout=300)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    run_mosaic(home, "init")
    first = run_mosaic(home, "demo")
    second = run_mosaic(home, "demo")
    return home, first.stdout, second.stdout


def test_demo_loads_and_reloading_changes_nothing(demo_home):
    home, first, second = demo_home
    assert "frus1969-76v19p1_excerpt_d2-d5.xml: 4 created" in first
    assert "wilson_records_dev.tsv: 129 created" in first
    assert "4 unchanged" in second and "129 unchanged" in second and " created, " in second
    assert "1 created" not in second
    assert "accessions.jsonl: 2 created" in first and "2 page(s) read" in first
    assert "0 page(s) read, 2 reused" in second
    assert (home / "mosaic.sqlite3").exists() and (home / "secret_key").exists()


def test_serve_answers_with_the_demo_archive(demo_home):
    home, *_ = demo_home
    port = free_port()
    env = {**os.environ, "MOSAIC_HOME": str(home)}
    server = subprocess.Popen([sys.executable, "-m", "mosaic", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert "140</strong> published documents" in body
        assert "The 1956 August Plenum" in body
        assert json.loads(fetch(f"http://127.0.0.1:{port}/healthz")[1]) == {"status": "ok", "documents": 140}
        assert fetch(f"http://127.0.0.1:{port}/static/mosaic/site.css")[0] == 200
        assert fetch(f"http://127.0.0.1:{port}/admin/login/")[0] == 200
        status, body = fetch(f"http://127.0.0.1:{port}/search?q=Puzanov")
        assert status == 200 and "Journal of Soviet Ambassador to the DPRK A.M. Puzanov for 31 August 1957" in body
        api = json.loads(fetch(f"http://127.0.0.1:{port}/api/search?q=Puzanov&per_page=50")[1])
        titles = [r["title"] for r in api["results"]]
        assert api["total"] == len(titles) >= 13
        assert all("Puzanov" in title or "Puzanov" in r["snippet"] for title, r in zip(titles, api["results"]))
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_cite_parse_json_from_the_command_line(tmp_path):
    line = "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303. Obtained and translated for NKIDP by James F. Person."
    result = run_mosaic(tmp_path, "cite", "parse", line, "--json")
    assert json.loads(result.stdout) == {
        "repository": {"code": "RGANI", "name": "Russian State Archive of Contemporary History"},
        "units": [{"type": "fond", "value": "5"}, {"type": "opis", "value": "28"}, {"type": "delo", "value": "410"}],
        "folios": {"start": 301, "end": 303},
        "credits": [
            {"role": "obtained", "name": "James F. Person", "for": "NKIDP"},
            {"role": "translated", "name": "James F. Person", "for": "NKIDP"},
        ],
        "unparsed": "",
    }


def test_ingest_of_a_bad_file_exits_non_zero_and_names_the_line(demo_home, tmp_path):
    home, *_ = demo_home
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a-1", "title": "Fine"}\n{"id": "a-2", "title": "Leap", "date": "1955-02-29"}\n', encoding="utf-8")
    result = run_mosaic(home, "ingest", str(bad), check=False)
    assert result.returncode != 0
    assert f"{bad}:2: " in result.stderr and "1955-02-29" in result.stderr
