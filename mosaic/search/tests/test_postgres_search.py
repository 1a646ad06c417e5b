"""The search tests again, on PostgreSQL: the same behaviour checks (queries, diacritics, Korean
and Chinese substrings, snippets, facets, date overlap, sorts, limits, the time budget, pages,
API and CLI) run through the PostgreSQL backend.

They run in a second pytest process with MOSAIC_TEST_POSTGRES pointing at the throwaway server
this session started, because Django's database is chosen once per process. Without PostgreSQL
this test fails, saying what to install (`make test` installs it first)."""
import os
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
TESTS = Path(__file__).resolve().parent.relative_to(PROJECT)
# Every test here that touches the database. Left out: test_search_load.py and the command-line
# test of test_search_limits.py, which run `mosaic` in a subprocess under a MOSAIC_HOME of their
# own (on SQLite), and the browser tests, whose searches are the page tests' searches.
FILES = ["test_search.py", "test_search_limits.py", "test_pages_api_cli.py", "test_postgres_backend.py", "test_facet_bitmaps.py"]
DESELECTED = ["test_search_limits.py::test_the_command_line_says_it_in_one_line_and_exits_non_zero"]


def test_the_search_tests_pass_on_postgres(postgres_server):
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfE", *(str(TESTS / name) for name in FILES)]
    for test in DESELECTED:
        command += ["--deselect", str(TESTS / test)]
    env = {**os.environ, "MOSAIC_TEST_POSTGRES": postgres_server.url("search_tests")}
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert "database: PostgreSQL" in output, output[-5000:]
    assert result.returncode == 0, f"the search tests failed on PostgreSQL:\n{output[-10000:]}"
    passed = re.search(r"(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 80, output[-2000:]
