"""Curated texts in English and Korean (issue 17): titles and descriptions of collections and
publications, event titles, context summaries, biographies and subject headings.

Each curated field `<field>` has a Korean sibling `<field>_ko`, blank until a curator writes it.
English is the archive's reference text, so it is always there; a Korean page shows the Korean
text where there is one and otherwise the English, which the page then marks as English (so a
reader is not misled and a screen reader switches voice). One function chooses; the `bilingual`
template tag (mosaic/common/templatetags/bilingual.py) shows what it chose.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

KOREAN_SUFFIX = "_ko"


@dataclass(frozen=True)
class CuratedText:
    text: str
    language: str  # the language the text is written in: "en" or "ko"
    fell_back: bool  # Korean was wanted but only English exists: the page says so


def korean_field(field: str) -> str:
    return field + KOREAN_SUFFIX


def curated_text(record, field: str, language: str | None = None) -> CuratedText:
    """The text of `record.<field>` in `language` (default: the active language). An English
    reader always gets the English text; a Korean reader gets `<field>_ko` when it holds text,
    else the English marked as a fallback (unless that is empty too: nothing to mark)."""
    return choose(getattr(record, field) or "", lambda: getattr(record, korean_field(field)) or "", language)


def choose(english: str, korean, language: str | None = None) -> CuratedText:
    """The rule of `curated_text` for texts already read: `korean` is the Korean text, or a
    function giving it (so an English reader never needs it)."""
    language = language or translation.get_language() or "en"
    if not language.startswith("ko"):
        return CuratedText(english, "en", False)
    korean = (korean() if callable(korean) else korean) or ""
    if korean.strip():
        return CuratedText(korean, "ko", False)
    return CuratedText(english, "en", bool(english.strip()))


def side_by_side(*fields: str) -> list[tuple[str, str]]:
    """Admin `fields` entries putting each English field and its Korean sibling on one row, so a
    curator writes the two versions looking at each other."""
    return [(field, korean_field(field)) for field in fields]
