"""The subject, place and person facets, the search map, imports with tags (PostgreSQL writes new
records' links with COPY), history restores and the timeline filters, again on PostgreSQL: run
in a second pytest process pointed at this session's throwaway server, as the search tests are
(Django picks its database once per process)."""
import os
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
TESTS = Path(__file__).resolve().parent.relative_to(PROJECT)
FILES = ["test_facets.py", "test_ingest_and_history.py", "test_timeline_filters.py"]


def test_the_subject_tests_pass_on_postgres(postgres_server):
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfE", *(str(TESTS / name) for name in FILES)]
    env = {**os.environ, "MOSAIC_TEST_POSTGRES": postgres_server.url("subjects_tests")}
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert "database: PostgreSQL" in output, output[-5000:]
    assert result.returncode == 0, f"the subject tests failed on PostgreSQL:\n{output[-10000:]}"
    passed = re.search(r"(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 14, output[-2000:]
