"""Facet counts from one compressed bitmap of document ids per facet value (pyroaring).

Counting facets in SQL joins every matching document with its facet rows: over 100,000 hits that
is most of a search's time, and it grows with the hits. Here each process keeps, for every
(facet, value), the set of indexed documents that have it as a Roaring bitmap, and counts a
search's facets by intersecting the bitmap of its hits with each value's bitmap: a few
microseconds a value whatever the size of the archive. Both backends use it.

Keeping the bitmaps exact while other processes write:
- every index write (`record_change`, called by a backend's `replace` and `clear` inside the
  writer's transaction) bumps one row, `search_generation` (generation, token), and logs the
  changed document ids under that generation in `search_change`. The row update also makes
  index writers take turns on PostgreSQL, so generations become visible in order;
- before counting, a reader compares the generation its transaction sees with the one its
  bitmaps were built at, and re-reads only the documents changed since (or rebuilds: after a
  `clear`, a rolled-back write, or when the log no longer reaches back);
- the hits are read between two looks at the generation; if it moved in between, the counts
  come from SQL instead (`counts` returns None), so a count never mixes two states.

Building the bitmaps reads every facet row (about 8 s for a million documents on the development
machine), so a process that built them leaves a copy in MOSAIC_HOME/cache; the next process on
the machine starts from the copy and patches in what changed since, checked against the log like
any other state, instead of reading everything again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import tempfile
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyroaring import BitMap

# Changes kept in the log; a reader that fell further behind rebuilds its bitmaps.
KEPT_CHANGES = 10_000
# Past this many changed documents a rebuild reads less than patching would.
PATCH_LIMIT = 50_000
CHUNK = 500  # ids per IN (...) list: under SQLite's limit of bound parameters


def create_statements(vendor: str) -> list[str]:
    blob = "bytea" if vendor == "postgresql" else "BLOB"
    return [
        "CREATE TABLE search_generation (id integer PRIMARY KEY, generation bigint NOT NULL, token text NOT NULL)",
        "INSERT INTO search_generation (id, generation, token) VALUES (1, 0, '')",
        f"CREATE TABLE search_change (generation bigint PRIMARY KEY, token text NOT NULL, doc_ids {blob}, "
        "everything boolean NOT NULL)",
    ]


DROP_STATEMENTS = ["DROP TABLE IF EXISTS search_change", "DROP TABLE IF EXISTS search_generation"]


def record_change(cursor, doc_ids: Iterable[int] = (), *, everything: bool = False) -> None:
    """Log an index write of these documents (or of the whole index) in the writer's transaction."""
    token = secrets.token_hex(8)
    cursor.execute("UPDATE search_generation SET generation = generation + 1, token = %s WHERE id = 1", [token])
    if cursor.rowcount == 0:  # the row went with a flush of the whole database
        cursor.execute("INSERT INTO search_generation (id, generation, token) VALUES (1, 1, %s)", [token])
    cursor.execute("SELECT generation FROM search_generation WHERE id = 1")
    generation = cursor.fetchone()[0]
    changed = None if everything else BitMap(doc_ids).serialize()
    cursor.execute("INSERT INTO search_change (generation, token, doc_ids, everything) VALUES (%s, %s, %s, %s)",
                   [generation, token, changed, everything])
    if generation % 100 == 0:
        cursor.execute("DELETE FROM search_change WHERE generation <= %s", [generation - KEPT_CHANGES])


def generation_seen(cursor) -> tuple[int, str]:
    cursor.execute("SELECT generation, token FROM search_generation WHERE id = 1")
    row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, "")


def first_day(hits: BitMap, earliest) -> str:
    """The ISO date of the earliest dated hit, where a walk of the date index may start ("" when
    none is dated, or when there are too many hits for looking at each to pay)."""
    dated = [day for day in map(earliest.__getitem__, hits) if day] if len(hits) < 200_000 else []
    start = min(dated) if dated else 0
    return f"{start // 10000:04d}-{start // 100 % 100:02d}-{start % 100:02d}" if start else ""


def day_number(value) -> int:
    """A date (or its ISO text, as SQLite returns it) as YYYYMMDD; 0 for none."""
    if not value:
        return 0
    if isinstance(value, str):
        return int(value[:10].replace("-", ""))
    return value.year * 10000 + value.month * 100 + value.day


