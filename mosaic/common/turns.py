"""Pages are made in turns: a server process makes MOSAIC_PAGES_AT_ONCE pages at a time, the
others wait in the order they came.

Python runs one thread at a time (the GIL), handing it round every few milliseconds. When a
process's sixteen threads all make pages at once, each page takes as long as all of them
together, and the dearest pages (a search with facets, a document with its lens) take longest of
all. Made in turns, a page waits for the pages ahead of it and then takes only its own time.
With the processes sharing the queue evenly (common/serving.py), 50 readers on two cores: p95
350 ms at 200 requests/s, against 728 ms at 172 requests/s with every thread at work
(bench/README.md).

The threads stay: a reader's page served from the page cache, and a staff member's change (which
on SQLite may wait seconds for an import's write lock), take no turn; and a search steps aside
while its statements run in the database (`stepping_aside`), so a search that runs up to its time
budget does not hold every page of its process behind it.
"""
from __future__ import annotations

import threading
from collections import deque
from contextlib import contextmanager
from typing import Iterator

from django.conf import settings
from django.db import connection

READING_METHODS = frozenset({"GET", "HEAD"})


class Turns:
    """A counting gate that lets waiters through first come, first served."""

    def __init__(self, at_once: int):
        if at_once < 1:
            raise ValueError("at least one page at a time")
        self._free = at_once
        self._waiting: deque[threading.Lock] = deque()
        self._lock = threading.Lock()

    def take(self) -> None:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return
            # A lock already held: the waiter blocks on it until `give` hands it the turn.
            ticket = threading.Lock()
            ticket.acquire()
            self._waiting.append(ticket)
        ticket.acquire()

    def give(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().release()  # the turn passes straight on: none can slip in between
            else:
                self._free += 1

    @property
    def waiting(self) -> int:
        return len(self._waiting)


_state = threading.local()
_turns: dict[int, Turns] = {}
_turns_lock = threading.Lock()


def pages_at_once() -> int:
    """MOSAIC_PAGES_AT_ONCE, or by database: one on SQLite, whose reads cost no waiting; four on
    PostgreSQL, whose every statement waits on the server, time another page can use."""
    configured = getattr(settings, "MOSAIC_PAGES_AT_ONCE", None)
    if configured:
        return int(configured)
    return 1 if connection.vendor == "sqlite" else 4


def process_turns() -> Turns:
    at_once = pages_at_once()
    with _turns_lock:
        if at_once not in _turns:
            _turns[at_once] = Turns(at_once)
        return _turns[at_once]


@contextmanager
def turn() -> Iterator[None]:
    turns = process_turns()
    turns.take()
    _state.turns = turns
    try:
        yield
    finally:
        _state.turns = None
        turns.give()


@contextmanager
def stepping_aside() -> Iterator[None]:
    """While the database works on a long statement, let the next page have the turn; wait for it
    again afterwards. Outside a turn (a command, a worker, a test) it does nothing."""
    turns = getattr(_state, "turns", None)
    if turns is None:
        yield
        return
    turns.give()
    _state.turns = None
    try:
        yield
    finally:
        turns.take()
        _state.turns = turns


class TurnsMiddleware:
    """Below the page cache: pages it answers take no turn."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READING_METHODS:
            return self.get_response(request)
        with turn():
            return self.get_response(request)
