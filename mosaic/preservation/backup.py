"""Backup and restore of a whole installation: the database as Django's portable JSON (so a backup
made on SQLite restores into PostgreSQL and back) and the stored files, each with its checksum in
a manifest written last. A folder without a manifest is not a backup.

What is left out is what a new installation makes itself (content types and permissions, from
its migrations), what is short-lived (sessions, login attempt logs), and what can be rebuilt (the
search index, page-image derivatives). Foreign keys to content types, permissions, groups and
users are written as natural keys, so the history stays attached to the right kinds of record
whatever ids the restoring installation gave its content types.
"""
from __future__ import annotations

import datetime
import importlib.metadata
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import django
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from tqdm import tqdm

from mosaic.changes.service import hand_over_derived_work
from mosaic.corpus.models import Document
from mosaic.preservation.blob_store import BlobMissing, blob_store, hash_stream
from mosaic.preservation.models import StoredFile
from mosaic.preservation.store import sha256_of_path

FORMAT = "mosaic-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
FILES = "files"

# Made by a new installation's own migrations, or short-lived: never backed up.
# The job queue and its workers describe this machine's work in progress, not the archive: a
# restore queues the derived work afresh (pending-analysis marks are kept: they refer to documents).
NOT_BACKED_UP_APPS = {"contenttypes", "sessions", "axes", "django_tasks_database", "jobs"}
# Derived from the documents and made again by the jobs a restore queues; emptied by a restore.
DERIVED_NOT_BACKED_UP = {"citations.keptcitation"}
NOT_BACKED_UP_MODELS = {"auth.permission", *DERIVED_NOT_BACKED_UP}
# What `mosaic init` loads into a new installation. A restore may find these filled and replaces
# them with the backup's own rows; rows of any other kind mean the installation is in use.
LOADED_BY_INIT = {
    "auth.group", "archives.repository", "entities.person", "entities.namevariant", "entities.office", "entities.authorityterm",
    "entities.termvariant", "context.relationsperiod", "context.embassycondition", "context.event",
    "subjects.subject",
}
SHA256_NAME = re.compile(r"[0-9a-f]{64}")


class BackupError(Exception):
    """Why a backup or restore cannot go on; the message is meant for the operator."""


@dataclass
class BackupSummary:
    directory: Path
    records: int
    kinds: int
    database_bytes: int
    files: int
    file_bytes: int
    seconds: float

    def __str__(self) -> str:
        return (f"Backup written to {self.directory}: {self.records:,} records of {self.kinds} kinds "
                f"({DATABASE}, {_size(self.database_bytes)}), {self.files:,} stored files ({_size(self.file_bytes)}); "
                f"every checksum is in {MANIFEST}. Took {self.seconds:.1f} s.")


@dataclass
class RestoreSummary:
    directory: Path
    records: int
    files_copied: int
    files_already_present: int
    file_bytes: int
    indexed: int | None
    seconds: float

    def __str__(self) -> str:
        index = (f"search index rebuilt ({self.indexed:,} public documents)" if self.indexed is not None
                 else f"no search index on {connection.vendor}, so none was rebuilt")
        return (f"Restored {self.directory} into {settings.MOSAIC_HOME}: {self.records:,} records, "
                f"{self.files_copied + self.files_already_present:,} stored files ({_size(self.file_bytes)}; "
                f"{self.files_already_present:,} were already in the store), {index}. "
                f"Every stored file and every record count was checked against the manifest. Took {self.seconds:.1f} s.")


# What is backed up ----------------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    return sorted(
        (model for model in apps.get_models()
         if not model._meta.proxy and model._meta.managed
         and model._meta.app_label not in NOT_BACKED_UP_APPS
         and model._meta.label_lower not in NOT_BACKED_UP_MODELS),
        key=lambda model: model._meta.label,
    )


def with_many_to_many_tables(model_list) -> list[type[models.Model]]:
    """The models and the join tables Django made for their many-to-many fields (a group's
    permissions, a user's groups): those rows travel inside their owner's records in the JSON
    but are counted, flushed and checked as tables of their own."""
    found = []
    for model in model_list:
        found.append(model)
        found.extend(field.remote_field.through for field in model._meta.local_many_to_many
                     if field.remote_field.through._meta.auto_created)
    return found


