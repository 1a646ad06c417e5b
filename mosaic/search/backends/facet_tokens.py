"""Facet values and years as words of the full-text index, so the words' index narrows a search
by its filters in the same pass that finds the words (SQLite's `facets` column, PostgreSQL's
extra lexemes in `search_words`).

A document carries one token per facet value and one per year its date interval touches; a
search asks for its words AND each filter's token AND any of the years its date range covers.
Tokens only narrow: a clash of two values, or a date range cut to the year, lets through more
documents, never fewer, and the facet bitmaps then apply the filters exactly.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

# A date range narrows by the years it covers only up to this many of them (a token each), and a
# document's interval is tokenised only if it covers fewer years than that.
MAX_YEAR_TOKENS = 40


def facet_token(facet: str, value: str) -> str:
    return "zf" + hashlib.blake2b(f"{facet}\0{value}".encode(), digest_size=8).hexdigest()


def year_token(year: int) -> str:
    return facet_token("\0covers", str(year))


def document_tokens(facets: Iterable[tuple[str, str]], date_min, date_max) -> list[str]:
    """The tokens of a document: its facet values and the years its date may fall in."""
    tokens = [facet_token(facet, value) for facet, value in facets]
    if date_min and date_max:
        first, last = int(str(date_min)[:4]), int(str(date_max)[:4])
        if last - first < MAX_YEAR_TOKENS:
            tokens += [year_token(year) for year in range(first, last + 1)]
    return tokens


def filter_tokens(query) -> tuple[list[str], list[str]]:
    """What a search's filters ask of the tokens: (every one of these, at least one of these);
    the second is the years of its date range, or empty when it has none or too many."""
    every = [facet_token(facet, value) for facet, value in query.filters]
    years = []
    if query.date_from or query.date_to:
        first = query.date_from.earliest().year if query.date_from else None
        last = query.date_to.latest().year if query.date_to else None
        if first and last and last - first < MAX_YEAR_TOKENS:
            years = [year_token(year) for year in range(first, last + 1)]
    return every, years
