"""The content-addressed file store: a file's bytes live under `sha256/ab/abcdef…`, named by
their SHA-256, written once, never overwritten, in the folder or bucket `blob_store.py` keeps.
The database row (StoredFile) says what the bytes should be; `mosaic audit` checks that they
still are.
"""
from __future__ import annotations

import contextlib
import contextvars
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext_noop

from mosaic.common.writer_lock import current_work, held
from mosaic.lib.file_types import SNIFF_BYTES, FileTypeError, check
from mosaic.lib.messages import WordedError
from mosaic.preservation.blob_store import CHUNK, LocalBlobStore, blob_store, hash_stream
from mosaic.preservation.import_journal import ImportJournal, remove_unrecorded
from mosaic.preservation.models import StoredFile

# Pages of one multi-page TIFF: a bound on the work of opening each page, far above any bound file.
MAX_PAGES = 10_000


@dataclass
class _NewFiles:
    """The files one `removing_new_files_on_failure` block adds to the store."""
    journal: ImportJournal
    written: list[str] = field(default_factory=list)  # those its writes put there (not already present)
    # The one being put now: an interruption inside `put` may land after the bytes are in place.
    putting: str | None = None

    def to_remove(self) -> list[str]:
        return self.written + ([self.putting] if self.putting else [])


_new_files: contextvars.ContextVar[_NewFiles | None] = contextvars.ContextVar("new_files", default=None)


class RejectedFile(WordedError):
    """A file Mosaic will not store; the message names the file and the problem (in English as
    str(), in a staff member's language through its `wording`)."""


OVER_THE_LIMIT = gettext_noop("%(name)s: the file is over the %(limit)s-byte limit (MOSAIC_FILE_MAX_BYTES)")


def store_root() -> Path:
    return Path(settings.MOSAIC_FILE_STORE)


def path_for(sha256: str) -> Path:
    """Where the local folder store keeps these bytes (the default store; tests reach into it)."""
    return LocalBlobStore(store_root()).path(sha256)


def file_beside(folder: Path, relative: str) -> Path:
    """The real path of the file `relative` names inside `folder`, or RejectedFile.

    An import folder is untrusted: a scan that is a symlink (or lies under a symlinked folder, or
    at the end of a chain of them) to /etc/passwd or another user's files must not be read into
    the store, so the path is resolved and must still lie inside the folder's own real path.
    Only regular files are accepted: a FIFO or device would block or never end."""
    shown_name = relative if len(relative) <= 80 else relative[:80] + "…"
    try:
        root = Path(folder).resolve(strict=True)
        real = (root / relative).resolve(strict=True)
    except FileNotFoundError:
        raise RejectedFile(gettext_noop('file "%(name)s" not found beside the ingested file'), name=shown_name) from None
    except (OSError, RuntimeError) as error:  # a symlink loop, a name too long for the system
        raise RejectedFile(gettext_noop('file "%(name)s" cannot be opened (%(problem)s)'), name=shown_name,
                           problem=error.__class__.__name__) from None
    if not real.is_relative_to(root):
        raise RejectedFile(gettext_noop('file "%(name)s" leads out of the import folder (through a symbolic link); refused'),
                           name=shown_name)
    if not real.is_file():
        raise RejectedFile(gettext_noop('file "%(name)s" is not a regular file'), name=shown_name)
    limit = settings.MOSAIC_FILE_MAX_BYTES
    if real.stat().st_size > limit:  # before it is hashed: a sparse 1 TB "scan" costs nothing to make
        raise RejectedFile(OVER_THE_LIMIT, name=shown_name, limit=f"{limit:,}")
    return real


def sha256_of_path(path: Path) -> str:
    with open(path, "rb") as handle:
        return hash_stream(handle)[0]


def store_path(path: Path, *, name: str | None = None, declared_type: str = "") -> StoredFile:
    with open(path, "rb") as handle:
        return store_stream(handle, name=name or Path(path).name, declared_type=declared_type)


