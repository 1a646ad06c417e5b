"""Interrupted and concurrent writes end cleanly (issue 20).

As the fault probe did it, with real `mosaic` processes on a throwaway installation: an import of
many scans killed part way with kill -9, SIGTERM and SIGINT leaves no file the catalogue does not
describe (at once, or after `mosaic audit --repair`), and no traceback; a second import started
during a first one waits for it, saying so; a staff edit made while the database is held gets the
"archive is busy" page, not a 500. Below them, the journal and the repair in-process."""
import datetime as dt
import io
import json
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from PIL import Image

from mosaic.preservation import audit
from mosaic.preservation.audit import run_audit
from mosaic.preservation.blob_store import blob_store
from mosaic.preservation.import_journal import ImportJournal, clear_interrupted
from mosaic.preservation.models import StoredFile
from mosaic.preservation.store import path_for, removing_new_files_on_failure, store_stream
from mosaic.preservation.tests.conftest import page_image
from mosaic.preservation.tests.test_s3_store import bucket_contents, s3_server, s3_store  # noqa: F401 (fixtures)

MOSAIC = [sys.executable, "-m", "mosaic"]
PROJECT = Path(__file__).resolve().parents[3]
# Scans in the import the tests interrupt: the import stores about fifty a second, and is stopped
# after the fifth, so it is always stopped part way, however slow the machine.
SCANS = 400


@pytest.fixture(scope="module")
def migrated(tmp_path_factory, copy_of_home):
    """One migrated installation for the module; each test copies it."""
    return copy_of_home("migrate", tmp_path_factory.mktemp("migrated"))


