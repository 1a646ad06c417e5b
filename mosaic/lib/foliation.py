"""Folio arithmetic for one archival file: which leaves are held, where the gaps are, where two
holdings overlap, and what one copy of a file has that another lacks.

Folios are whole leaf numbers as the archive stamped them (listy, fólió, karta). Ranges are
inclusive pairs (44, 45). Nothing here touches the database.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from mosaic.lib.messages import WordedError, gettext_noop

Range = tuple[int, int]

_RANGE = re.compile(r"^(\d+)(?:\s*[-–—]\s*(\d+))?$")


class FolioError(WordedError):
    """Folios written in a way that cannot be read."""


def parse_folios(text: str) -> list[Range]:
    """“44–45, 153-164; 170” -> [(44, 45), (153, 164), (170, 170)], merged and sorted."""
    ranges = []
    for item in re.split(r"[,;]", text or ""):
        item = re.sub(r"^(?:ll?\.|listy|list|ff?\.|fol\.|folios?|pp?\.)\s*", "", item.strip(), flags=re.I)
        if not item:
            continue
        match = _RANGE.match(item)
        if not match:
            raise FolioError(gettext_noop("“%(item)s” is not a folio or a range of folios (write e.g. “44–45, 153–164”)"), item=item)
        start = int(match[1])
        end = int(match[2]) if match[2] else start
        if end < start:
            raise FolioError(gettext_noop("“%(item)s” ends before it starts"), item=item)
        if start < 1:
            raise FolioError(gettext_noop("“%(item)s”: folios are numbered from 1"), item=item)
        ranges.append((start, end))
    return merge(ranges)


def format_folios(ranges: Iterable[Range]) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in ranges)


def merge(ranges: Iterable[Range]) -> list[Range]:
    """Sorted ranges with touching and overlapping ones joined: (44,45),(46,50) -> (44,50)."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def count(ranges: Iterable[Range]) -> int:
    return sum(b - a + 1 for a, b in merge(ranges))


def gaps(ranges: Iterable[Range], first: int | None = None, last: int | None = None) -> list[Range]:
    """Folios not held between the first and last held folio (or the given bounds)."""
    held = merge(ranges)
    if not held and (first is None or last is None):
        return []
    low = first if first is not None else held[0][0]
    high = last if last is not None else held[-1][1]
    found, cursor = [], low
    for start, end in held:
        if start > cursor and cursor <= high:
            found.append((cursor, min(start - 1, high)))
        cursor = max(cursor, end + 1)
    if cursor <= high:
        found.append((cursor, high))
    return found


def difference(ranges: Iterable[Range], minus: Iterable[Range]) -> list[Range]:
    """Folios in `ranges` that are not in `minus`."""
    result = []
    removed = merge(minus)
    for start, end in merge(ranges):
        cursor = start
        for r_start, r_end in removed:
            if r_end < cursor or r_start > end:
                continue
            if r_start > cursor:
                result.append((cursor, r_start - 1))
            cursor = max(cursor, r_end + 1)
        if cursor <= end:
            result.append((cursor, end))
    return result


def intersection(a: Iterable[Range], b: Iterable[Range]) -> list[Range]:
    a = merge(a)
    return difference(a, difference(a, b))


def overlaps(holdings: dict[str, list[Range]]) -> list[tuple[Range, list[str]]]:
    """Folios claimed by more than one holding, with the holdings that claim them.

    Two documents at the same leaves usually mean an enclosure, a mis-foliation or a duplicate
    record; a reader of the foliation table should see them.
    """
    edges: dict[int, list[tuple[int, str]]] = {}
    for label, ranges in holdings.items():
        for start, end in merge(ranges):
            edges.setdefault(start, []).append((+1, label))
            edges.setdefault(end + 1, []).append((-1, label))
    found: list[tuple[Range, list[str]]] = []
    active: list[str] = []
    points = sorted(edges)
    for index, point in enumerate(points):
        for delta, label in edges[point]:
            if delta > 0:
                active.append(label)
            else:
                active.remove(label)
        if len(active) > 1 and index + 1 < len(points):
            span = (point, points[index + 1] - 1)
            labels = sorted(set(active))
            if found and found[-1][1] == labels and found[-1][0][1] + 1 == span[0]:
                found[-1] = ((found[-1][0][0], span[1]), labels)
            else:
                found.append((span, labels))
    return found