def store_stream(stream: BinaryIO, *, name: str, declared_type: str = "") -> StoredFile:
    """Check and store one file; return its StoredFile (the existing one if the bytes are known).

    Raises RejectedFile for a file over the size limit, of a type Mosaic does not keep, whose
    content is not what it claims, or that cannot be read as one. Nothing is left behind then.
    """
    limit = settings.MOSAIC_FILE_MAX_BYTES
    head = stream.read(SNIFF_BYTES)
    try:
        media_type = check(name, head, declared_type)
    except FileTypeError as error:
        raise RejectedFile(error.wording.template, **error.wording.values) from None
    store = blob_store()
    with store.incoming() as new:
        chunk = head
        while chunk:
            if new.size + len(chunk) > limit:
                raise RejectedFile(OVER_THE_LIMIT, name=name, limit=f"{limit:,}")
            new.write(chunk)
            chunk = stream.read(CHUNK)
        if new.size == 0:
            raise RejectedFile(gettext_noop("%(name)s: the file is empty"), name=name)
        sha = new.finish()
        pages = count_pages(new.path, media_type, name)
        existing = StoredFile.objects.filter(sha256=sha).first()
        block = _new_files.get()
        if block is not None and existing is None:
            # On disk before the bytes are in the store: a kill between the two leaves a name to
            # clear, never bytes no one knows were this transaction's.
            block.journal.note(sha)
        if block is None:
            store.put(new, sha)
        else:
            block.putting = sha
            if store.put(new, sha):
                block.written.append(sha)
            block.putting = None
        if existing:
            return existing
        return StoredFile.objects.create(sha256=sha, size=new.size, media_type=media_type, original_name=name[:255],
                                         page_count=pages)


def count_pages(path: Path, media_type: str, name: str) -> int:
    """Pages in the file, opening it fully so a truncated or broken file is refused at the door."""
    try:
        if media_type == "application/pdf":
            from mosaic.preservation.page_images import opened_pdf

            with opened_pdf(path) as document:
                return len(document)
        from PIL import Image, ImageFile

        with warnings.catch_warnings():
            # Pillow warns of large images and refuses huge ones; the pixel check below refuses
            # both with a message of ours, so its warning would only be noise on the terminal.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        # A library may let Pillow accept cut-off images for the whole process (WeasyPrint does
        # on import, for the books); at the door they are refused whatever was imported before.
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        with image:
            frames = getattr(image, "n_frames", 1)
            if frames > MAX_PAGES:
                raise RejectedFile(gettext_noop("%(name)s: the image has %(pages)s pages, over the %(limit)s-page limit"),
                                   name=name, pages=f"{frames:,}", limit=f"{MAX_PAGES:,}")
            for frame in range(frames):
                image.seek(frame)
                width, height = image.size
                if width * height > Image.MAX_IMAGE_PIXELS:
                    # A few KB of compressed zeros can declare gigapixels: refuse before decoding.
                    raise RejectedFile(gettext_noop("%(name)s: the image is %(width)s × %(height)s pixels, over the "
                                                    "%(limit)s-pixel limit (a decompression bomb?)"),
                                       name=name, width=f"{width:,}", height=f"{height:,}",
                                       limit=f"{Image.MAX_IMAGE_PIXELS:,}")
                image.load()
            return frames
    except RejectedFile:
        raise
    except Exception as error:  # the libraries raise many kinds for a damaged file
        raise RejectedFile(gettext_noop("%(name)s: the file cannot be read as a %(type)s (%(problem)s)"),
                           name=name, type=media_type, problem=str(error)) from None


def open_stored(stored: StoredFile) -> BinaryIO:
    return blob_store().open(stored.sha256)


@contextlib.contextmanager
def removing_new_files_on_failure():
    """Wrap a transaction that stores files: if it fails, the bytes it added to the store go too,
    so a rolled-back import leaves no file the catalogue does not know (the audit's “orphans”).
    Each new file is journaled before it is stored (import_journal.py), so one killed outright
    leaves its files to be cleared by the next writer or `mosaic audit --repair`.

    Only bytes no StoredFile names are removed: an interruption that lands just after the commit
    (the rollback then has nothing to undo) must not take a committed record's file."""
    writer = held()  # it names what it is doing; without the lock (tests, the shell) so may working_on
    block = _NewFiles(ImportJournal(writer.what if writer else current_work() or "writer"))
    token = _new_files.set(block)
    try:
        yield
    except BaseException:
        try:
            remove_unrecorded(blob_store(), block.to_remove())
        except DatabaseError:
            # The catalogue cannot be asked (a transaction around this one is broken): nothing is
            # removed unasked; the journal, freed with this block, lets the next writer do it.
            pass
        else:
            block.journal.remove()
        raise
    else:
        if connection.in_atomic_block:
            # A transaction around this block decides: its rollback would leave these files
            # unrecorded, so the journal stays until it commits (or is cleared after it).
            transaction.on_commit(block.journal.remove)
        else:
            block.journal.remove()
    finally:
        _new_files.reset(token)
