"""Where stored files' bytes live, behind one small interface: a local folder (the default) or an
S3-compatible bucket through django-storages, for installations of several web and worker
machines (docs/deploy.md). Either way a blob is named by its SHA-256 (`sha256/ab/abcdef…` under
the folder or the bucket's prefix), written once and never overwritten while its bytes are what
its name says. The catalogue (StoredFile) and the checks of what a file is live in store.py;
this module only keeps bytes.

Pillow, PDFium and Tesseract need a real file: `local_path` gives the local store's own file, or a
copy of the bucket's object in a bounded cache on this machine (MOSAIC_FILE_CACHE), checked
against its name when it is fetched.
"""
from __future__ import annotations

import base64
from abc import ABC, abstractmethod
import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import os
import re
import tempfile
import time
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, Iterator

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CHUNK = 1024 * 1024
PREFIX = "sha256"
SHA256_NAME = re.compile(r"[0-9a-f]{64}")
# The alias in settings.STORAGES of the bucket that holds the blobs (set from MOSAIC_FILE_STORAGE).
STORAGE_ALIAS = "mosaic_files"
# A cached copy used this recently is never evicted: another thread or process may be about to
# open the path it was just given.
CACHE_GRACE_SECONDS = 60


class BlobMissing(FileNotFoundError):
    """No blob under this name."""


class BlobDamaged(OSError):
    """The blob's bytes do not hash to its name."""


class BlobRefused(ValueError):
    """A write whose bytes do not hash to the name it was asked to go under."""


def blob_key(sha256: str) -> str:
    if not SHA256_NAME.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 in hex: {sha256!r}")
    return f"{PREFIX}/{sha256[:2]}/{sha256}"


def hash_stream(reader: BinaryIO, writer: BinaryIO | None = None) -> tuple[str, int]:
    """The SHA-256 and size of what `reader` holds, copied into `writer` on the way if given."""
    digest, size = hashlib.sha256(), 0
    while chunk := reader.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if writer is not None:
            writer.write(chunk)
    return digest.hexdigest(), size


# This process's temporary files not yet discarded: an interrupted command removes them on its way
# out (`discard_unfinished_incoming`), since the interruption may land where no `finally` runs.
_unfinished: set[str] = set()


class Incoming:
    """A new blob's bytes in a local temporary file, hashed as they are written: a store writes
    only from one of these, under the name its own hash gives.

    The writer holds an flock on the file until it is discarded, so a temporary file nobody holds
    was left by a writer that is gone (kill -9) and may be removed (`remove_abandoned_incoming`)."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        while True:
            handle, name = tempfile.mkstemp(dir=folder)
            _unfinished.add(name)
            # Made but not yet locked, it looks abandoned to a clearer, which may remove it in that
            # instant (remove_abandoned_incoming): then it is made again.
            try:
                # A descriptor of its own: closing the written file in `finish` must not free the lock.
                hold = os.open(name, os.O_RDONLY)
            except FileNotFoundError:
                os.close(handle)
                continue
            fcntl.flock(hold, fcntl.LOCK_EX)
            with contextlib.suppress(FileNotFoundError):
                if os.stat(name).st_ino == os.fstat(hold).st_ino:
                    break
            os.close(hold)
            os.close(handle)
        self.path = Path(name)
        self._hold = hold
        self._out = os.fdopen(handle, "wb")
        self._digest = hashlib.sha256()
        self.size = 0
        self.sha256 = ""

    def write(self, chunk: bytes) -> None:
        self._digest.update(chunk)
        self.size += len(chunk)
        self._out.write(chunk)

    def finish(self) -> str:
        """Close the file (its bytes on the disk) and return their SHA-256."""
        if not self._out.closed:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            self.sha256 = self._digest.hexdigest()
        return self.sha256

    def discard(self) -> None:
        self._out.close()
        self.path.unlink(missing_ok=True)
        _unfinished.discard(str(self.path))
        if self._hold >= 0:
            os.close(self._hold)
            self._hold = -1


def discard_unfinished_incoming(folder: Path) -> None:
    """For a command stopped by a signal: remove its own temporary files, and any in `folder`
    nobody holds (one made in the instant before it was noted or locked)."""
    for name in list(_unfinished):
        Path(name).unlink(missing_ok=True)
    _unfinished.clear()
    remove_abandoned_incoming(folder)


def remove_abandoned_incoming(folder: Path) -> int:
    """Remove the temporary files in `folder` whose writers are gone; return how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        try:
            if not path.is_file():
                continue
            descriptor = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue  # its writer stored or discarded it meanwhile
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink(missing_ok=True)
            removed += 1
        except BlockingIOError:
            pass  # a writer still at work (a slow upload, a long page count)
        finally:
            os.close(descriptor)
    return removed


