"""A book as PDF: the book's HTML set by WeasyPrint with the print stylesheet (cover, contents
with page numbers, running heads, citations as footnotes, scans as full-page images)."""
from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from mosaic.books.content import Book

STYLESHEET = Path(__file__).parent / "templates" / "books" / "styles" / "print.css"


class _OnlyTheseFiles(URLFetcher):
    """Lets WeasyPrint read the page images the book names and nothing else: no address typed
    into an editor's text is ever fetched from the network or the disk."""

    def __init__(self, allowed: set[str]):
        super().__init__(allowed_protocols={"file"})
        self._allowed = allowed

    def fetch(self, url, headers=None):
        if url not in self._allowed:
            raise ValueError(f"not a resource of this book: {url}")
        return super().fetch(url, headers)


def _scan_images(book: Book) -> list[dict]:
    """Each scan page of a single document as a JPEG file, made now if it is not cached yet."""
    from mosaic.iiif import derivatives
    from mosaic.preservation.models import StoredFile

    images = []
    stored = {}
    for chapter in book.documents:
        for scan in chapter.scans:
            stored_file = stored.setdefault(scan.sha256, StoredFile.objects.get(sha256=scan.sha256))
            try:
                path = derivatives.derivative(stored_file, scan.page, "max")
            except derivatives.PageImageUnavailable:
                continue
            images.append({"scan": scan, "src": path.resolve().as_uri()})
    return images


def render_html(book: Book, scan_images: list[dict] | None = None) -> str:
    # Set in the language the book was assembled in, whichever language the process has active.
    with translation.override(book.language):
        return render_to_string("books/print.html", {"book": book, "print": True, "scan_images": scan_images or []})


def render_pdf(book: Book) -> bytes:
    images = _scan_images(book) if book.single_document else []
    document = HTML(string=render_html(book, images), base_url=book.url,
                    url_fetcher=_OnlyTheseFiles({image["src"] for image in images}))
    return document.write_pdf(stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))],
                              pdf_identifier=book.identifier.encode())