def row_counts(model_list) -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in with_many_to_many_tables(model_list)}


def schema_state() -> list[str]:
    """The latest migration of every app: a backup's JSON fits the models of exactly this schema."""
    executor = MigrationExecutor(connection)
    return sorted(f"{app}.{name}" for app, name in executor.loader.graph.leaf_nodes())


def unapplied_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def mosaic_version() -> str:
    try:
        return importlib.metadata.version("mosaic-archive")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# Backup ---------------------------------------------------------------------------------------


def make_backup(directory: Path, *, progress: bool | None = None) -> BackupSummary:
    """Write the database and every stored file into `directory` (empty or new), checking each
    file's checksum on the way; the manifest comes last, so a failure leaves no backup behind."""
    started = time.monotonic()
    directory = Path(directory).resolve()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} is not an empty folder; a backup goes into a new or empty folder, "
                          f"so it can never mix with an older one.")
    if not MigrationRecorder(connection).has_table():
        raise BackupError(f"There is no archive in {settings.MOSAIC_HOME} to back up (its database has no tables); "
                          f"is MOSAIC_HOME set to the installation you mean?")
    pending = unapplied_migrations()
    if pending:
        raise BackupError(f"The database lacks {len(pending)} migration(s) this Mosaic has ({', '.join(pending[:5])}"
                          f"{', ...' if len(pending) > 5 else ''}); run `mosaic init` first, then back up.")
    folder_was_made = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        return _write_backup(directory, started, progress)
    except BaseException:
        _remove_partial_backup(directory, remove_folder=folder_was_made)
        raise


def _write_backup(directory: Path, started: float, progress: bool | None) -> BackupSummary:
    database_path = directory / DATABASE
    model_list = backed_up_models()
    with transaction.atomic():
        # The dump, the counts and the list of files must describe one moment of the archive.
        # On SQLite the transaction gives that (edits wait meanwhile: Mosaic's transactions take
        # the write lock at once); PostgreSQL needs to be asked for a snapshot.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        dump_database(database_path, model_list)
        counts = row_counts(model_list)
        stored_files = list(StoredFile._base_manager.order_by("sha256").values_list("sha256", "size", "original_name"))
    _flush_to_disk(database_path)

    files_folder = directory / FILES
    files_folder.mkdir()
    entries, problems, file_bytes = [], [], 0
    store = blob_store()
    for sha256, size, original_name in _progress(stored_files, progress, "files"):
        source, target = store.describe(sha256), files_folder / sha256
        subject = f"{original_name} ({sha256})"
        try:
            reader = store.open(sha256)
        except BlobMissing:
            problems.append(f"{subject}: missing from the store (expected at {source})")
            continue
        with reader, open(target, "xb") as writer:
            actual_sha256, actual_size = copy_hashing(reader, writer)
        if actual_sha256 != sha256:
            problems.append(f"{subject}: altered in the store: {source} now has SHA-256 {actual_sha256}")
        elif actual_size != size:
            problems.append(f"{subject}: {source} has {actual_size:,} bytes, the catalogue says {size:,}")
        entries.append({"path": f"{FILES}/{sha256}", "sha256": sha256, "size": actual_size})
        file_bytes += actual_size
    if problems:
        raise BackupError(f"{len(problems)} stored file(s) are not what the catalogue says, so no backup was written "
                          f"(a backup would preserve the damage):\n  " + "\n  ".join(problems))

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "mosaic_version": mosaic_version(),
        "django_version": django.get_version(),
        "created": timezone.now().isoformat(timespec="seconds"),
        "database_vendor": connection.vendor,
        "schema": schema_state(),
        "counts": counts,
        "database": {"path": DATABASE, "sha256": sha256_of_path(database_path), "size": database_path.stat().st_size},
        "files": entries,
    }
    partial = directory / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _flush_to_disk(partial)
    os.replace(partial, directory / MANIFEST)
    _flush_to_disk(directory)
    return BackupSummary(directory=directory, records=sum(counts[model._meta.label] for model in model_list),
                         kinds=len(model_list), database_bytes=manifest["database"]["size"],
                         files=len(entries), file_bytes=file_bytes, seconds=time.monotonic() - started)


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds, as JavaScript reads them; a backup keeps every
    microsecond, so restored timestamps order and compare exactly as the original ones did."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def dump_database(path: Path, model_list) -> None:
    """Django's JSON of every record of these models, as `dumpdata --natural-foreign --all` writes
    it (models ordered so natural keys resolve on loading) but with full-precision times."""
    by_app: dict = {}
    for model in model_list:
        by_app.setdefault(model._meta.app_config, []).append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)

    def records():
        for model in ordered:
            yield from model._base_manager.order_by(model._meta.pk.name).iterator()

    with open(path, "w", encoding="utf-8") as stream:
        serializers.serialize("json", records(), stream=stream, use_natural_foreign_keys=True,
                              cls=FullPrecisionEncoder)


