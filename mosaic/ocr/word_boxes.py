"""The words Tesseract read on a page with their boxes, as an OcrPage keeps them.

Stored as compact JSON, about 65 bytes a word of Russian typescript as the database keeps it (a
page of 300–600 words takes 20–40 KB):

    {"v": 1, "size": [width, height], "words": [[left, top, width, height, confidence, line, "text"], ...]}

Boxes are in pixels of the image Tesseract read (`size`), not of any image shown to readers: a
PDF page is read at 300 dpi and shown at 150, and how pages are shown may change again. Whoever
draws a box scales it to the image it draws on (`scaled`). No Django here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # Tesseract's, 0–100
    line: int  # which line of the page it is on, numbered from 0 in reading order


class DamagedWordBoxes(ValueError):
    """A stored record of word boxes cannot be read back."""


def pack(size: tuple[int, int], words) -> dict:
    return {"v": FORMAT_VERSION, "size": [int(size[0]), int(size[1])],
            "words": [[w.left, w.top, w.width, w.height, round(w.confidence), w.line, w.text] for w in words]}


class StoredWords:
    """A stored record, read only as far as it is used: the texts of its words at once, a word
    with its box when asked for. A search passes over every word of a long microfilm and shows
    a few of them; making all 200,000 words of 400 pages took longer than the search."""

    def __init__(self, record: dict):
        try:
            if record["v"] != FORMAT_VERSION:
                raise DamagedWordBoxes(f"word boxes of format {record['v']!r}, not {FORMAT_VERSION}")
            self.size = (int(record["size"][0]), int(record["size"][1]))
            self._rows = record["words"]
            self.texts = [str(row[6]) for row in self._rows]
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise DamagedWordBoxes(f"word boxes cannot be read ({error})") from None

    def word(self, position: int) -> Word:
        try:
            left, top, width, height, confidence, line, text = self._rows[position]
            return Word(str(text), int(left), int(top), int(width), int(height), float(confidence), int(line))
        except (TypeError, ValueError) as error:
            raise DamagedWordBoxes(f"word {position} of the boxes cannot be read ({error})") from None

    @property
    def words(self) -> list[Word]:
        return [self.word(position) for position in range(len(self._rows))]


def read(record: dict | None) -> StoredWords | None:
    """The page's words, or None for a page read before boxes were kept (record None)."""
    return None if record is None else StoredWords(record)


def union(words) -> tuple[int, int, int, int]:
    """The smallest box (left, top, width, height) holding all these words."""
    left = min(w.left for w in words)
    top = min(w.top for w in words)
    right = max(w.left + w.width for w in words)
    bottom = max(w.top + w.height for w in words)
    return left, top, right - left, bottom - top


def scaled(box: tuple[int, int, int, int], source: tuple[int, int], target: tuple[int, int]) -> tuple[int, int, int, int]:
    """A box measured on an image of size `source`, on the same page drawn at size `target`:
    widened to whole pixels outwards, so a scaled box never cuts into its word, and kept inside."""
    sx, sy = target[0] / source[0], target[1] / source[1]
    left, top = math.floor(box[0] * sx), math.floor(box[1] * sy)
    right = min(target[0], math.ceil((box[0] + box[2]) * sx))
    bottom = min(target[1], math.ceil((box[1] + box[3]) * sy))
    left, top = max(0, min(left, target[0] - 1)), max(0, min(top, target[1] - 1))
    return left, top, max(1, right - left), max(1, bottom - top)
