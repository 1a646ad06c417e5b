"""Where an annotated passage stands in a text layer, found again after the text changed. No Django.

An annotation keeps the passage twice, as the Web Annotation model does: its position (start and
end, in code points of the layer's text: a TextPositionSelector) and its words with a little text
either side (a TextQuoteSelector). The words are the truth. While the text at the position still
reads the same, the position stands; once the layer is edited (a corrected transcription, a
re-import), the words are looked for again, the words around them choosing between several
places, and the one nearest the old position winning a tie. If they are gone, the annotation is
orphaned: still kept, shown with its quote, but pointing nowhere.

Words are compared without their whitespace, so a passage still matches after its lines were
rewrapped, and a quote taken from a web page (where paragraphs and line breaks are no longer
characters) matches the layer it was shown from. Whitespace is what JavaScript's `\\s` means, so
the page's script and this module count the same characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# JavaScript's \s, written out: Python's own idea of whitespace differs in a few characters
# (\x1c-\x1f are whitespace to Python, U+FEFF is to JavaScript).
WHITESPACE_CHARACTERS = frozenset("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
                                  + "".join(map(chr, range(0x2000, 0x200b))))
WHITESPACE = re.compile("[" + re.escape("".join(sorted(WHITESPACE_CHARACTERS))) + "]")
CONTEXT = 32  # characters of prefix and suffix kept with a quote


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


class _Squeezed:
    """A text without its whitespace, and where each remaining character stood in the text."""

    def __init__(self, text: str):
        self.positions = [index for index, character in enumerate(text) if character not in WHITESPACE_CHARACTERS]
        self.text = "".join(text[index] for index in self.positions)


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


def quote_at(text: str, span: Span) -> Quote:
    """The passage at `span` with up to CONTEXT characters either side."""
    return Quote(text[span.start:span.end], text[max(0, span.start - CONTEXT):span.start], text[span.end:span.end + CONTEXT])


def _common_suffix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        count += 1
    return count


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def find_quote(text: str, quote: Quote, near: int | None = None) -> Span | None:
    """Where the quote's words stand in `text`, whitespace aside; None if they do not. Of several
    places, the one whose surroundings agree most with the quote's prefix and suffix; of those,
    the nearest to `near` (a position in `text`), else the first."""
    wanted = squeeze(quote.exact)
    if not wanted:
        return None
    squeezed = _Squeezed(text)
    prefix, suffix = squeeze(quote.prefix), squeeze(quote.suffix)
    best, best_key = None, None
    found = squeezed.text.find(wanted)
    while found != -1:
        after = found + len(wanted)
        agreement = (_common_suffix(squeezed.text[max(0, found - len(prefix)):found], prefix)
                     + _common_prefix(squeezed.text[after:after + len(suffix)], suffix))
        start = squeezed.positions[found]
        distance = abs(start - near) if near is not None else 0
        key = (-agreement, distance)
        if best_key is None or key < best_key:
            best, best_key = Span(start, squeezed.positions[after - 1] + 1), key
        found = squeezed.text.find(wanted, found + 1)
    return best


def anchor(text: str, quote: Quote, span: Span | None = None) -> Span | None:
    """Where an annotated passage is now: `span` itself while the text there still reads as the
    quote (whitespace aside), else wherever `find_quote` finds it, else None (orphaned)."""
    if span is not None and 0 <= span.start < span.end <= len(text):
        if text[span.start:span.end] == quote.exact or squeeze(text[span.start:span.end]) == squeeze(quote.exact):
            return span
    return find_quote(text, quote, near=span.start if span else None)


def non_space_offsets(text: str, span: Span) -> tuple[int, int]:
    """How many non-whitespace characters stand before the span, and how many inside it: what a
    page that lays the text out differently (paragraphs, line breaks, page rules) still counts
    the same, so its script can mark the span in what it shows."""
    return len(squeeze(text[:span.start])), len(squeeze(text[span.start:span.end]))
