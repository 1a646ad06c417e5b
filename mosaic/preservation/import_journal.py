"""The journal of files a writer has put into the store before its transaction commits.

The store's bytes and the catalogue's rows cannot be written in one transaction: a file's bytes go
into the store first, its StoredFile row is committed with the rest of the import. When the
transaction fails, `store.removing_new_files_on_failure` removes the bytes again. When the
process is killed (kill -9, a crash, a power cut) nothing runs: so before each new file goes into
the store its SHA-256 is appended to this process's journal and forced to disk, and the journal
is removed once the transaction has committed or its rollback has removed the files.

A journal lives in MOSAIC_HOME/journal/, one file per transaction that stores files, named by the
process id and start time; its first line describes the writer (pid, start, what it imports).
Its writer holds an flock on it until the end, so a journal nobody holds belongs to a writer that
is gone, whatever pid the system has since given to another process. The next writer that
stores files (`mosaic ingest`, `mosaic demo`) and `mosaic audit --repair` clear such journals:
each file a journal names is deleted from the store unless a StoredFile row or a live writer's
journal names it, so bytes a record uses are never touched.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable

from django.conf import settings

from mosaic.preservation.blob_store import SHA256_NAME, BlobStore, blob_store, remove_abandoned_incoming
from mosaic.preservation.models import StoredFile

FOLDER = "journal"
SUFFIX = ".journal"
# Names asked of the catalogue at once (SQLite allows 999 query parameters in older builds).
BATCH = 500


def journal_folder() -> Path:
    return Path(settings.MOSAIC_HOME) / FOLDER


class ImportJournal:
    """One transaction's journal. The file is made when the first file is noted, so a transaction
    that stores no file writes no journal."""

    def __init__(self, what: str):
        self.what = what
        self.path: Path | None = None
        self._file: BinaryIO | None = None

    def note(self, sha256: str) -> None:
        """Record, on disk, that these bytes are about to go into the store."""
        if self._file is None:
            self._open()
        self._file.write(f"{sha256}\n".encode("ascii"))
        os.fsync(self._file.fileno())

    def remove(self) -> None:
        """The transaction is settled (committed, or rolled back with its files removed)."""
        if self._file is None:
            return
        # Unlinked while still locked, so no one clears a journal whose writer has just finished.
        self.path.unlink(missing_ok=True)
        self._file.close()
        self._file = None

    def _open(self) -> None:
        folder = journal_folder()
        folder.mkdir(parents=True, exist_ok=True)
        started = dt.datetime.now(dt.timezone.utc)
        self.path = folder / f"{os.getpid()}-{time.time_ns()}{SUFFIX}"
        # Unbuffered: each line is on its way to the disk when written. Closed when this object
        # goes (a transaction that failed before it could remove its journal), which frees the
        # lock, so the journal is then cleared like any other writer's that ended early.
        self._file = open(self.path, "xb", buffering=0)
        fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
        header = {"pid": os.getpid(), "started": started.isoformat(), "what": self.what}
        self._file.write((json.dumps(header, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(self._file.fileno())
        # The journal's name in its folder must survive a power cut as well as its lines.
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


@dataclass
class _Read:
    pid: int | None
    started: dt.datetime | None
    what: str
    names: list[str]

    def writer(self) -> str:
        when = f", started {self.started.astimezone():%Y-%m-%d %H:%M}" if self.started else ""
        return f"the interrupted {self.what} (pid {self.pid if self.pid is not None else '?'}{when})"


def _read(handle: BinaryIO) -> _Read:
    lines = handle.read().decode("utf-8", errors="replace").split("\n")
    pid, started, what = None, None, "writer"
    try:
        header = json.loads(lines[0])
        pid, what = int(header["pid"]), str(header["what"])
        started = dt.datetime.fromisoformat(header["started"])
    except (ValueError, KeyError, TypeError, IndexError):
        pass  # killed while writing its first line: the names, if any, still count
    # A last line cut short by the kill names nothing that went into the store.
    names = [line for line in lines[1:] if SHA256_NAME.fullmatch(line)]
    return _Read(pid, started, what, names)


def _journals() -> list[Path]:
    folder = journal_folder()
    return sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []


def _is_held(handle: BinaryIO) -> bool:
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return False


def live_names(*, clearing: Path | None = None) -> set[str]:
    """The files other processes' unfinished transactions have put or are putting into the store:
    not orphans, and never to be removed. `clearing`: a dead journal this process holds to clear."""
    names: set[str] = set()
    own = f"{os.getpid()}-"
    for path in _journals():
        if path.name.startswith(own) or path == clearing:
            continue  # this process's own transactions settle their files themselves
        try:
            with open(path, "rb") as handle:
                if _is_held(handle):
                    names.update(_read(handle).names)
        except FileNotFoundError:
            continue
    return names


def interrupted() -> dict[str, str]:
    """Each file named by the journal of a writer that is gone, with that writer (for the audit)."""
    left: dict[str, str] = {}
    for path in _journals():
        try:
            with open(path, "rb") as handle:
                if not _is_held(handle):
                    journal = _read(handle)
                    left.update((name, journal.writer()) for name in journal.names)
        except FileNotFoundError:
            continue
    return left


def remove_unrecorded(store: BlobStore, names: Iterable[str], *, clearing: Path | None = None) -> list[str]:
    """Delete from the store the files among `names` that no StoredFile row names and no other
    process's unfinished transaction has journaled (`clearing`: the dead journal that names them);
    return those that were there and are gone."""
    names = sorted(set(names))
    if not names:
        return []
    recorded: set[str] = set()
    for start in range(0, len(names), BATCH):
        recorded.update(StoredFile.objects.filter(sha256__in=names[start:start + BATCH]).values_list("sha256", flat=True))
    protected = recorded | live_names(clearing=clearing)
    removed = []
    for name in names:
        if name not in protected and store.exists(name):
            store.delete(name)
            removed.append(name)
    return removed


def clear_interrupted(store: BlobStore | None = None) -> list[str]:
    """Clear what writers that ended without settling their transaction left: for each journal
    nobody holds, delete the files it names that no record describes, then the journal; then the
    temporary files of unfinished writes. One line for each thing cleared."""
    lines = []
    for path in _journals():
        try:
            handle = open(path, "rb")
        except FileNotFoundError:
            continue  # its writer finished just now
        with handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its writer is still at work
            if not _same_file(handle, path):
                continue  # removed between our opening and our lock: its writer settled it
            journal = _read(handle)
            store = store or blob_store()
            removed = remove_unrecorded(store, journal.names, clearing=path)
            path.unlink(missing_ok=True)
        count = len(removed)
        lines.append(f"cleared {journal.writer()}: removed {count} stored file{'' if count == 1 else 's'} "
                     "no record describes")
    store = store or blob_store()
    folder = store.incoming_folder()
    if abandoned := remove_abandoned_incoming(folder):
        lines.append(f"removed {abandoned} temporary file{'' if abandoned == 1 else 's'} of unfinished writes "
                     f"from {folder}")
    return lines


def _same_file(handle: BinaryIO, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False
