"""One writer at a time: the archive's writer lock.

The commands that write much or for long (`mosaic ingest`, `ocr`, `backup`, `restore`, `demo`,
`index`, ...; mosaic/cli.py lists them) take this lock before they start. A second one finds it
held, says once whom it waits for, and waits its turn, however long: on SQLite an import holds the
database's one write lock for a whole file, and a second writer used to give up after the busy
timeout with "database is locked".

The lock is an flock on MOSAIC_HOME/writer.lock. The kernel releases it when its holder ends, by
any means (kill -9 included), so it never needs clearing by hand. The file holds one line of JSON
describing the holder (command, what it is doing, pid, start time), for the waiting command and
the web's "archive busy" page; readers never lock it, so they cannot delay a writer.

It guards one MOSAIC_HOME, that is one machine. On PostgreSQL the database would let two writers
go on side by side; the lock is kept there too, as it costs nothing and a queued import is easier
to follow than two interleaved ones.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from django.conf import settings

LOCK_FILE = "writer.lock"


@dataclass(frozen=True)
class Writer:
    """Who holds the lock. `what` is a noun phrase read after "the": "import of records.jsonl"."""
    command: str
    what: str
    pid: int
    started: dt.datetime

    def shown(self) -> str:
        return f"pid {self.pid}, started {self.started.astimezone():%H:%M}"


@dataclass
class _Hold:
    descriptor: int
    writer: Writer


_hold: _Hold | None = None
# What this process is doing now, innermost last (working_on); the lock's description follows it.
_work: list[str] = []
# The writer this process is waiting for, while it waits (for the message of an interrupted wait).
_waiting_for: str | None = None


def lock_path() -> Path:
    return Path(settings.MOSAIC_HOME) / LOCK_FILE


def acquire(command: str, what: str, *, say: Callable[[str], None]) -> float:
    """Take the writer lock for the rest of this process (or until `release`). If another writer
    holds it, say once through `say` whom this one waits for, then wait, with no limit: Ctrl-C
    or SIGTERM ends the wait. Returns the seconds waited."""
    global _hold, _waiting_for
    if _hold is not None:
        raise RuntimeError("this process holds the writer lock already")
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    waited = 0.0
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = holder()
            # With no description yet the holder has only just started: it is named as what it is.
            _waiting_for = f"the {other.what}" if other else "another Mosaic command that writes"
            say(f"waiting for {_waiting_for} to finish" + (f" ({other.shown()})" if other else ""))
            began = time.monotonic()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            waited = time.monotonic() - began
    except BaseException:
        os.close(descriptor)
        raise
    finally:
        _waiting_for = None
    _hold = _Hold(descriptor, Writer(command, what, os.getpid(), dt.datetime.now(dt.timezone.utc)))
    _describe()
    return waited


def release() -> None:
    """Give the lock up (the end of the process does the same)."""
    global _hold
    if _hold is None:
        return
    os.ftruncate(_hold.descriptor, 0)  # no description of a writer that has gone
    os.close(_hold.descriptor)
    _hold = None


def held() -> Writer | None:
    """This process's own hold on the lock, with what it is doing now; None if it holds none."""
    if _hold is None:
        return None
    return Writer(_hold.writer.command, current_work() or _hold.writer.what, _hold.writer.pid, _hold.writer.started)


@contextlib.contextmanager
def working_on(what: str) -> Iterator[None]:
    """Name what this process does inside the block, which is one transaction's work ("import of
    records.jsonl"): a waiting writer and the web's busy page name it, an interrupted run says it
    was rolled back, and the journal of the files stored for it names it (preservation/import_journal.py).
    Works whether or not this process holds the lock (tests and the shell do not)."""
    _work.append(what)
    _describe()
    try:
        yield
    finally:
        _work.pop()
        _describe()


def current_work() -> str | None:
    return _work[-1] if _work else None


def waiting_for() -> str | None:
    """Whom this process is waiting for ("the import of a.jsonl"), while it waits for the lock."""
    return _waiting_for


def holder() -> Writer | None:
    """The writer holding the lock now, as its description says, or None. It reads the file only:
    a description left by a writer that has ended (killed, so it could not clear it) is known by
    its process being gone."""
    try:
        line = lock_path().read_text(encoding="utf-8").partition("\n")[0]
        fields = json.loads(line)
        writer = Writer(str(fields["command"]), str(fields["what"]), int(fields["pid"]),
                        dt.datetime.fromisoformat(fields["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no lock file, or no description (yet), or one being rewritten this instant
    return writer if _alive(writer.pid) else None


def _describe() -> None:
    if _hold is None:
        return
    writer = held()
    line = json.dumps({"command": writer.command, "what": writer.what, "pid": writer.pid,
                       "started": writer.started.isoformat()}, ensure_ascii=False) + "\n"
    data = line.encode("utf-8")
    # Written over the old description and then cut to length, so a reader sees one whole first
    # line (the new one) or the old one, never an empty file.
    os.pwrite(_hold.descriptor, data, 0)
    os.ftruncate(_hold.descriptor, len(data))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True