def _remove_partial_backup(directory: Path, *, remove_folder: bool) -> None:
    # Only what make_backup writes: the folder was empty (or new) when it began.
    for name in (MANIFEST, MANIFEST + ".partial", DATABASE):
        (directory / name).unlink(missing_ok=True)
    shutil.rmtree(directory / FILES, ignore_errors=True)
    if remove_folder:
        try:
            directory.rmdir()
        except OSError:
            pass  # someone else put something there meanwhile; leave it to them


def copy_hashing(reader: BinaryIO, writer: BinaryIO) -> tuple[str, int]:
    """Copy a stored file's bytes into `writer` and onto the disk; return the SHA-256 and size of
    what was read, so the copy is checked by the same pass that makes it."""
    found = hash_stream(reader, writer)
    writer.flush()
    os.fsync(writer.fileno())
    return found


def _flush_to_disk(path: Path) -> None:
    # The manifest promises that what it lists is on disk, so the listed bytes must reach the
    # disk before it does, not whenever the system gets round to writing them.
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# Verifying a backup ---------------------------------------------------------------------------


def verify_backup(directory: Path, *, progress: bool | None = None) -> dict:
    """Read the manifest and check every file it lists; raise BackupError naming each problem."""
    directory = Path(directory).resolve()
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        detail = ("the folder does not exist" if not directory.exists() else
                  "an incomplete backup (a backup that failed, or one still being written) has none")
        raise BackupError(f"{directory} is not a Mosaic backup: there is no {MANIFEST} ({detail}).")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{manifest_path} cannot be read as JSON ({error}); the backup is damaged.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{manifest_path} is not the manifest of a Mosaic backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{manifest_path} is in backup format {manifest.get('format_version')}; this Mosaic "
                          f"({mosaic_version()}) reads format {FORMAT_VERSION}. Restore it with the Mosaic that made it "
                          f"({manifest.get('mosaic_version', 'unknown version')}).")
    shapes = {"schema": list, "counts": dict, "database": dict, "files": list}
    damaged = [key for key, shape in shapes.items() if not isinstance(manifest.get(key), shape)]
    if damaged:
        raise BackupError(f"{manifest_path} lacks a proper {', '.join(damaged)}; the backup is damaged.")

    listed = [manifest["database"], *manifest["files"]]
    problems = []
    for entry in _progress(listed, progress, "checking"):
        problem = _problem_with(directory, entry)
        if problem:
            problems.append(problem)
    if problems:
        raise BackupError(f"The backup in {directory} does not match its manifest; nothing was restored:\n  "
                          + "\n  ".join(problems))
    return manifest


def _problem_with(directory: Path, entry: dict) -> str | None:
    try:
        relative, sha256, size = entry["path"], entry["sha256"], entry["size"]
    except (KeyError, TypeError):
        return f"{MANIFEST}: a damaged entry {entry!r}"
    # The manifest names the files to open: only the two shapes a backup writes are accepted, so
    # a damaged or doctored manifest cannot point the restore outside the backup folder.
    if not (relative == DATABASE or (relative == f"{FILES}/{sha256}" and SHA256_NAME.fullmatch(sha256))):
        return f"{MANIFEST}: an entry names {relative!r}, which is not a file a backup holds"
    path = directory / relative
    if not path.is_file():
        return f"{relative}: missing"
    actual_size = path.stat().st_size
    actual_sha256 = sha256_of_path(path)
    if actual_sha256 != sha256:
        return f"{relative}: altered (SHA-256 {actual_sha256}, the manifest says {sha256})"
    if actual_size != size:
        return f"{relative}: {actual_size:,} bytes, the manifest says {size:,}"
    return None