@pytest.fixture
def home(migrated, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(migrated, home)
    return home


def _environment(home: Path) -> dict:
    return {**os.environ, "MOSAIC_HOME": str(home)}


def _scans_import(folder: Path, count: int = SCANS) -> Path:
    """A JSON Lines file of `count` records, each with a small scan of its own."""
    (folder / "scans").mkdir(parents=True)
    lines = []
    for number in range(count):
        Image.new("L", (8, 8), number % 256).resize((8 + number // 256, 8)).save(folder / "scans" / f"{number}.png")
        lines.append(json.dumps({"id": f"scan-{number}", "title": f"Leaf {number}", "files": [{"path": f"scans/{number}.png"}]}))
    path = folder / "scans.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(home: Path, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen([*MOSAIC, *arguments], env=_environment(home), cwd=PROJECT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _mosaic(home: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MOSAIC, *arguments], env=_environment(home), cwd=PROJECT, capture_output=True,
                          text=True, timeout=300)


def _journaled(home: Path) -> int:
    """Files named by the journals in the installation now."""
    return sum(len(path.read_text().splitlines()) - 1 for path in (home / "journal").glob("*.journal"))


def _wait_for_journaled(process: subprocess.Popen, home: Path, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while _journaled(home) < at_least if (home / "journal").is_dir() else True:
        if process.poll() is not None:
            pytest.fail(f"the import ended before storing {at_least} files:\n{process.stdout.read()}{process.stderr.read()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the import stored fewer than {at_least} files in two minutes")
        time.sleep(0.02)


def _stored(home: Path) -> list[Path]:
    return sorted((home / "store" / "sha256").glob("*/*"))


def _rows(home: Path, table: str) -> int:
    with sqlite3.connect(home / "mosaic.sqlite3") as database:
        return database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_an_import_killed_outright_is_cleared_by_audit_repair_and_runs_again_complete(home, tmp_path):
    path = _scans_import(tmp_path / "import")
    importing = _start(home, "ingest", str(path), "--no-wait")
    killed_after = random.randint(5, 60)  # a random point, as the fault probe chose
    _wait_for_journaled(importing, home, killed_after)
    importing.send_signal(signal.SIGKILL)
    importing.communicate(timeout=60)
    left = _stored(home)
    assert left and _rows(home, "preservation_storedfile") == 0  # files in the store that no record describes

    repaired = _mosaic(home, "audit", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert (f"cleared the interrupted import of {path} (pid {importing.pid}, started " in repaired.stdout
            and f"): removed {len(left)} stored file{'s' if len(left) > 1 else ''} no record describes" in repaired.stdout)
    assert "No problems" in repaired.stdout
    assert _stored(home) == [] and not list((home / "journal").iterdir()) and not list((home / "store" / "incoming").iterdir())

    again = _mosaic(home, "ingest", str(path), "--no-wait")  # the user runs the import again
    assert again.returncode == 0 and f"{SCANS} created" in again.stdout, (killed_after, again.stdout + again.stderr)
    assert _rows(home, "corpus_document") == _rows(home, "preservation_storedfile") == len(_stored(home)) == SCANS
    assert f"0 created, 0 updated, {SCANS} unchanged" in _mosaic(home, "ingest", str(path), "--no-wait").stdout
    assert "No problems" in _mosaic(home, "audit").stdout


@pytest.mark.parametrize("stop, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_sigint_end_an_import_in_one_line_leaving_nothing(home, tmp_path, stop, status):
    path = _scans_import(tmp_path / "import")
    importing = _start(home, "ingest", str(path), "--no-wait")
    _wait_for_journaled(importing, home, 5)
    importing.send_signal(stop)
    stdout, stderr = importing.communicate(timeout=60)
    left = {"stderr": stderr, "stored": _stored(home), "journals": [path.read_text() for path in (home / "journal").iterdir()],
            "incoming": list((home / "store" / "incoming").iterdir())}
    assert importing.returncode == status, left
    assert stderr.strip() == f"mosaic ingest: interrupted ({stop.name}); the import of {path} was rolled back, nothing of it stored"
    assert left["stored"] == left["journals"] == left["incoming"] == [], left
    assert _rows(home, "corpus_document") == 0


def test_a_second_import_waits_for_the_first_and_both_complete(home, tmp_path):
    first = _scans_import(tmp_path / "first", count=50)
    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps({"id": "second-1", "title": "Imported while another import ran"}) + "\n", encoding="utf-8")
    importing = _start(home, "ingest", str(first), "--no-wait")
    _wait_for_journaled(importing, home, 1)
    # Held still inside its transaction, so the second import surely finds it at work.
    importing.send_signal(signal.SIGSTOP)
    try:
        waiting = _start(home, "ingest", str(second), "--no-wait")
        said, _, _ = select.select([waiting.stderr], [], [], 120)
        line = waiting.stderr.readline() if said else "(nothing said in two minutes)"
    finally:
        importing.send_signal(signal.SIGCONT)
    first_out, first_err = importing.communicate(timeout=300)
    second_out, second_err = waiting.communicate(timeout=300)
    assert line.startswith(f"mosaic ingest: waiting for the import of {first} to finish (pid {importing.pid}, started ")
    assert importing.returncode == 0 and waiting.returncode == 0, first_err + second_err
    assert "50 created" in first_out and "1 created" in second_out
    assert "Traceback" not in first_err + second_err and second_err == ""  # said once, nothing more
    assert _rows(home, "corpus_document") == 51


WEB_EDIT = textwrap.dedent("""
    import django, sqlite3, sys
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client
    from mosaic.common import archive_busy, writer_lock

    archive_busy.WEB_WAIT_SECONDS = 0.5  # the web's wait, shortened for the test
    staff = get_user_model().objects.create_superuser("coordinator", "c@example.org", "a-long-passphrase-42")
    browser = Client(raise_request_exception=False)
    browser.force_login(staff)
    connections.close_all()  # the server's next connection is a web one, as in `mosaic serve`
    writer_lock.acquire("ingest", "import of big.jsonl", say=print)
    import_transaction = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
    import_transaction.execute("BEGIN IMMEDIATE")  # what an import holds for a whole file
    edit = browser.post("/admin/archives/repository/add/", {"code": "BUSY", "name": "Busy archive", "aliases": "[]"})
    draft = browser.post("/staff/translations/1/autosave", data="{}", content_type="application/json")
    import_transaction.execute("ROLLBACK")
    print(edit.status_code, edit["Retry-After"], edit.content.decode())
    print(draft.status_code, draft["Retry-After"], draft.content.decode())
""")


def test_a_staff_edit_while_an_import_holds_the_database_gets_the_busy_page(home):
    edited = subprocess.run([sys.executable, "-c", WEB_EDIT], env=_environment(home), cwd=PROJECT,
                            capture_output=True, text=True, timeout=300)
    assert edited.returncode == 0, edited.stderr
    page, answer = edited.stdout.split("\n503 ", 1)
    assert page.startswith("503 60 ")
    assert "The archive is busy: the import of big.jsonl is running (started " in page
    assert "Your change was <strong>not saved</strong>" in page
    assert json.loads(answer.split(" ", 1)[1])["error"].endswith("Your change was not saved; try again in a minute.")
    assert "Traceback" not in edited.stderr and "Internal Server Error" not in edited.stderr
    with sqlite3.connect(home / "mosaic.sqlite3") as database:
        assert database.execute("SELECT COUNT(*) FROM archives_repository WHERE code = 'BUSY'").fetchone()[0] == 0


# --- in-process: the journal, its clearing and the repair ------------------------------------------

@pytest.fixture
def journal_home(settings, tmp_path):
    settings.MOSAIC_HOME = tmp_path / "home"
    return settings.MOSAIC_HOME


def _put(data: bytes) -> str:
    """Bytes in the store with no record, as a writer leaves them before its commit."""
    store = blob_store()
    with store.incoming() as new:
        new.write(data)
        store.put(new)
        return new.sha256


def _dead_journal(what: str, *names: str) -> ImportJournal:
    """A journal whose writer has gone: written, never removed, no longer locked."""
    journal = ImportJournal(what)
    for name in names:
        journal.note(name)
    journal._file.close()
    return journal


@pytest.mark.django_db
def test_clearing_a_dead_journal_removes_only_the_files_no_record_names(journal_home, file_store):
    recorded = store_stream(io.BytesIO(page_image("recorded")), name="recorded.png")
    orphan = _put(page_image("orphan"))
    journal = _dead_journal("import of letters.jsonl", recorded.sha256, orphan, "0" * 64)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of them is a file no record describes: `mosaic audit --repair` removes such files"):
        call_command("audit", "--no-progress", stdout=out)
    assert f", left by the interrupted import of letters.jsonl (pid {os.getpid()}, started " in out.getvalue()

    [line] = clear_interrupted()
    assert line.startswith(f"cleared the interrupted import of letters.jsonl (pid {os.getpid()}, started ")
    assert line.endswith("): removed 1 stored file no record describes")
    assert path_for(recorded.sha256).is_file() and not path_for(orphan).exists()
    assert not journal.path.exists() and run_audit().ok
    assert clear_interrupted() == []


@pytest.mark.django_db
def test_a_live_writers_journal_and_temporary_files_are_left_alone(journal_home, file_store):
    orphan = _put(page_image("being imported"))
    journal = journal_home / "journal" / "live.journal"
    journal.parent.mkdir(parents=True)
    journal.write_text(json.dumps({"pid": 1, "started": "2026-01-01T10:00:00+00:00", "what": "import of a.jsonl"})
                       + f"\n{orphan}\n")
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys; f = open(sys.argv[1], 'rb'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()", str(journal)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        abandoned = file_store / "incoming" / "tmp-abandoned"
        abandoned.parent.mkdir(parents=True, exist_ok=True)
        abandoned.write_bytes(b"half a scan")
        with blob_store().incoming() as writing:
            writing.write(b"a scan on its way")
            assert clear_interrupted() == [f"removed 1 temporary file of unfinished writes from {file_store / 'incoming'}"]
            assert writing.path.exists() and not abandoned.exists()
        assert journal.exists() and path_for(orphan).exists()
        assert run_audit().ok  # an unfinished import's file is not an orphan yet
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    [line] = clear_interrupted()  # its writer has gone now
    assert line.startswith("cleared the interrupted import of a.jsonl (pid 1, started 2026-01-01 ")
    assert not path_for(orphan).exists()


@pytest.mark.django_db
def test_an_interruption_just_after_the_commit_keeps_the_committed_files(journal_home, file_store):
    with pytest.raises(KeyboardInterrupt), removing_new_files_on_failure():
        with transaction.atomic():
            stored = store_stream(io.BytesIO(page_image("committed")), name="committed.png")
        raise KeyboardInterrupt  # after the commit, before the block's end
    assert path_for(stored.sha256).is_file()
    assert not list((journal_home / "journal").iterdir())

    with pytest.raises(KeyboardInterrupt), removing_new_files_on_failure():
        with transaction.atomic():
            lost = store_stream(io.BytesIO(page_image("rolled back")), name="lost.png")
            raise KeyboardInterrupt
    assert not StoredFile.objects.filter(sha256=lost.sha256).exists() and not path_for(lost.sha256).exists()


@pytest.mark.django_db
def test_audit_repair_removes_old_orphans_names_each_and_keeps_young_ones(journal_home, file_store):
    recorded = store_stream(io.BytesIO(page_image("recorded")), name="recorded.png")
    old, young = _put(page_image("left in 2025")), _put(page_image("left just now"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(path_for(old), (two_days_ago, two_days_ago))
    stray = file_store / "sha256" / "zz" / "not-a-checksum"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"copied in by hand")
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"^2 problem\(s\) found"):
        call_command("audit", "--repair", "--no-progress", stdout=out)
    lines = out.getvalue().splitlines()
    when = dt.datetime.fromtimestamp(two_days_ago).astimezone()
    assert (f"removed sha256/{old[:2]}/{old} ({len(page_image('left in 2025')):,} bytes, written {when:%Y-%m-%d %H:%M}): "
            "no record describes it") in lines
    assert any(line.startswith(f"kept sha256/{young[:2]}/{young} (") and line.endswith("removed once a day old") for line in lines)
    assert "kept sha256/zz/not-a-checksum (17 bytes): not where Mosaic stores a file, so not Mosaic's to remove; look at it and remove it by hand" in lines
    assert not path_for(old).exists() and path_for(young).exists() and stray.exists()
    assert path_for(recorded.sha256).is_file()


@pytest.mark.django_db
def test_the_journal_names_each_new_file_until_the_transaction_commits(journal_home, file_store,
                                                                        django_capture_on_commit_callbacks):
    folder = journal_home / "journal"
    with removing_new_files_on_failure():
        pass
    assert not folder.exists()  # a transaction that stores no file writes no journal
    with django_capture_on_commit_callbacks(execute=True):
        with removing_new_files_on_failure():
            first = store_stream(io.BytesIO(page_image("first")), name="first.png")
            store_stream(io.BytesIO(page_image("first")), name="again.png")  # known bytes: nothing new
            second = store_stream(io.BytesIO(page_image("second")), name="second.png")
            [journal] = folder.glob("*.journal")
            assert journal.name.startswith(f"{os.getpid()}-")
            header, *names = journal.read_text().splitlines()
            assert json.loads(header)["what"] == "writer" and names == [first.sha256, second.sha256]
        assert journal.exists()  # the test's own transaction is still open: it decides
    assert not journal.exists()


@pytest.mark.django_db
def test_a_bucket_is_cleared_and_repaired_alike(s3_store, journal_home, monkeypatch):
    store = s3_store["store"]
    left, old = _put(page_image("left in the bucket")), _put(page_image("old in the bucket"))
    _dead_journal("import of bucket.jsonl", left)
    [line] = clear_interrupted()
    assert line.endswith("): removed 1 stored file no record describes")
    assert not store.exists(left) and store.exists(old)
    written = store.written_at(old)
    assert dt.timedelta(0) <= dt.datetime.now(dt.timezone.utc) - written < dt.timedelta(minutes=10)
    said = []
    audit.repair_store(said.append)
    assert said[0].startswith(f"kept sha256/{old[:2]}/{old} (") and store.exists(old)
    monkeypatch.setattr(audit, "ORPHAN_GRACE", dt.timedelta(0))
    said = []
    audit.repair_store(said.append)
    assert said == [f"removed sha256/{old[:2]}/{old} ({len(page_image('old in the bucket')):,} bytes, "
                    f"written {written.astimezone():%Y-%m-%d %H:%M}): no record describes it"]
    assert bucket_contents(s3_store["endpoint"], s3_store["bucket"]) == {}
