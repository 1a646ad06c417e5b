"""What a citation needs to know about a document, independent of the database.

`mosaic.citations.build.citable_from_document` fills it from a Document; every citation style and
export format (mosaic.citations.formats) reads only this, so they can be tested without Django.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mosaic.lib.partial_dates import PartialDate


@dataclass(frozen=True)
class Name:
    """A person as a citation needs them: "James F. Person" is given "James F.", family "Person".

    Organisations and names that cannot be split (e.g. "Kim Il Sung" written surname-first, or a
    ministry) are kept whole in `literal` with given/family empty.
    """

    given: str = ""
    family: str = ""
    literal: str = ""

    @property
    def display(self) -> str:
        return self.literal or f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class Citable:
    public_id: str                 # "wcda-113395"
    title: str                     # as the archive gives it
    url: str                       # absolute URL of the document page
    institution: str               # "Mosaic Digital Archive" (settings.MOSAIC_INSTITUTION)
    date: PartialDate | None = None
    doc_type: str = "other"        # a key of mosaic.lib.vocabularies.DOCUMENT_TYPES
    archive_name: str = ""         # "Russian State Archive of Contemporary History"
    archive_code: str = ""         # "RGANI"
    locator: str = ""              # "RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303" (as printed, no credits)
    credit_line: str = ""          # "Obtained and translated for NKIDP by James F. Person." (as printed)
    authors: tuple[Name, ...] = ()
    recipients: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = ()
    original_language: str = ""    # ISO 639-1, "ru"
    summary: str = ""
    classification: str = ""
    accessed: dt.date | None = None
    keywords: tuple[str, ...] = field(default_factory=tuple)
