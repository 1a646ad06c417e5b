"""What a book holds, as plain data: a publication (or one document) as the reader may see it,
ready to be set as a PDF or an EPUB.

Nothing here reads the database or knows a file format: `assemble` fills these classes for one
reader, `pdf` and `epub` render them. Because a book is plain data, its digest (`fingerprint`)
says exactly whether two readers, or one reader before and after an edit, get the same file.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class ProvenanceEntry:
    label: str
    value: str


@dataclass(frozen=True)
class TextSection:
    """One text layer the reader may see, split into the pages it was read from (OCR) or one page."""

    heading: str  # "Translation (English), by Gary Goldberg"
    language: str  # ISO code, for the lang attribute (fonts and hyphenation follow it)
    pages: tuple[str, ...]
    machine_made: bool = False
    restricted: bool = False  # shown to staff, not to the public


@dataclass(frozen=True)
class ScanPage:
    """One page image of a scan the reader may see; the renderer finds its JPEG by hash and page."""

    file_label: str
    sha256: str
    page: int
    pages_in_file: int
    width: int
    height: int


@dataclass(frozen=True)
class DocumentChapter:
    number: int
    heading: str  # "Document No. 3", as the publication numbers it, else "Document 3"
    public_id: str
    title: str
    date_display: str
    url: str
    summary: str
    provenance: tuple[ProvenanceEntry, ...]
    catalogue_note: str  # for catalogue-only records: where the text can be read
    texts: tuple[TextSection, ...]
    withheld: tuple[str, ...]  # notes on layers held but not shown, as the document page words them
    citation: str
    restricted_note: str = ""  # for staff: why this document is not public
    scans: tuple[ScanPage, ...] = ()

    @property
    def anchor(self) -> str:
        return f"document-{self.number}"


@dataclass(frozen=True)
class IntroductionNote:
    """A numbered note of the editor's text, with the citation of the document it cites."""

    number: int
    anchor: str  # the id the body's note reference links to
    text_html: str  # sanitised
    citation: str  # "" when it cites nothing the reader may see
    withheld_text: str = ""  # what stands instead of a citation of a document the reader may not see
    staff_hint: str = ""


@dataclass(frozen=True)
class ChronologyEntry:
    date_display: str
    text: str
    kind: str  # "event" or "document"
    detail: str = ""  # the event's category, or the document's heading
    unverified: bool = False
    anchor: str = ""  # a document's chapter


@dataclass(frozen=True)
class Rendering:
    form: str
    where: tuple[str, ...]  # the headings of the documents that write the name so


@dataclass(frozen=True)
class GlossaryEntry:
    person_id: str
    name: str
    url: str
    hangul: str = ""
    hangul_rok: str = ""
    hanja: str = ""
    mr: str = ""
    rr: str = ""
    life: str = ""
    renderings: tuple[Rendering, ...] = ()


@dataclass(frozen=True)
class Book:
    identifier: str  # the publication's (or document's) address, also the EPUB's identifier
    slug: str  # the downloaded file's name
    title: str
    kind_label: str
    series: str
    authors: tuple[str, ...]
    date_display: str
    institution: str
    url: str
    introduction_html: str  # sanitised HTML of the editor's text
    introduction_notes: tuple[IntroductionNote, ...]
    chronology: tuple[ChronologyEntry, ...]
    glossary: tuple[GlossaryEntry, ...]
    documents: tuple[DocumentChapter, ...]
    span: str = ""  # the period the documents cover, "June 21 – October 2, 1956"
    restricted_note: str = ""  # for staff: the book holds what the public does not see
    single_document: bool = False  # a document's own PDF: no contents, chronology or glossary
    language: str = "en"  # the interface language its headings and labels are set in (the reader's)

    def fingerprint(self, renderer: str = "") -> str:
        """A digest of everything in the book and of the renderer's version: the same digest means
        the same file, so a kept file is reused exactly until something in it would change."""
        facts = json.dumps(dataclasses.asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(f"{renderer}\n{facts}".encode()).hexdigest()
