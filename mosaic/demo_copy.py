"""The demo corpus for tests: loaded by `load_demo` once in a test process, then copied in.

Loading the demo runs the whole import (history, index, name links, collections, tags) and costs
several seconds; about thirty tests need it only as their starting point. The first of them in a
process loads it for real and this module keeps a copy of every table's rows (and the bytes of
the stored files the rows name); each later one has the rows written back in one transaction.
The copy is taken from the database the load wrote, so a test sees exactly what `load_demo`
makes. The loading itself is tested where it is the subject (quick start, collections, history).

SQLite only: full-text tables (FTS5) are refilled through the table, never through its private
shadow tables, so the full-text index stays its own. PostgreSQL runs load the demo each time.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction

FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
# Tables a test may find filled before it asks for the demo (migrations fill them); any other
# row would be overwritten by the copy, so the fixture refuses to start on it.
FILLED_BY_MIGRATIONS = {"django_migrations", "django_content_type", "auth_permission", "django_site", "sqlite_sequence"}


@dataclass
class DemoCopy:
    tables: list[tuple[str, list[str], list[tuple]]] = field(default_factory=list)  # name, columns, rows
    full_text: list[tuple[str, list[str], list[tuple]]] = field(default_factory=list)  # rowid first
    files: dict[str, bytes] = field(default_factory=dict)  # sha256 -> bytes of the stored files


_copy: DemoCopy | None = None  # this process's


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _layout(cursor) -> tuple[list[str], list[str]]:
    """(ordinary tables, FTS5 tables) of the database, in a stable order."""
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    tables = cursor.fetchall()
    fts5 = [name for name, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")
            and "USING FTS5(" in (sql or "").upper().replace(" (", "(")]
    virtual = {name for name, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    shadows = {f"{name}{suffix}" for name in fts5 for suffix in FTS5_SHADOWS}
    ordinary = [name for name, _sql in tables if name not in virtual and name not in shadows
                and (name == "sqlite_sequence" or not name.startswith("sqlite_"))]
    return ordinary, fts5


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(f"PRAGMA table_info({_quoted(table)})")
    return [row[1] for row in cursor.fetchall()]


def _read(cursor, table: str, columns: list[str]) -> list[tuple]:
    cursor.execute(f"SELECT {', '.join(_quoted(c) for c in columns)} FROM {_quoted(table)}")
    return cursor.fetchall()


def unexpected_rows() -> list[str]:
    """Tables of records holding rows before the demo comes in, which the copy would silently
    replace. Only the models' tables are looked at: the search index's own tables mirror the
    records, and the copy replaces them whole."""
    raw = connection.connection.cursor()
    found = []
    for table in sorted(connection.introspection.django_table_names(only_existing=True)):
        if table in FILLED_BY_MIGRATIONS:
            continue
        raw.execute(f"SELECT 1 FROM {_quoted(table)} LIMIT 1")
        if raw.fetchone():
            found.append(table)
    return found


def take_copy() -> DemoCopy:
    """Every row of the database as it is now (just after `load_demo`), and the stored files."""
    from mosaic.preservation.models import StoredFile
    from mosaic.preservation.store import path_for

    raw = connection.connection.cursor()
    ordinary, fts5 = _layout(raw)
    copy = DemoCopy()
    for table in ordinary:
        columns = _columns(raw, table)
        copy.tables.append((table, columns, _read(raw, table, columns)))
    for table in fts5:
        columns = ["rowid", *_columns(raw, table)]
        copy.full_text.append((table, columns, _read(raw, table, columns)))
    for sha256 in StoredFile.objects.values_list("sha256", flat=True):
        copy.files[sha256] = path_for(sha256).read_bytes()
    return copy


def write_copy(copy: DemoCopy) -> None:
    """Replace every row with the copy's, in one transaction (the test's own, when it has one)."""
    from mosaic.preservation.store import path_for

    with transaction.atomic():
        raw = connection.connection.cursor()
        for table, columns, rows in copy.tables + copy.full_text:
            raw.execute(f"DELETE FROM {_quoted(table)}")
            if rows:
                marks = ", ".join("?" * len(columns))
                raw.executemany(f"INSERT INTO {_quoted(table)} ({', '.join(_quoted(c) for c in columns)}) "
                                f"VALUES ({marks})", rows)
    for sha256, data in copy.files.items():
        path = path_for(sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def forget_what_processes_keep() -> None:
    """The caches of this process that a write through Django would have told (the rows came in
    underneath the ORM)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    from mosaic.common import page_cache

    ContentType.objects.clear_cache()
    caches[page_cache.FRAGMENTS].clear()
    page_cache._in_process.clear()
    page_cache.pages_changed()


def bring_in_demo() -> None:
    """Make the test database hold the demo, as `load_demo` leaves it."""
    global _copy
    from mosaic.ingest.demo import load_demo

    connection.ensure_connection()
    unexpected = unexpected_rows()
    if unexpected:
        raise RuntimeError("the demo must come into an empty archive, before any fixture writes (ask for demo_db "
                           "first); rows were found in " + ", ".join(unexpected))
    if connection.vendor != "sqlite":
        load_demo(progress=False)
        return
    if _copy is None:
        load_demo(progress=False)
        _copy = take_copy()
        return
    write_copy(_copy)
    forget_what_processes_keep()
