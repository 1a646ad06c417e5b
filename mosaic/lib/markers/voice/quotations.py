"""Direct quotations: text inside quotation marks of any kind, and who is quoted."""
from __future__ import annotations

import bisect
import re

from mosaic.lib.markers.voice.text_units import paragraphs

# Opening mark → the marks that close it. „ is closed by “ in German, Czech and Bulgarian and by ”
# in Polish, Hungarian and Romanian; » opens German and Hungarian (inner) quotations.
QUOTE_CLOSERS = {"“": "”“", "„": "“”", "«": "»", "»": "«", '"': '"', "‹": "›"}
_MARK = re.compile("[" + re.escape("".join(sorted(set("".join(QUOTE_CLOSERS) + "".join(QUOTE_CLOSERS.values()))))) + "]")


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Outermost quotations, marks included, in text order."""
    spans = []
    for para_start, para_end in paragraphs(text):
        stack: list[tuple[str, int]] = []
        for position in _marks(text, para_start, para_end):
            char = text[position]
            if stack and char in QUOTE_CLOSERS[stack[-1][0]]:
                _, opened = stack.pop()
                if not stack:
                    spans.append((opened, position + 1))
            elif char in QUOTE_CLOSERS:
                if char == '"' and position > para_start and text[position - 1].isdigit():
                    continue  # inches or seconds, not a quotation mark
                stack.append((char, position))
        if stack:
            spans.append((stack[0][1], para_end))
    return spans


def _marks(text: str, start: int, end: int):
    """Positions of quotation marks in text[start:end]; the regex skips plain text at C speed."""
    for match in _MARK.finditer(text, start, end):
        yield match.start()


class Quotations:
    """Membership test for the outermost quotations of a text (sorted, disjoint)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self._starts = [start for start, _ in spans]

    def contains(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and position < self.spans[index][1]
