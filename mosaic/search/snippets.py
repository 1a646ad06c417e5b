"""Snippets: short passages around the matched words, shown from the original text.

The index holds text with a few letters folded (ł → l) but the same length, so a passage the
index marks can be located in the folded text and shown from the original at the same place.
"""
from __future__ import annotations

import re

from mosaic.lib.text_folding import fold_letters
from mosaic.search.backends.base import SnippetPart

START, END, ELLIPSIS = "\x02", "\x03", "…"
WINDOW = 90  # characters either side of a match in snippets built here


def _marked_parts(marked: str) -> list[SnippetPart]:
    parts, highlighted = [], False
    for piece in re.split(f"([{START}{END}])", marked):
        if piece == START:
            highlighted = True
        elif piece == END:
            highlighted = False
        elif piece:
            parts.append(SnippetPart(piece, highlighted))
    return parts


def restore_snippet(marked: str, original: str) -> tuple[SnippetPart, ...]:
    """Turn an index snippet with START/END marks into parts carrying the original characters."""
    parts = _marked_parts(marked)
    plain = "".join(p.text for p in parts)
    core = plain.strip(ELLIPSIS)
    position = fold_letters(original).find(core) if core else -1
    if position < 0:
        return tuple(parts)
    lead = len(plain) - len(plain.lstrip(ELLIPSIS))
    restored, cursor = [], position - lead
    for part in parts:
        start, end = cursor, cursor + len(part.text)
        # Ellipses the index added lie outside the original text: keep them as they are.
        text = "".join(
            original[i] if position <= i < position + len(core) else part.text[i - start]
            for i in range(start, end)
        )
        restored.append(SnippetPart(text, part.highlighted))
        cursor = end
    return tuple(restored)


def window_snippet(original: str, needles: list[str]) -> tuple[SnippetPart, ...]:
    """A passage around the first needle found (case- and diacritic-insensitive), or the opening."""
    if not original:
        return ()
    folded = fold_letters(original).casefold()
    for needle in needles:
        index = folded.find(fold_letters(needle).casefold())
        if index >= 0:
            start, end = max(0, index - WINDOW), min(len(original), index + len(needle) + WINDOW)
            parts = [
                SnippetPart((ELLIPSIS if start else "") + original[start:index]),
                SnippetPart(original[index:index + len(needle)], True),
                SnippetPart(original[index + len(needle):end] + (ELLIPSIS if end < len(original) else "")),
            ]
            return tuple(p for p in parts if p.text)
    opening = original[: 2 * WINDOW]
    return (SnippetPart(opening + (ELLIPSIS if len(original) > len(opening) else "")),)


def has_highlight(parts) -> bool:
    return any(p.highlighted for p in parts)


__all__ = ["restore_snippet", "window_snippet", "has_highlight", "START", "END"]
