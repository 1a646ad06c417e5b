"""Paragraphs, sentences and clauses: the units a reporting frame can cover.

Every function returns (start, end) offsets into the text it was given, never copies, and
looks only a short way around each full stop, so the cost grows with the length of the text
and no faster.
"""
from __future__ import annotations

import re

def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; a text without blank lines is taken a line at a time."""
    separator = re.compile(r"\n[ \t]*\n\s*") if re.search(r"\n[ \t]*\n", text) else re.compile(r"\n\s*")
    found, start = [], 0
    for match in separator.finditer(text):
        if match.start() > start:
            found.append((start, match.start()))
        start = match.end()
    if start < len(text):
        found.append((start, len(text)))
    return found


# Words a full stop follows without ending the sentence. Single letters (initials such as
# "A. I. Puzanov") are handled separately.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "ff", "cf", "e.g", "i.e", "viz", "vs",
    "tov", "com", "gen", "lt", "col", "maj", "capt", "amb", "approx", "ca", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.s.s.r", "fig", "prof", "gov", "rep", "sen",
    "jr", "sr", "incl", "resp", "dept", "doc", "ed", "eds", "trans",
    # ru, de, hu, pl, cs, ro, bg
    "тов", "гг", "им", "ул", "т", "г", "bzw", "usw", "vgl", "z.b", "ld", "pl", "np",
    "tzn", "tj", "elvt", "tow", "s.a", "др",
}
# Abbreviations that stand before a number ("No. 5", "p. 12", "l. 34"): only then not a sentence end.
NUMERIC_ABBREVIATIONS = {"no", "nos", "nr", "pp", "ll", "vol", "art", "para", "fol", "fols", "op", "d", "f", "l", "p", "лл", "л", "д", "оп", "ф", "str", "s", "sz"}
_SPACES = re.compile(r"\s*")
_SENTENCE_END = re.compile(r"[.!?…]+[”“\"»«’)\]]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end), never crossing a paragraph break."""
    found = []
    for para_start, para_end in paragraphs(text):
        start = para_start
        for match in _SENTENCE_END.finditer(text, para_start, para_end):
            end = match.end()
            if end < para_end and not text[end].isspace():
                continue  # "U.S.S.R." or "3.5": not followed by a space
            # Look only at what follows (never copy the rest of the paragraph: long texts).
            rest_at = _SPACES.match(text, end, para_end).end()
            next_char = text[rest_at] if rest_at < para_end else ""
            if next_char and not (next_char.isupper() or next_char.isdigit() or next_char in "“\"«„»‘(["):
                continue
            if match.group().startswith(".") and _is_abbreviation(text, para_start, match.start(), next_char):
                continue
            if end > start:
                found.append((start, end))
            start = rest_at
        if start < para_end:
            found.append((start, para_end))
    return found


def _is_abbreviation(text: str, floor: int, dot: int, next_char: str) -> bool:
    # The word before the dot; a short look-back keeps this linear on long paragraphs.
    word = re.search(r"([\w.\-]+)$", text[max(floor, dot - 40):dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in NUMERIC_ABBREVIATIONS:
        return next_char.isdigit()
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "A. I. Puzanov"
    return token in ABBREVIATIONS


def clauses(text: str, start: int, end: int, inside_quotation=lambda position: False) -> list[tuple[int, int]]:
    """A sentence cut at semicolons; `inside_quotation(position)` says which semicolons to leave."""
    found, clause_start = [], start
    position = text.find(";", start, end)
    while position != -1:
        if not inside_quotation(position):
            found.append((clause_start, position + 1))
            clause_start = position + 1
        position = text.find(";", position + 1, end)
    if clause_start < end:
        found.append((clause_start, end))
    return found