@dataclass
class _Bitmaps:
    generation: int
    token: str
    documents: BitMap = field(default_factory=BitMap)
    values: dict[tuple[str, str], BitMap] = field(default_factory=dict)
    # Each document's date interval as YYYYMMDD, indexed by document id (0: undated), so a date
    # range filters hits without reading their rows.
    earliest: array = field(default_factory=lambda: array("i"))
    latest: array = field(default_factory=lambda: array("i"))

    def copy(self) -> "_Bitmaps":
        return _Bitmaps(self.generation, self.token, BitMap(self.documents),
                        {key: BitMap(bitmap) for key, bitmap in self.values.items()},
                        array("i", self.earliest), array("i", self.latest))

    def set_dates(self, doc_id: int, date_min, date_max) -> None:
        if doc_id >= len(self.earliest):
            grow = doc_id + 1 - len(self.earliest)
            self.earliest.extend(array("i", [0]) * grow)
            self.latest.extend(array("i", [0]) * grow)
        self.earliest[doc_id] = day_number(date_min)
        self.latest[doc_id] = day_number(date_max)

    def filtered(self, hits: BitMap, query) -> BitMap:
        """The hits that pass the query's facet filters and date range."""
        for facet, value in query.filters:
            hits = hits & self.values.get((facet, value), BitMap())
        if query.date_from or query.date_to:
            hits = self.within_dates(hits, query.date_from and query.date_from.earliest(),
                                     query.date_to and query.date_to.latest())
        return hits

    def within_dates(self, hits: BitMap, start: dt.date | None, end: dt.date | None) -> BitMap:
        """The hits whose date interval overlaps [start, end] (either may be open), as the
        backends' SQL reads it: a document may have been written on any day inside it."""
        earliest, latest = self.earliest, self.latest
        first, last = day_number(start), day_number(end)
        if first and last:
            return BitMap(d for d in hits if latest[d] >= first and 0 < earliest[d] <= last)
        if first:
            return BitMap(d for d in hits if latest[d] >= first)
        return BitMap(d for d in hits if 0 < earliest[d] <= last)

    def save(self, path: Path) -> None:
        """Write the state to `path` whole or not at all (readers may load it at any moment)."""
        parts = [self.documents.serialize(), *(bitmap.serialize() for bitmap in self.values.values()),
                 self.earliest.tobytes(), self.latest.tobytes()]
        header = json.dumps({"generation": self.generation, "token": self.token,
                             "values": list(self.values), "sizes": [len(part) for part in parts]}).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(len(header).to_bytes(8, "big") + header + b"".join(parts))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> "_Bitmaps | None":
        try:
            data = path.read_bytes()
            length = int.from_bytes(data[:8], "big")
            header = json.loads(data[8:8 + length])
            offset, parts = 8 + length, []
            for size in header["sizes"]:
                parts.append(data[offset:offset + size])
                offset += size
            *bitmaps, earliest, latest = parts
            bitmaps = [BitMap.deserialize(part) for part in bitmaps]
            if len(bitmaps) != len(header["values"]) + 1 or len(earliest) != len(latest) or offset != len(data):
                return None
            return cls(header["generation"], header["token"], bitmaps[0],
                       {tuple(key): bitmap for key, bitmap in zip(header["values"], bitmaps[1:])},
                       array("i", earliest), array("i", latest))
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return None  # no copy, or a damaged one: the caller builds from the database


