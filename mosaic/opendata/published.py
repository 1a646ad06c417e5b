"""The dumps published under MOSAIC_HOME/open-data/ and the one /data/ shows.

`mosaic export --publish` writes `open-data/<UTC time>/` (e.g. 20250101T120000Z) and beside it
`<UTC time>.zip` of the same files (with its SHA-256 in `<UTC time>.zip.sha256`), and keeps the
newest MOSAIC_OPEN_DATA_KEEP of them. The zip is in place before its folder appears, and a folder
appears only complete, so whatever the page finds is whole. Publishers take turns through a lock
on the folder; readers never wait.

The page and the downloads serve the latest dump only, and of it only the files its
datapackage.json lists, with the TEI files tei.csv lists: nothing else under MOSAIC_HOME can be
asked for.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import functools
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from mosaic.opendata.export import ExportError, ExportSummary, export_dump
from mosaic.opendata.package import PACKAGE_FILE, sha256_of
from mosaic.opendata.tables import TEI_FILES

FOLDER = "open-data"
STAMP = re.compile(r"^\d{8}T\d{6}Z$")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
DEFAULT_KEEP = 3


def open_data_folder() -> Path:
    return Path(settings.MOSAIC_HOME) / FOLDER


def kept_dumps() -> int:
    return max(1, int(getattr(settings, "MOSAIC_OPEN_DATA_KEEP", DEFAULT_KEEP)))


@dataclass(frozen=True)
class PublishedDump:
    stamp: str
    folder: Path
    zip_path: Path
    zip_sha256: str
    package: dict

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.package["created"].replace("Z", "+00:00"))

    @property
    def zip_name(self) -> str:
        return f"mosaic-open-data-{self.stamp}.zip"

    def paths(self) -> frozenset[str]:
        """Every file the dump lists, as a path relative to its folder."""
        return _listed_paths(str(self.folder))

    def file(self, path: str) -> Path | None:
        """The file at `path` in this dump if the dump lists it, else None."""
        if path not in self.paths():
            return None
        found = (self.folder / path).resolve()
        if not found.is_relative_to(self.folder.resolve()) or not found.is_file():
            return None
        return found

    def resource(self, path: str) -> dict | None:
        return next((r for r in self.package["resources"] if r["path"] == path), None)


@functools.lru_cache(maxsize=4)
def _listed_paths(folder: str) -> frozenset[str]:
    """The paths the dump in `folder` lists. A published dump never changes, so this is read once
    per process; the TEI files of 100,000 documents make a set of a few MB."""
    package = json.loads((Path(folder) / PACKAGE_FILE).read_text(encoding="utf-8"))
    paths = {resource["path"] for resource in package["resources"]}
    with (Path(folder) / TEI_FILES.path).open(encoding="utf-8", newline="") as handle:
        paths.update(row["path"] for row in csv.DictReader(handle))
    return frozenset(paths)


@functools.lru_cache(maxsize=4)
def _package(folder: str) -> dict:
    return json.loads((Path(folder) / PACKAGE_FILE).read_text(encoding="utf-8"))


def _complete_stamps(root: Path) -> list[str]:
    """The dumps in `root` that are whole (folder, datapackage, zip and its checksum), newest first."""
    if not root.is_dir():
        return []
    return sorted((entry.name for entry in root.iterdir()
                   if STAMP.match(entry.name) and (entry / PACKAGE_FILE).is_file()
                   and (root / f"{entry.name}.zip").is_file() and (root / f"{entry.name}.zip.sha256").is_file()),
                  reverse=True)


def latest() -> PublishedDump | None:
    root = open_data_folder()
    stamps = _complete_stamps(root)
    if not stamps:
        return None
    return _dump(root, stamps[0])


def _dump(root: Path, stamp: str) -> PublishedDump:
    zip_sha256 = (root / f"{stamp}.zip.sha256").read_text(encoding="utf-8").split()[0]
    return PublishedDump(stamp, root / stamp, root / f"{stamp}.zip", zip_sha256, _package(str(root / stamp)))


@contextlib.contextmanager
def _publishing(root: Path):
    """One publisher at a time; a second one is told so rather than kept waiting."""
    with open(root / ".publishing.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportError(f"{root}: another `mosaic export --publish` is running; try again when it ends") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(created: dt.datetime | None = None, keep: int | None = None) -> tuple[PublishedDump, ExportSummary, list[str]]:
    """Write a new dump under MOSAIC_HOME/open-data/, zip it and keep the newest `keep`
    (MOSAIC_OPEN_DATA_KEEP) dumps. Returns the dump, what it holds and the stamps removed."""
    root = open_data_folder()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"{root} cannot be created ({error.strerror})") from None
    created = (created or timezone.now()).astimezone(dt.timezone.utc).replace(microsecond=0)
    stamp = created.strftime(STAMP_FORMAT)
    with _publishing(root):
        _clear_partial(root)
        if (root / stamp).exists():
            raise ExportError(f"{root / stamp} exists already: a dump was published this second; try again")
        partial = root / f".{stamp}.partial"
        summary = export_dump(partial, created=created)
        zip_sha256 = _zip(partial, root / f".{stamp}.zip.partial", top=f"mosaic-open-data-{stamp}")
        (root / f".{stamp}.zip.sha256.partial").write_text(f"{zip_sha256}  mosaic-open-data-{stamp}.zip\n",
                                                           encoding="utf-8")
        os.replace(root / f".{stamp}.zip.partial", root / f"{stamp}.zip")
        os.replace(root / f".{stamp}.zip.sha256.partial", root / f"{stamp}.zip.sha256")
        os.rename(partial, root / stamp)  # the dump appears now, whole
        summary.folder = root / stamp
        removed = _prune(root, keep or kept_dumps())
    return _dump(root, stamp), summary, removed


def _zip(folder: Path, target: Path, top: str) -> str:
    with zipfile.ZipFile(target, "x", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return sha256_of(target)[0]


def _clear_partial(root: Path) -> None:
    """What an interrupted publish left (only ever under the lock, so no publish is running)."""
    for entry in root.iterdir():
        if entry.name.startswith(".") and ".partial" in entry.name:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _prune(root: Path, keep: int) -> list[str]:
    removed = []
    for stamp in _complete_stamps(root)[keep:]:
        # The zip first: without it the folder no longer counts as a dump.
        for name in (f"{stamp}.zip", f"{stamp}.zip.sha256"):
            (root / name).unlink(missing_ok=True)
        shutil.rmtree(root / stamp)
        removed.append(stamp)
    return removed
