"""Which file types the archive keeps, and whether a file's content is what its name claims.

A scan called `.tif` that is really a JPEG, or an HTML page saved as `.pdf`, must be refused with
a message naming the file, before anything is stored. Detection reads the file's magic number
(with the `filetype` library), never its name.
"""
from __future__ import annotations

import mimetypes
from pathlib import PurePath

import filetype

from mosaic.lib.messages import Message, WordedError, gettext_noop

#: media type -> label; the kinds of page image and document file Mosaic stores.
ACCEPTED_TYPES: dict[str, str] = {
    "image/tiff": gettext_noop("TIFF image"),
    "image/jpeg": gettext_noop("JPEG image"),
    "image/png": gettext_noop("PNG image"),
    "application/pdf": gettext_noop("PDF document"),
}
EXTENSIONS = {".tif": "image/tiff", ".tiff": "image/tiff", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".png": "image/png", ".pdf": "application/pdf"}
SNIFF_BYTES = 262  # what filetype needs to see


class FileTypeError(WordedError):
    """A file whose type Mosaic does not store, or whose content is not the type it claims."""


def detect(head: bytes) -> str | None:
    """The media type the first bytes show, or None when they show none Mosaic knows."""
    kind = filetype.guess(head[:SNIFF_BYTES])
    return kind.mime if kind and kind.mime in ACCEPTED_TYPES else None


def claimed_type(name: str, declared: str = "") -> str:
    """The type a file claims: its declared media type, else its extension's."""
    if declared:
        declared = declared.split(";")[0].strip().lower()
        if declared == "image/jpg":
            declared = "image/jpeg"
        if declared not in ACCEPTED_TYPES:
            raise FileTypeError(gettext_noop("%(name)s: “%(declared)s” is not a type Mosaic stores (use %(accepted)s)"),
                                name=name, declared=declared, accepted=accepted_list())
        return declared
    suffix = PurePath(name).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    guessed = mimetypes.guess_type(name)[0]
    if guessed:
        raise FileTypeError(gettext_noop("%(name)s: a %(type)s file is not stored here (use %(accepted)s)"),
                            name=name, type=guessed, accepted=accepted_list())
    raise FileTypeError(gettext_noop("%(name)s: this kind of file is not stored here (use %(accepted)s)"),
                        name=name, accepted=accepted_list())


def check(name: str, head: bytes, declared: str = "") -> str:
    """The file's media type, once its content is shown to match the type it claims."""
    claimed = claimed_type(name, declared)
    found = detect(head)
    if found is None:
        raise FileTypeError(gettext_noop("%(name)s: claims to be a %(claimed)s but its content is not one "
                                         "(not a %(accepted)s file)"),
                            name=name, claimed=Message(ACCEPTED_TYPES[claimed]), accepted=accepted_list())
    if found != claimed:
        raise FileTypeError(gettext_noop("%(name)s: claims to be a %(claimed)s but its content is a %(found)s"),
                            name=name, claimed=Message(ACCEPTED_TYPES[claimed]), found=Message(ACCEPTED_TYPES[found]))
    return found


def accepted_list() -> str:
    return ", ".join(label.split()[0] for label in ACCEPTED_TYPES.values())