# Restore --------------------------------------------------------------------------------------


def restore_backup(directory: Path, *, progress: bool | None = None) -> RestoreSummary:
    """Check the backup, then load it into this installation, which must be new (see
    installation_contents). The database is loaded in one transaction and checked before it
    commits; files are copied into the store first, which is harmless: it is content-addressed."""
    started = time.monotonic()
    directory = Path(directory).resolve()
    manifest = verify_backup(directory, progress=progress)
    _refuse_other_schema(manifest)
    contents = installation_contents()
    if contents:
        shown = contents[:6] + ([f"and {len(contents) - 6} more kinds of record"] if len(contents) > 6 else [])
        raise BackupError(
            f"The installation in {settings.MOSAIC_HOME} is not empty, so nothing was restored. It holds "
            f"{'; '.join(shown)}.\nA restore goes only into a new installation: one holding nothing beyond what "
            f"`mosaic init` loads (repositories, name authority, vocabulary terms, staff roles, context events), "
            f"which the backup's own rows replace. Set MOSAIC_HOME to a new folder and restore there."
        )
    for folder in (settings.MOSAIC_HOME, settings.MOSAIC_HOME / "files", settings.MOSAIC_HOME / "index"):
        folder.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)

    copied = already_present = file_bytes = 0
    try:
        for entry in _progress(manifest["files"], progress, "files"):
            was_copied = _place_in_store(directory / entry["path"], entry["sha256"])
            copied += was_copied
            already_present += not was_copied
            file_bytes += entry["size"]
        with transaction.atomic():
            records = _load_database(directory / manifest["database"]["path"], manifest["counts"])
            indexed = _rebuild_search_index()
            _check_stored_files(progress)
            # The index is rebuilt above and the checksums came back as recorded (evidence, not to
            # be recomputed from the restored text): only what jobs derive is left to them, which
            # redo nothing that is already current.
            hand_over_derived_work(Document.objects.values_list("pk", flat=True), "restored from a backup")
    except (Exception, KeyboardInterrupt) as error:
        reason = "interrupted" if isinstance(error, KeyboardInterrupt) else str(error)
        left = (f" The {copied:,} file(s) already copied into the store stay there: the store is content-addressed, "
                f"so they harm nothing and a later restore reuses them." if copied else "")
        raise BackupError(f"The restore failed and the database load was rolled back, so the database holds "
                          f"nothing from the backup.{left}\nReason: {reason}") from error
    return RestoreSummary(directory=directory, records=records, files_copied=copied,
                          files_already_present=already_present, file_bytes=file_bytes, indexed=indexed,
                          seconds=time.monotonic() - started)


def _refuse_other_schema(manifest: dict) -> None:
    theirs, ours = set(manifest["schema"]), set(schema_state())
    if theirs == ours:
        return
    # Django's JSON is shaped by the models of the code that wrote it, so only that code's schema
    # loads it faithfully; a newer Mosaic then migrates the restored database forward as usual.
    lines = [f"only in the backup: {name}" for name in sorted(theirs - ours)]
    lines += [f"only in this Mosaic: {name}" for name in sorted(ours - theirs)]
    raise BackupError(
        f"The backup was made by Mosaic {manifest.get('mosaic_version', '(unknown version)')} with another database "
        f"schema than this Mosaic ({mosaic_version()}) has, so nothing was restored:\n  " + "\n  ".join(lines)
        + "\nRestore it with the Mosaic version that made it, then upgrade that installation."
    )