class FacetBitmaps:
    """One process's bitmaps, shared by its threads. Readers never see a half-updated state: an
    update is built on a copy and swapped in whole."""

    def __init__(self, saved_copy: Path | None = None):
        self._state: _Bitmaps | None = None
        self._lock = threading.Lock()
        self._saved_copy = saved_copy

    def current(self, cursor) -> _Bitmaps:
        """The bitmaps as of the generation this cursor's transaction sees."""
        seen = generation_seen(cursor)
        state = self._state
        if state is not None and (state.generation, state.token) == seen:
            return state
        with self._lock:
            state = self._state
            if state is None or (state.generation, state.token) != seen:
                state = self._updated(cursor, state, seen)
                self._state = state
        return state

    def counts(self, cursor, hits: BitMap, state: _Bitmaps) -> list[tuple[str, str, int]] | None:
        """(facet, value, count) of every value the hits have, or None when the index changed
        since `state` was read (the caller then counts in SQL)."""
        if generation_seen(cursor) != (state.generation, state.token):
            return None
        rows = []
        for (facet, value), bitmap in state.values.items():
            count = hits.intersection_cardinality(bitmap)
            if count:
                rows.append((facet, value, count))
        return rows

    # --- keeping up --------------------------------------------------------------------------

    def _updated(self, cursor, state: _Bitmaps | None, seen: tuple[int, str]) -> _Bitmaps:
        generation, token = seen
        if state is None and self._saved_copy:
            state = _Bitmaps.load(self._saved_copy)
            if state is not None and (state.generation, state.token) == seen:
                return state
        if state is not None and state.generation < generation:
            cursor.execute(
                "SELECT generation, token, doc_ids, everything FROM search_change WHERE generation >= %s ORDER BY generation",
                [state.generation],
            )
            changes = cursor.fetchall()
            # The log must continue exactly from the state's own generation (a rolled-back write
            # leaves a state whose generation another write later reused with another token).
            starts_at_state = state.generation == 0 or (
                changes and changes[0][0] == state.generation and changes[0][1] == state.token)
            newer = [change for change in changes if change[0] > state.generation]
            contiguous = [change[0] for change in newer] == list(range(state.generation + 1, generation + 1))
            if starts_at_state and contiguous and newer[-1][1] == token and not any(change[3] for change in newer):
                changed = BitMap()
                for change in newer:
                    changed |= BitMap.deserialize(bytes(change[2]))
                if len(changed) <= PATCH_LIMIT:
                    return self._patched(cursor, state, changed, seen)
        state = self._rebuilt(cursor, seen)
        # A copy of a state that is never committed (read inside a writer's transaction that then
        # rolls back) is harmless: its token appears in no committed log, so no one patches from it.
        if self._saved_copy:
            try:
                state.save(self._saved_copy)
            except OSError:
                pass  # a read-only or full disk costs the next process a rebuild, nothing more
        return state

    def _rebuilt(self, cursor, seen: tuple[int, str]) -> _Bitmaps:
        state = _Bitmaps(*seen)
        cursor.execute("SELECT doc_id, date_min, date_max FROM search_doc")
        rows = cursor.fetchall()
        state.documents = BitMap(row[0] for row in rows)
        if rows:
            state.set_dates(max(state.documents), None, None)
        for doc_id, date_min, date_max in rows:
            state.set_dates(doc_id, date_min, date_max)
        cursor.execute("SELECT DISTINCT facet, value FROM search_facet")
        for facet, value in cursor.fetchall():
            cursor.execute("SELECT doc_id FROM search_facet WHERE facet = %s AND value = %s", [facet, value])
            state.values[(facet, value)] = BitMap(row[0] for row in cursor.fetchall())
        return state

    def _patched(self, cursor, state: _Bitmaps, changed: BitMap, seen: tuple[int, str]) -> _Bitmaps:
        state = state.copy()
        state.generation, state.token = seen
        state.documents -= changed
        for bitmap in state.values.values():
            bitmap -= changed
        ids = list(changed)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT doc_id, date_min, date_max FROM search_doc WHERE doc_id IN ({marks})", chunk)
            for doc_id, date_min, date_max in cursor.fetchall():
                state.documents.add(doc_id)
                state.set_dates(doc_id, date_min, date_max)
            cursor.execute(f"SELECT facet, value, doc_id FROM search_facet WHERE doc_id IN ({marks})", chunk)
            for facet, value, doc_id in cursor.fetchall():
                state.values.setdefault((facet, value), BitMap()).add(doc_id)
        state.values = {key: bitmap for key, bitmap in state.values.items() if bitmap}
        return state


_per_database: dict[tuple, FacetBitmaps] = {}


def facet_bitmaps(connection) -> FacetBitmaps:
    """The process's bitmaps of the database this connection opens (tests use two at once)."""
    from django.conf import settings

    database = connection.settings_dict
    key = (connection.vendor, str(database["NAME"]), database.get("HOST"), database.get("PORT"))
    if key not in _per_database:
        name = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
        _per_database[key] = FacetBitmaps(Path(settings.MOSAIC_HOME) / "cache" / f"facet-bitmaps-{name}.bin")
    return _per_database[key]


def bring_up_to_date(connection) -> FacetBitmaps:
    """Build or patch this process's bitmaps now. Searches call it before their time budget
    starts (building them for a million documents takes seconds, and is not the reader's query);
    `mosaic serve` calls it before answering, so forked workers start with them."""
    bitmaps = facet_bitmaps(connection)
    with connection.cursor() as cursor:
        bitmaps.current(cursor)
    return bitmaps


def hits_and_counts(connection, cursor, execute, query, ids_sql: str, params: list) -> tuple[int, list] | None:
    """The number of documents the query matches and its (facet, value, count) rows, or None if
    the index changed while they were read (count in SQL then). `ids_sql` selects the matching
    document ids; `execute` runs a statement within the search's time budget."""
    bitmaps = facet_bitmaps(connection)
    state = bitmaps.current(cursor)
    parsed = query.parsed
    if not (parsed.required or parsed.excluded):
        # Filters and dates alone: the bitmaps answer without reading a row.
        hits = state.filtered(state.documents, query)
    else:
        execute(ids_sql, params)
        # The SQL may leave the filters to the bitmaps; applying them again changes nothing.
        hits = state.filtered(BitMap(row[0] for row in cursor.fetchall()), query)
    rows = bitmaps.counts(cursor, hits, state)
    return None if rows is None else (len(hits), rows)
