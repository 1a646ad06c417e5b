"""Every hostile import file of `hostile/generate.py` through `mosaic ingest`.

The files are run once, in-process through the management command, inside one outer transaction
that is rolled back at the end (each file's own transaction is then a savepoint, committed or
undone exactly as on its own). For each file the test checks: a refused file prints one-line
errors naming the file (and the line, where there is one) and changes no row and no stored file;
an accepted one belongs to a class docs/ingest-format.md documents and prints exactly the warnings
expected; no traceback ever; each file done in under 10 s (a hang guard, not a benchmark); the
corpus imported before the hostile files is untouched at the end of each. A few files also go
through a real `mosaic` process, to prove nothing but the message reaches the terminal.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from mosaic.ingest.tests.conftest import FIXTURES
from mosaic.ingest.tests.hostile.generate import Case, big_layer_file, generate, many_agents_file

DOCS = Path(__file__).resolve().parents[3] / "docs" / "ingest-format.md"
SECONDS_PER_FILE = 10
MOSAIC = Path(sys.executable).with_name("mosaic")


def _models():
    from mosaic.corpus.models import Credit, Document, DocumentAgent, Locator, TextLayer
    from mosaic.entities.models import Agent
    from mosaic.preservation.models import Accession, AccessionFile, ArchivalFile, DocumentFile, StoredFile

    return [Document, TextLayer, DocumentAgent, Agent, Credit, Locator, DocumentFile, StoredFile, Accession,
            AccessionFile, ArchivalFile]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in _models()}


def stored_files(store: Path) -> list[str]:
    return sorted(str(path.relative_to(store)) for path in store.rglob("*") if path.is_file()) if store.exists() else []


def corpus_state() -> list[tuple]:
    from mosaic.corpus.models import Document

    return list(Document.objects.filter(public_id__startswith="test-").order_by("public_id")
                .values_list("public_id", "import_fingerprint", "modified"))


@dataclass
class Outcome:
    case: Case
    path: Path
    refused: bool
    stdout: str
    stderr: str
    seconds: float
    rows_before: dict
    rows_after: dict
    store_before: list
    store_after: list
    corpus_intact: bool
    crash: str = ""


def odd_input_table() -> str:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## Odd input")
    return text[start: text.index("\n## ", start + 1)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, django_db_setup, django_db_blocker):
    root = tmp_path_factory.mktemp("hostile")
    store = root / "store"
    outcomes: dict[str, Outcome] = {}
    with django_db_blocker.unblock(), override_settings(MOSAIC_FILE_STORE=store, MOSAIC_DERIVATIVES=root / "derivatives"):
        with transaction.atomic():
            from mosaic.archives.seed import load_repositories

            load_repositories()
            call_command("ingest", str(FIXTURES / "letters.jsonl"), stdout=io.StringIO(), stderr=io.StringIO())
            corpus = corpus_state()
            assert len(corpus) == 2
            for case in CASES:
                outcomes[case.folder] = run(case, FILES, store, corpus)
            transaction.set_rollback(True)
    return outcomes


def run(case: Case, root: Path, store: Path, corpus: list) -> Outcome:
    path = root / case.folder / case.file
    stdout, stderr = io.StringIO(), io.StringIO()
    rows_before, store_before = row_counts(), stored_files(store)
    refused, crash = False, ""
    started = time.monotonic()
    try:
        call_command("ingest", str(path), stdout=stdout, stderr=stderr)
    except CommandError:
        refused = True
    except BaseException as error:  # reported by the case's test, with the exception
        import traceback

        crash = "".join(traceback.format_exception(error))
    seconds = time.monotonic() - started
    return Outcome(case, path, refused, stdout.getvalue(), stderr.getvalue(), seconds, rows_before, row_counts(),
                   store_before, stored_files(store), corpus_state() == corpus, crash)


def _generated() -> tuple[Path, list[Case]]:
    # Written once per test run, at collection, so the cases can be test ids; about 2 s, most of
    # it the three 17 MB over-long lines.
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="mosaic-hostile-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder, generate(folder)


FILES, CASES = _generated()
CASE_IDS = [case.folder for case in CASES]


def test_the_suite_is_large_and_covers_every_format():
    assert len(CASE_IDS) >= 500
    for kind in ("jsonl", "csv", "tsv", "tei", "acc"):
        assert sum(f"-{kind}-" in f"-{name.split('-', 1)[1]}" for name in CASE_IDS) >= 40, kind


@pytest.mark.parametrize("folder", CASE_IDS)
def test_hostile_file(hostile, folder):
    outcome = hostile[folder]
    case = outcome.case
    assert not outcome.crash, outcome.crash
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert outcome.seconds < SECONDS_PER_FILE, f"{folder} took {outcome.seconds:.1f} s"
    assert outcome.corpus_intact, "the corpus imported before the hostile files changed"
    assert not [name for name in outcome.store_after if name.startswith("incoming/")], "a temporary file was left"
    lines = outcome.stderr.splitlines()
    # Every message is one line and echoes input only in short: the longest file name of the
    # suite plus a message stays far under this.
    assert all(len(line) < len(str(outcome.path)) + 700 for line in lines), max(lines, key=len)
    if case.expect == "refused":
        assert outcome.refused, f"accepted, expected refusal with {case.detail!r}: {outcome.stdout}"
        errors = [line for line in lines if line.startswith(f"{outcome.path}:") and ": rejected, nothing stored" not in line]
        assert errors, outcome.stderr
        prefix = f"{outcome.path}:{case.line}: " if case.line else f"{outcome.path}:"
        assert any(line.startswith(prefix) and case.detail in line for line in errors), (case.detail, case.line, errors)
        assert outcome.rows_after == outcome.rows_before, "a refused file changed the database"
        assert outcome.store_after == outcome.store_before, "a refused file left bytes in the store"
    else:
        assert not outcome.refused, f"refused, expected accepted ({case.detail}): {outcome.stderr}"
        assert f"\n| {case.detail} |" in odd_input_table(), f'class "{case.detail}" is not a row of "Odd input" in docs/ingest-format.md'
        warnings = [line for line in lines if ": warning: " in line]
        if case.warning:
            assert any(case.warning in line and line.startswith(f"{outcome.path}:") for line in warnings), warnings
        else:
            assert not warnings, warnings
        assert not [line for line in lines if ": warning: " not in line], outcome.stderr


# --------------------------------------------------------------------------------------------
# Through a real process: what reaches the terminal


SUBPROCESS_CASES = ["jsonl-surrogate-title", "jsonl-nested-100k", "tei-declares-base64", "tei-persons-binary",
                    "jsonl-int5000-title"]


@pytest.fixture(scope="module")
def process_home(tmp_path_factory, copy_of_home):
    """A MOSAIC_HOME of its own for the processes, its tables made (`mosaic` refuses to import
    into an archive that was never set up); these files are refused before the database."""
    home = copy_of_home("migrate", tmp_path_factory.mktemp("process-home"))
    environment = {**os.environ, "MOSAIC_HOME": str(home), "DJANGO_SETTINGS_MODULE": "mosaic.settings"}
    environment.pop("MOSAIC_DATABASE_URL", None)
    return environment


def test_a_real_process_prints_only_the_messages(process_home):
    cases = {case.folder.split("-", 1)[1]: case for case in CASES}
    paths = [str(FILES / cases[name].path_in) for name in SUBPROCESS_CASES]
    started = time.monotonic()
    result = subprocess.run([str(MOSAIC), "ingest", *paths], capture_output=True, text=True, env=process_home,
                            timeout=120)
    assert time.monotonic() - started < SECONDS_PER_FILE * len(paths)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for name, path in zip(SUBPROCESS_CASES, paths):
        case = cases[name]
        assert any(line.startswith(f"{path}:") and case.detail in line for line in result.stderr.splitlines()), (name, result.stderr)
    assert f"{len(paths)} file(s) rejected" in result.stderr


# --------------------------------------------------------------------------------------------
# The large cases: refused early, fast, in bounded memory


IMPORT_SCRIPT = """
import sys, time
from pathlib import Path
import django
django.setup()
from mosaic.ingest.pipeline import ingest_file
started = time.monotonic()
report = ingest_file(Path(sys.argv[1]))
print(round(time.monotonic() - started, 2))
print(*report.errors, sep="\\n")
"""
# The import runs in a grandchild started by a small launcher: on Linux a process's ru_maxrss
# keeps the high-water mark of the process it was forked from (here pytest, with every hostile
# outcome in memory), while RUSAGE_CHILDREN of the launcher counts the grandchild alone.
LAUNCHER = """
import resource, subprocess, sys
result = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], capture_output=True, text=True)
sys.stdout.write(result.stdout)
sys.stderr.write(result.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_import(path: Path, env: dict) -> tuple[float, list[str], int]:
    """(seconds, errors, peak RSS in KB) of `ingest_file(path)` in a process of its own."""
    result = subprocess.run([sys.executable, "-c", LAUNCHER, IMPORT_SCRIPT, str(path)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    seconds, *errors, peak_kb = result.stdout.splitlines()
    return float(seconds), errors, int(peak_kb)


@pytest.mark.parametrize("make", [big_layer_file, many_agents_file])
def test_large_records_are_refused_early_in_bounded_memory(tmp_path, process_home, make):
    path = make(tmp_path / "large.jsonl")
    assert path.stat().st_size > 50 * 1024 * 1024
    seconds, errors, peak_kb = peak_import(path, process_home)
    baseline_seconds, _, baseline_kb = peak_import(FILES / CASES[0].path_in, process_home)
    assert errors == [f"{path}:1: line is over the 16,777,216-byte limit (MOSAIC_INGEST_MAX_LINE_BYTES); not read"]
    # No wall-clock bound (a shared machine makes one flaky): the memory bound shows the line was never held.
    # At most the line limit read once, plus room: the 50+ MB line is never held whole.
    assert peak_kb - baseline_kb < 64 * 1024, f"peak RSS {peak_kb // 1024} MB against {baseline_kb // 1024} MB for a small file"
    print(f"{make.__name__}: {path.stat().st_size // 2**20} MB refused in {seconds} s, peak RSS {peak_kb // 1024} MB "
          f"(a one-line file: {baseline_kb // 1024} MB)")


@pytest.mark.django_db
def test_many_agents_under_the_line_limit_are_refused_before_any_is_read(tmp_path, settings, monkeypatch):
    from mosaic.ingest import records
    from mosaic.ingest.pipeline import ingest_file

    # The list's length alone must refuse the record: reaching the reader of its agents is a failure, at once.
    def agents_read(data):
        raise AssertionError("the agents were read before the list's length refused the record")

    monkeypatch.setattr(records, "_agents", agents_read)
    path = many_agents_file(tmp_path / "agents.jsonl", count=400_000)  # about 14 MB: under the line limit
    report = ingest_file(path)
    assert report.errors == [f'{path}:1: "agents" has 400,000 entries, over the limit of 2,000 (MOSAIC_INGEST_MAX_AGENTS)']
