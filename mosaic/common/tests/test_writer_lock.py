"""The writer lock (one writer at a time, the others wait saying for whom) and the one-line end of
an interrupted command (issue 20). The same with real `mosaic` processes is in
mosaic/preservation/tests/test_interrupted_writes.py."""
import datetime as dt
import json
import os
import signal
import subprocess
import sys

import pytest

from mosaic.cli import writer_work
from mosaic.common import writer_lock
from mosaic.common.interrupts import ending_in_one_line

HOLD = """
import fcntl, json, os, sys
lock = open(sys.argv[1], "r+")
fcntl.flock(lock, fcntl.LOCK_EX)
lock.write(json.dumps({"command": "ocr", "what": "run of `mosaic ocr`", "pid": os.getpid(),
                       "started": "2026-03-01T09:30:00+00:00"}) + "\\n")
lock.flush()
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def home(settings, tmp_path):
    settings.MOSAIC_HOME = tmp_path
    yield tmp_path
    writer_lock.release()


@pytest.fixture
def other_writer(home):
    """Another process holding the lock until its stdin is closed."""
    writer_lock.lock_path().touch()
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(writer_lock.lock_path())], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "held\n"
    yield process
    process.stdin.close()
    process.wait(timeout=30)


@pytest.mark.parametrize("arguments, work", [
    (["ingest", "letters.jsonl", "--no-wait"], "import of letters.jsonl"),
    (["ingest", "a.jsonl", "b.csv", "c.xml"], "import of a.jsonl and 2 more files"),
    (["names", "link"], "run of `mosaic names link`"),
    (["names", "resolve", "Kim Ir Szen"], None),
    (["lens_markers", "refresh", "--all"], "run of `mosaic lens_markers refresh`"),
    (["lens_markers", "check"], None),
    (["restore", "/backups/b"], "run of `mosaic restore`"),
    (["restore", "--check", "/backups/b"], None),
    (["audit"], None),
    (["audit", "--repair"], "repair of the store (`mosaic audit --repair`)"),
    (["search", "plenum"], None),
])
def test_which_command_lines_take_the_writer_lock(arguments, work):
    assert writer_work(arguments) == work


def test_the_lock_describes_its_holder_and_what_it_is_doing(home):
    assert writer_lock.holder() is None
    assert writer_lock.acquire("ingest", "import of a.jsonl and 1 more files", say=pytest.fail) == 0
    assert writer_lock.holder().what == "import of a.jsonl and 1 more files"
    with writer_lock.working_on("import of b.jsonl"):
        holder = writer_lock.holder()
        assert (holder.command, holder.what, holder.pid) == ("ingest", "import of b.jsonl", os.getpid())
    assert writer_lock.holder().what == "import of a.jsonl and 1 more files"
    writer_lock.release()
    assert writer_lock.holder() is None and writer_lock.lock_path().read_text() == ""


def test_a_description_left_by_a_killed_writer_names_no_one(home):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    writer_lock.lock_path().write_text(json.dumps({"command": "ingest", "what": "import of a.jsonl",
                                                   "pid": int(gone.stdout), "started": "2026-03-01T09:30:00+00:00"}))
    assert writer_lock.holder() is None


def test_a_second_writer_says_whom_it_waits_for_then_waits(home, other_writer):
    said = []

    def say(line):
        said.append(line)
        other_writer.stdin.close()  # the first writer ends only now: acquire must be waiting for it

    assert writer_lock.acquire("ingest", "import of b.jsonl", say=say) > 0
    started = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc).astimezone()
    assert said == [f"waiting for the run of `mosaic ocr` to finish (pid {other_writer.pid}, started {started:%H:%M})"]
    assert writer_lock.holder().what == "import of b.jsonl"


def test_an_interrupted_import_ends_in_one_line_with_the_signals_status(home, capsys):
    with pytest.raises(SystemExit) as leaving, ending_in_one_line("ingest"):
        writer_lock.acquire("ingest", "import of letters.jsonl", say=pytest.fail)
        with writer_lock.working_on("import of letters.jsonl"):
            os.kill(os.getpid(), signal.SIGTERM)
    assert leaving.value.code == 143
    assert capsys.readouterr().err == ("mosaic ingest: interrupted (SIGTERM); the import of letters.jsonl was rolled back, "
                                       "nothing of it stored\n")
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # put back as it was


def test_ctrl_c_while_waiting_for_the_lock_ends_the_wait_in_one_line(home, other_writer, capsys):
    with pytest.raises(SystemExit) as leaving, ending_in_one_line("ingest"):
        writer_lock.acquire("ingest", "import of b.jsonl", say=lambda line: os.kill(os.getpid(), signal.SIGINT))
    assert leaving.value.code == 130
    assert capsys.readouterr().err == ("mosaic ingest: interrupted (SIGINT) while waiting for the run of `mosaic ocr` "
                                       "to finish; nothing was done\n")
    assert writer_lock.held() is None


def test_a_command_that_turns_the_interruption_into_its_own_error_exits_with_the_signals_status(capsys):
    with pytest.raises(SystemExit) as leaving, ending_in_one_line("restore"):
        try:
            os.kill(os.getpid(), signal.SIGINT)
        except KeyboardInterrupt:
            sys.exit(1)  # what Django does with the CommandError restore raises, having said why
    assert leaving.value.code == 130 and capsys.readouterr().err == ""