def installation_contents() -> list[str]:
    """What this installation holds beyond what `mosaic init` loads, as "N things (app.Model)";
    empty for a new installation. Read with plain counts, so it works on a database that is
    not yet (or not fully) migrated."""
    existing_tables = set(connection.introspection.table_names())
    tables = with_many_to_many_tables(backed_up_models())
    # Named first: the records that make an installation unmistakably in use.
    telling = ["corpus.Document", "auth.User", "preservation.StoredFile", "reversion.Revision"]
    rank = {label: position for position, label in enumerate(telling)}
    tables.sort(key=lambda model: (rank.get(model._meta.label, len(telling)), model._meta.label))
    found = []
    with connection.cursor() as cursor:
        for model in tables:
            owner = model._meta.auto_created or model
            if owner._meta.label_lower in LOADED_BY_INIT or model._meta.db_table not in existing_tables:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}")
            count = cursor.fetchone()[0]
            if count:
                found.append(f"{count:,} {model._meta.verbose_name_plural} ({model._meta.label})")
    return found


def _load_database(database_path: Path, expected_counts: dict[str, int]) -> int:
    model_list = backed_up_models()
    tables = [model._meta.db_table for model in with_many_to_many_tables(model_list)]
    tables += [apps.get_model(label)._meta.db_table for label in sorted(DERIVED_NOT_BACKED_UP)]
    # What `mosaic init` loaded goes, so that the backup's rows, ids included, are all that is left.
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))
    # loaddata's saves are raw, which Mosaic's receivers leave alone: the backup holds the derived
    # rows (checksums, markers, name links, trash snapshots) as they were.
    call_command("loaddata", str(database_path), verbosity=0)
    counts = row_counts(model_list)
    differences = [f"{label}: {counts.get(label, 0):,} loaded, the manifest says {expected:,}"
                   for label, expected in sorted(expected_counts.items()) if counts.get(label, 0) != expected]
    differences += [f"{label}: {count:,} loaded, the manifest lists none" for label, count in sorted(counts.items())
                    if label not in expected_counts and count]
    if differences:
        raise BackupError("the loaded database does not match the manifest's counts:\n  " + "\n  ".join(differences))
    return sum(counts[model._meta.label] for model in model_list)


def _rebuild_search_index() -> int | None:
    from mosaic.search.index import get_backend, rebuild

    try:
        get_backend()
    except ImproperlyConfigured:
        return None  # this database has no search backend; there is no index to rebuild
    return rebuild()


def _place_in_store(source: Path, sha256: str) -> bool:
    """Put one file into the store, checking its bytes on the way; False when the store had it."""
    store = blob_store()
    if store.holds_intact(sha256):
        return False
    with store.incoming() as new, open(source, "rb") as reader:
        hash_stream(reader, new)
        if new.finish() != sha256:
            raise BackupError(f"{source} changed while it was being restored: its SHA-256 is now {new.sha256}")
        # Replaces a damaged copy left in the store, if there was one.
        store.put(new, sha256, repair=True)
    return True


def _check_stored_files(progress: bool | None) -> None:
    problems = []
    store = blob_store()
    rows = StoredFile._base_manager.order_by("sha256").values_list("sha256", "size", "original_name")
    for sha256, size, original_name in _progress(list(rows), progress, "verifying"):
        try:
            found = store.hash(sha256)
        except BlobMissing:
            problems.append(f"{original_name} ({sha256}): not in the store at {store.describe(sha256)}")
            continue
        if found != (sha256, size):
            problems.append(f"{original_name} ({sha256}): the bytes at {store.describe(sha256)} do not match")
    if problems:
        raise BackupError("after loading, the store does not hold every file the database lists:\n  "
                          + "\n  ".join(problems))


# Shared ---------------------------------------------------------------------------------------


def _progress(items: list, progress: bool | None, label: str):
    # None shows a bar only on a terminal, as tqdm decides; the bar goes to stderr, beside errors.
    return tqdm(items, desc=label, unit="file", disable=None if progress is None else not progress, file=sys.stderr,
                leave=False)


def _size(count: float) -> str:
    if count < 1024:
        return f"{count:,.0f} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        count /= 1024
        if count < 1024 or unit == "TB":
            break
    return f"{count:,.1f} {unit}"