class BlobStore(ABC):
    """What every reader and writer of stored bytes calls; see LocalBlobStore and S3BlobStore."""

    # How many blobs a reader of many (the audit) should read at once.
    read_concurrency = 1

    @abstractmethod
    def incoming_folder(self) -> Path:
        """Where new bytes are written and hashed before they are stored."""

    @abstractmethod
    def put(self, new: Incoming, sha256: str | None = None, *, repair: bool = False) -> bool:
        """Store `new` under its own SHA-256 (which must be `sha256` when given); True if written,
        False if the store already held it. Existing bytes are replaced only with `repair`, and
        only when they no longer hash to their name (a restore mending a damaged store)."""

    @abstractmethod
    def open(self, sha256: str) -> BinaryIO:
        """The blob's bytes as a stream (BlobMissing if there are none)."""

    @abstractmethod
    def exists(self, sha256: str) -> bool:
        """Whether the store holds bytes under this name."""

    @abstractmethod
    def size(self, sha256: str) -> int:
        """The stored blob's size in bytes."""

    @abstractmethod
    def delete(self, sha256: str) -> None:
        """Only for a blob no record names: one a failed or interrupted transaction wrote
        (store.removing_new_files_on_failure, import_journal.clear_interrupted), or an orphan
        `mosaic audit --repair` removes."""

    @abstractmethod
    def written_at(self, sha256: str) -> dt.datetime:
        """When the blob was stored (BlobMissing if there is none)."""

    @abstractmethod
    def blobs(self) -> Iterator[tuple[str, int]]:
        """Every object under `sha256/` as (key, size), whatever its name: the audit's orphan check."""

    @abstractmethod
    def local_path(self, sha256: str) -> Path:
        """A real file holding the blob's bytes, for the libraries that need one."""

    @abstractmethod
    def describe(self, sha256: str) -> str:
        """Where the blob is (or would be), for messages."""

    @contextlib.contextmanager
    def incoming(self) -> Iterator[Incoming]:
        """A temporary file for a new blob, removed afterwards unless `put` took it."""
        new = Incoming(self.incoming_folder())
        try:
            yield new
        finally:
            new.discard()

    def hash(self, sha256: str) -> tuple[str, int]:
        """The SHA-256 and size of the bytes now stored under this name, read in full."""
        with self.open(sha256) as reader:
            return hash_stream(reader)

    def holds_intact(self, sha256: str) -> bool:
        try:
            return self.hash(sha256)[0] == sha256
        except BlobMissing:
            return False

    @staticmethod
    def _checked(new: Incoming, sha256: str | None) -> str:
        actual = new.finish()
        if sha256 is not None and actual != sha256:
            raise BlobRefused(f"bytes with SHA-256 {actual} cannot be stored under {sha256}")
        return actual


