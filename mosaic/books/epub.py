"""A book as EPUB 3 (EbookLib): a cover page, the navigation document as contents, one XHTML
file for the introduction, the chronology, the glossary and each document, and a stylesheet.
Fonts are left to the reading system, which has its own for Korean."""
from __future__ import annotations

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from ebooklib import epub

from mosaic.books.content import Book

STYLESHEET = Path(__file__).parent / "templates" / "books" / "styles" / "epub.css"


def _page(book: Book, style, file_name: str, title: str, template: str, **context) -> epub.EpubHtml:
    page = epub.EpubHtml(title=title, file_name=file_name, lang=book.language)
    page.content = render_to_string(template, {"book": book, "print": False, "epub": True, **context})
    page.add_item(style)
    return page


def render_epub(book: Book) -> bytes:
    # Set in the language the book was assembled in, whichever language the process has active.
    with translation.override(book.language):
        return _volume(book)


def _volume(book: Book) -> bytes:
    volume = epub.EpubBook()
    volume.set_identifier(book.identifier)
    volume.set_title(book.title)
    volume.set_language(book.language)
    for name in book.authors:
        volume.add_author(name)
    volume.add_metadata("DC", "publisher", book.institution)
    volume.add_metadata("DC", "source", book.url)
    if book.date_display:
        volume.add_metadata("DC", "description", f"{book.kind_label}, {book.date_display}")
    style = epub.EpubItem(uid="style", file_name="style/book.css", media_type="text/css",
                          content=STYLESHEET.read_bytes())
    volume.add_item(style)

    cover = _page(book, style, "cover.xhtml", gettext("Title page"), "books/parts/title.html")
    chapters = []
    if book.introduction_html:
        chapters.append(_page(book, style, "introduction.xhtml", gettext("Introduction"), "books/parts/introduction.html"))
    if book.chronology:
        chapters.append(_page(book, style, "chronology.xhtml", gettext("Chronology"), "books/parts/chronology.html"))
    if book.glossary:
        chapters.append(_page(book, style, "glossary.xhtml", gettext("Glossary of people"), "books/parts/glossary.html"))
    documents = [_page(book, style, f"{d.anchor}.xhtml", f"{d.heading}. {d.title}", "books/parts/document.html", d=d)
                 for d in book.documents]
    for page in [cover, *chapters, *documents]:
        volume.add_item(page)

    volume.toc = [epub.Link("cover.xhtml", gettext("Title page"), "cover"),
                  *[epub.Link(page.file_name, page.title, page.file_name.removesuffix(".xhtml")) for page in chapters]]
    if documents:
        volume.toc.append((epub.Section(gettext("Documents")),
                           [epub.Link(page.file_name, page.title, page.file_name.removesuffix(".xhtml")) for page in documents]))
    volume.add_item(epub.EpubNcx())
    volume.add_item(epub.EpubNav())
    volume.spine = [cover, "nav", *chapters, *documents]
    out = io.BytesIO()
    epub.write_epub(out, volume, {})
    return out.getvalue()
