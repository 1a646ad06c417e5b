"""Built books kept under MOSAIC_BOOKS (MOSAIC_HOME/cache/books), one folder per publication or
document, each file named by the book's fingerprint: the digest of everything the book holds for
its reader and of the renderer's own files. An edit to the publication, to one of its documents,
to an event of its period or to a person of its glossary changes the digest, so the next download
is a new build; readers who may see the same things share one file. The folder can be deleted at
any time and is rebuilt on demand.
"""
from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from mosaic.books.content import Book

FORMATS = {"pdf": "application/pdf", "epub": "application/epub+zip"}
# A queued build not done by then is taken for lost (its job failed every attempt) and queued again.
QUEUED_SECONDS = 600
# Builds kept per publication or document: the current ones of each kind of reader, and a few
# superseded ones, which nothing asks for again.
KEPT_PER_FOLDER = 8

_RENDERER_FILES = ("content.py", "pdf.py", "epub.py", "templates/books/styles", "templates/books/parts",
                   "templates/books/print.html")


@functools.cache
def renderer_version() -> str:
    """A digest of the files that decide how a book looks and of the two renderers' versions."""
    import ebooklib
    import weasyprint

    here = Path(__file__).parent
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__}; ebooklib {ebooklib.VERSION}".encode())
    for name in _RENDERER_FILES:
        path = here / name
        for part in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if part.is_file():
                digest.update(str(part.relative_to(here)).encode() + b"\0" + part.read_bytes())
    return digest.hexdigest()


def render(book: Book, fmt: str) -> bytes:
    if fmt == "pdf":
        from mosaic.books.pdf import render_pdf

        return render_pdf(book)
    from mosaic.books.epub import render_epub

    return render_epub(book)


@dataclass(frozen=True)
class KeptBook:
    folder: str  # "publications/12" or "documents/345"
    fingerprint: str
    fmt: str

    @classmethod
    def of(cls, folder: str, book: Book, fmt: str) -> "KeptBook":
        if fmt not in FORMATS:
            raise ValueError(f"unknown book format {fmt!r}: one of {', '.join(FORMATS)}")
        return cls(folder, book.fingerprint(renderer_version()), fmt)

    @property
    def path(self) -> Path:
        return Path(settings.MOSAIC_BOOKS) / self.folder / f"{self.fingerprint}.{self.fmt}"

    @property
    def _queued_marker(self) -> Path:
        return self.path.with_name(f".{self.path.name}.queued")

    def exists(self) -> bool:
        return self.path.is_file()

    def write(self, data: bytes) -> None:
        """Readers never see half a file: write beside it, then rename over it."""
        target = self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._queued_marker.unlink(missing_ok=True)
        self._forget_superseded()

    def build(self, book: Book) -> None:
        self.write(render(book, self.fmt))

    def recently_queued(self) -> bool:
        try:
            return time.time() - self._queued_marker.stat().st_mtime < QUEUED_SECONDS
        except FileNotFoundError:
            return False

    def mark_queued(self) -> None:
        self._queued_marker.parent.mkdir(parents=True, exist_ok=True)
        self._queued_marker.touch()

    def _forget_superseded(self) -> None:
        built = []
        for path in self.path.parent.iterdir():
            try:
                if not path.name.startswith("."):
                    built.append((path.stat().st_mtime, path))
            except FileNotFoundError:
                continue  # another process forgot it first
        for _, old in sorted(built, reverse=True)[KEPT_PER_FOLDER:]:
            old.unlink(missing_ok=True)
