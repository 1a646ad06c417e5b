"""Ctrl-C and SIGTERM end a command in one line, with the state a rollback leaves.

SIGTERM (what `kill`, systemd and container runtimes send) is raised in the command as `Terminated`,
a kind of KeyboardInterrupt, so it unwinds exactly as Ctrl-C does: the open transaction rolls back,
the files it stored are removed (preservation/store.py), a partial backup is deleted. At the top,
instead of a traceback, one line says what was undone, and the exit status is the shell's for the
signal: 130 for SIGINT, 143 for SIGTERM.

A second signal while the first one's rollback runs stops the process at once: the database stays
whole (SQLite and PostgreSQL are crash-safe) and the journal of stored files lets the next writer
clear what is left (preservation/import_journal.py).
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
from dataclasses import dataclass
from typing import Iterator

from mosaic.common import writer_lock


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C, so every `except KeyboardInterrupt` and every rollback treats
    both alike."""


@dataclass
class _Interruption:
    signal: signal.Signals
    work: str | None  # what the process was doing (writer_lock.working_on) when the signal came
    waiting_for: str | None  # whom it was waiting for, if it was waiting for the writer lock
    writer: bool  # whether it held the writer lock


_interruption: _Interruption | None = None


@contextlib.contextmanager
def ending_in_one_line(command: str) -> Iterator[None]:
    """Run `mosaic COMMAND` inside: an interruption ends it with one line on stderr and the
    signal's exit status (128 + its number)."""
    global _interruption
    _interruption = None
    previous = {number: signal.signal(number, _on_signal) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except KeyboardInterrupt:
        _leave(command)
    except SystemExit as leaving:
        # A command that turned the interruption into an error of its own (restore does) has said
        # why already; only its exit status is made the signal's.
        if _interruption is not None and leaving.code not in (0, None):
            sys.exit(128 + _interruption.signal)
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if _interruption is not None:  # caught and absorbed on the way: the run still did not finish
        _leave(command)


def _on_signal(number: int, frame) -> None:
    global _interruption
    if _interruption is not None:
        os.write(2, (f"mosaic: stopped at once ({signal.Signals(number).name} again); the next `mosaic ingest` or "
                     f"`mosaic audit --repair` clears what was left\n").encode())
        os._exit(128 + number)
    _interruption = _Interruption(signal.Signals(number), writer_lock.current_work(), writer_lock.waiting_for(),
                                  writer_lock.held() is not None)
    raise Terminated() if number == signal.SIGTERM else KeyboardInterrupt()


def _leave(command: str) -> None:
    interruption = _interruption or _Interruption(signal.SIGINT, None, None, False)
    from django.apps import apps

    if apps.ready:  # the command got as far as the archive: it may have begun storing a file
        from mosaic.preservation.blob_store import blob_store, discard_unfinished_incoming

        discard_unfinished_incoming(blob_store().incoming_folder())
    line = f"mosaic {command}: interrupted ({interruption.signal.name})"
    if interruption.waiting_for:
        line += f" while waiting for {interruption.waiting_for} to finish; nothing was done"
    elif interruption.work:
        line += f"; the {interruption.work} was rolled back, nothing of it stored"
    elif interruption.writer:
        line += "; what it had not finished was rolled back"
    print(line, file=sys.stderr, flush=True)
    sys.exit(128 + interruption.signal)