class LocalBlobStore(BlobStore):
    """Files in a folder: `<root>/sha256/ab/abcdef…`, read-only once written."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / blob_key(sha256)

    def incoming_folder(self) -> Path:
        # Inside the store, so a finished file moves into place on the same file system.
        return self.root / "incoming"

    def put(self, new: Incoming, sha256: str | None = None, *, repair: bool = False) -> bool:
        sha256 = self._checked(new, sha256)
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(new.path, 0o444)  # written once; the audit says if anything changes it anyway
        try:
            # A hard link appears only if nothing is there yet, in one step, so two processes
            # storing the same scan at once cannot replace each other's file.
            os.link(new.path, target)
            return True
        except FileExistsError:
            if repair and not self.holds_intact(sha256):
                os.replace(new.path, target)
                return True
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EMLINK):
                raise
        # A file system without hard links (some network mounts): check, then move into place.
        if target.exists() and not (repair and not self.holds_intact(sha256)):
            return False
        os.replace(new.path, target)
        return True

    def open(self, sha256: str) -> BinaryIO:
        try:
            return open(self.path(sha256), "rb")
        except FileNotFoundError:
            raise BlobMissing(f"no file at {self.path(sha256)}") from None

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            raise BlobMissing(f"no file at {self.path(sha256)}") from None

    def delete(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def written_at(self, sha256: str) -> dt.datetime:
        try:
            # A blob is linked into place from its finished temporary file: this is its writing.
            return dt.datetime.fromtimestamp(self.path(sha256).stat().st_mtime, dt.timezone.utc)
        except FileNotFoundError:
            raise BlobMissing(f"no file at {self.path(sha256)}") from None

    def blobs(self) -> Iterator[tuple[str, int]]:
        folder = self.root / PREFIX
        if folder.is_dir():
            for path in sorted(folder.glob("*/*")):
                yield path.relative_to(self.root).as_posix(), path.stat().st_size

    def local_path(self, sha256: str) -> Path:
        path = self.path(sha256)
        if not path.is_file():
            raise BlobMissing(f"no file at {path}")
        return path

    def describe(self, sha256: str) -> str:
        return str(self.path(sha256))


class S3BlobStore(BlobStore):
    """Objects in an S3-compatible bucket, through django-storages' S3Storage (its settings,
    credentials and per-thread clients). Writes are conditional (If-None-Match), so an object,
    once there, is never replaced by a second writer, and carry their SHA-256 for the server to
    check on arrival; reads stream, so the audit hashes a file without holding it."""

    # Each read waits mostly on the network; boto3's clients may be shared between threads.
    read_concurrency = 8

    def __init__(self, storage, *, cache: Path, cache_bytes: int):
        self.storage = storage
        self.prefix = (storage.location or "").strip("/")
        self.cache = Path(cache)
        self.cache_bytes = cache_bytes

    @cached_property
    def _client(self):
        # The storage keeps a client per thread; one, made once, serves the audit's reading threads
        # too, instead of each new thread paying for a client of its own. Made when first needed,
        # as a command that only looks at the incoming folder never needs one.
        return self.storage.connection.meta.client

    def _full_key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _cached(self, sha256: str) -> Path:
        return self.cache / blob_key(sha256)

    def incoming_folder(self) -> Path:
        return self.cache / "incoming"

    def put(self, new: Incoming, sha256: str | None = None, *, repair: bool = False) -> bool:
        sha256 = self._checked(new, sha256)
        condition = {"IfNoneMatch": "*"}
        if self.exists(sha256):
            if not repair or self.holds_intact(sha256):
                return False
            condition = {}  # damaged bytes, proven so: the one case an object is replaced
        with open(new.path, "rb") as body:
            try:
                self._client.put_object(Bucket=self.storage.bucket_name, Key=self._full_key(blob_key(sha256)),
                                        Body=body, ChecksumSHA256=base64.b64encode(bytes.fromhex(sha256)).decode(),
                                        **condition)
            except self._client.exceptions.ClientError as error:
                if error.response.get("Error", {}).get("Code") == "PreconditionFailed":
                    return False  # another machine stored the same bytes first
                raise
        # The machine that stored a scan is usually the one that reads it next (page count, OCR).
        self._keep_in_cache(new.path, sha256)
        return True

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self._client.get_object(Bucket=self.storage.bucket_name,
                                           Key=self._full_key(blob_key(sha256)))["Body"]
        except self._client.exceptions.NoSuchKey:
            raise BlobMissing(f"no object at {self.describe(sha256)}") from None

    def exists(self, sha256: str) -> bool:
        return self.storage.exists(blob_key(sha256))

    def size(self, sha256: str) -> int:
        try:
            return self.storage.size(blob_key(sha256))
        except FileNotFoundError:
            raise BlobMissing(f"no object at {self.describe(sha256)}") from None

    def delete(self, sha256: str) -> None:
        self.storage.delete(blob_key(sha256))
        self._cached(sha256).unlink(missing_ok=True)

    def written_at(self, sha256: str) -> dt.datetime:
        try:
            return self._client.head_object(Bucket=self.storage.bucket_name,
                                            Key=self._full_key(blob_key(sha256)))["LastModified"]
        except self._client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise BlobMissing(f"no object at {self.describe(sha256)}") from None
            raise

    def blobs(self) -> Iterator[tuple[str, int]]:
        # One flat listing, a thousand keys a request, sizes included.
        start = self._full_key(PREFIX + "/")
        cut = len(self._full_key(""))
        paginator = self._client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.storage.bucket_name, Prefix=start):
            for entry in page.get("Contents", ()):
                yield entry["Key"][cut:], entry["Size"]

    def local_path(self, sha256: str) -> Path:
        cached = self._cached(sha256)
        try:
            os.utime(cached)  # the cache evicts the copies used least recently
            return cached
        except FileNotFoundError:
            pass
        with self.incoming() as new, self.open(sha256) as reader:
            while chunk := reader.read(CHUNK):
                new.write(chunk)
            if new.finish() != sha256:
                raise BlobDamaged(f"the object at {self.describe(sha256)} has SHA-256 {new.sha256}, not its name")
            self._keep_in_cache(new.path, sha256)
        return cached

    def describe(self, sha256: str) -> str:
        return f"s3://{self.storage.bucket_name}/{self._full_key(blob_key(sha256))}"

    def _keep_in_cache(self, path: Path, sha256: str) -> None:
        cached = self._cached(sha256)
        cached.parent.mkdir(parents=True, exist_ok=True)
        size = path.stat().st_size
        os.chmod(path, 0o444)
        os.replace(path, cached)
        # Listing the cache costs milliseconds a thousand copies, too much for every file of a
        # restore: it is listed when this process's count says the bound is near, and at least
        # once a CACHE_GRACE_SECONDS, since other processes add copies too.
        counted, when = _cache_counts.get(self.cache, (None, 0.0))
        if counted is None or counted + size > self.cache_bytes or time.monotonic() - when > CACHE_GRACE_SECONDS:
            _cache_counts[self.cache] = (self._trim_cache(keep=cached), time.monotonic())
        else:
            _cache_counts[self.cache] = (counted + size, when)

    def _trim_cache(self, keep: Path) -> int:
        """Remove the copies used least recently until the cache is within its bound; return the
        bytes left."""
        entries = []
        for path in (self.cache / PREFIX).glob("*/*"):
            with contextlib.suppress(FileNotFoundError):  # another process trimming too
                status = path.stat()
                entries.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in entries)
        recent = time.time() - CACHE_GRACE_SECONDS
        for used, size, path in sorted(entries, key=lambda entry: entry[0]):
            if total <= self.cache_bytes:
                break
            if path == keep or used > recent:
                continue
            path.unlink(missing_ok=True)
            total -= size
        return total


# Bytes in each cache folder as this process last listed it (plus what it added since), and when.
_cache_counts: dict[Path, tuple[int | None, float]] = {}


def blob_store() -> BlobStore:
    """The store settings choose: the bucket of STORAGES["mosaic_files"] when MOSAIC_FILE_STORAGE
    names one, else the folder MOSAIC_FILE_STORE."""
    if STORAGE_ALIAS not in settings.STORAGES:
        return LocalBlobStore(Path(settings.MOSAIC_FILE_STORE))
    from django.core.files.storage import storages
    from storages.backends.s3 import S3Storage

    storage = storages[STORAGE_ALIAS]
    if not isinstance(storage, S3Storage):
        raise ImproperlyConfigured(f'STORAGES["{STORAGE_ALIAS}"] must be storages.backends.s3.S3Storage '
                                   f"(or a subclass), not {type(storage).__name__}")
    return S3BlobStore(storage, cache=Path(settings.MOSAIC_FILE_CACHE), cache_bytes=settings.MOSAIC_FILE_CACHE_BYTES)
