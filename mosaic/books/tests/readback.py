"""Reading built books back as a reader's tools would: pypdf for PDFs, EbookLib for EPUBs. Used by
these tests and by the leak test, which must see inside downloads to know that nothing leaked."""
from __future__ import annotations

import hashlib
import io

import lxml.html
from ebooklib import ITEM_DOCUMENT, epub
from pypdf import PdfReader

PDF = "application/pdf"
EPUB = "application/epub+zip"


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def pdf_fonts(data: bytes) -> set[str]:
    """The base names of the fonts embedded in the PDF, without their subset prefix."""
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return fonts


def pdf_image_count(data: bytes) -> int:
    """How many different images the PDF shows (pages may share one resource list for all)."""
    return len({hashlib.sha256(image.data).hexdigest() for page in PdfReader(io.BytesIO(data)).pages for image in page.images})


def epub_book(data: bytes) -> epub.EpubBook:
    return epub.read_epub(io.BytesIO(data), {"ignore_ncx": True})


def epub_chapters(data: bytes) -> dict[str, str]:
    """Each XHTML file's name and text, in the book's files (the navigation document included)."""
    chapters = {}
    for item in epub_book(data).get_items_of_type(ITEM_DOCUMENT):
        chapters[item.get_name()] = lxml.html.fromstring(item.get_content()).text_content()
    return chapters


def epub_text(data: bytes) -> str:
    return "\n".join(epub_chapters(data).values())


def download_text(content: bytes, content_type: str) -> str | None:
    """The text of a downloaded book, or None when the content is neither a PDF nor an EPUB (or
    is empty: a streamed answer can be read only once)."""
    if not content:
        return None
    if content_type.startswith(PDF):
        return pdf_text(content)
    if content_type.startswith(EPUB):
        return epub_text(content)
    return None
