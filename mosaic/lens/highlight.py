"""A layer's text as HTML with its markers highlighted.

Everything from the text is escaped piece by piece (django.utils.html.escape / format_html);
the joined result is marked safe only because every piece already is. Markers of different
categories may overlap, so the text is cut at every marker boundary and each piece is wrapped
once, with the classes of all the markers covering it.
"""
from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def flag_anchor(layer_id: int, number: int) -> str:
    return f"lens-flag-{layer_id}-{number}"


def highlighted_html(text: str, flags: list[dict], layer_id: int, titles: list[str]) -> SafeString:
    """`flags` in text order (dicts with start, end, category), `titles[i]` the tooltip of
    flag i. After each marker a numbered link leads to its entry in the list of flags."""
    boundaries = sorted({0, len(text)} | {f["start"] for f in flags} | {f["end"] for f in flags})
    pieces: list[str] = []
    for piece_start, piece_end in zip(boundaries, boundaries[1:]):
        chunk = text[piece_start:piece_end]
        covering = [i for i, f in enumerate(flags) if f["start"] <= piece_start and piece_end <= f["end"]]
        if covering:
            classes = " ".join(["lens-mark", *sorted({f"lens-{flags[i]['category']}" for i in covering})])
            title = "; ".join(titles[i] for i in covering)
            pieces.append(format_html('<mark class="{}" title="{}">{}</mark>', classes, title, chunk))
        else:
            pieces.append(escape(chunk))
        for i, flag in enumerate(flags):
            if flag["end"] == piece_end:
                pieces.append(format_html('<sup class="lens-ref"><a href="#{}">{}</a></sup>', flag_anchor(layer_id, i + 1), i + 1))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped or built by format_html
