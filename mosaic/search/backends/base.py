"""The interface every search backend implements, and the results it returns.

Views, the API and the CLI speak only to this interface; nothing about FTS5 (or PostgreSQL's
tsvector, when it comes) leaks out of a backend module.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_noop

from mosaic.lib.messages import Message
from mosaic.search.entries import IndexEntry
from mosaic.search.query import FACETS, SearchQuery


class SearchTooSlow(Exception):
    """A search ran past its time budget (MOSAIC_SEARCH_TIME_BUDGET) and was stopped, so that no
    single query holds a server thread for long; the message tells the reader what to do."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.wording = Message(gettext_noop(
            "The search took longer than %(seconds)s seconds and was stopped. Narrow it: fewer words, "
            "a phrase in quotes, a date range or a filter."), {"seconds": f"{seconds:g}"})
        super().__init__(str(self.wording))


@dataclass(frozen=True)
class SnippetPart:
    text: str
    highlighted: bool = False


@dataclass(frozen=True)
class Hit:
    doc_id: int
    public_id: str
    title: str
    date: str
    origin_country: str
    catalogue_only: bool
    snippet: tuple[SnippetPart, ...] = ()


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


class SearchBackend(ABC):
    @abstractmethod
    def replace(self, entries: Iterable[IndexEntry], remove_ids: Iterable[int] = ()) -> None:
        """Write these entries (replacing any earlier ones) and drop the documents in remove_ids."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the index."""

    @abstractmethod
    def search(self, query: SearchQuery, with_facets: bool = True) -> SearchResults:
        """Run a query: one page of hits with snippets, the total, and facet counts.
        Raises SearchTooSlow past the time budget."""

    @abstractmethod
    def all_ids(self, query: SearchQuery) -> list[int]:
        """Every matching document id in result order (for exports of a whole result set).
        Raises SearchTooSlow past the time budget."""

    @contextmanager
    def bulk_loading(self) -> Iterator[None]:
        """Around writing the whole index again (index.rebuild): a backend may write faster
        inside, at the cost of searches waiting until it ends."""
        yield

    @contextmanager
    def writing_in_batches(self) -> Iterator[None]:
        """Around a writer that calls `replace` once a batch inside its transaction (an import): a
        backend may finish part of a batch's writing while the writer prepares the next, and
        writes all of it before the block ends. Searches inside the block may not see the last
        batches yet."""
        yield

    def reaching_cjk_forms(self, query: SearchQuery) -> SearchQuery:
        """The query with the names read from Latin or Cyrillic words also looked for in their
        hangul and hanja forms, when the index holds any of those forms; otherwise as it is, so
        that an archive without such text keeps the faster path of words alone."""
        forms = query.parsed.cjk_forms
        if forms and self.holds_cjk_text(forms):
            return replace(query, parsed=query.parsed.also_in_cjk())
        return query

    def holds_cjk_text(self, forms: tuple[str, ...]) -> bool:
        """Whether any indexed document holds one of these Korean or Chinese forms."""
        return False

    def upkeep_due(self) -> bool:
        """Whether written entries wait for work a background job does (search.tasks)."""
        return False

    def do_upkeep(self) -> int:
        """One short transaction of that work; returns how much it did (0: nothing it could do)."""
        return 0


def facets_from_counts(rows: Iterable[tuple[str, str, int]]) -> dict[str, tuple[FacetValue, ...]]:
    """(facet, value, count) rows as every backend returns them: every facet present, years and
    decades in order, other facets by count (most first), then by value."""
    grouped: dict[str, list[FacetValue]] = {facet: [] for facet in FACETS}
    for facet, value, count in rows:
        grouped.setdefault(facet, []).append(FacetValue(value, count))
    for facet, values in grouped.items():
        if facet in ("year", "decade"):
            values.sort(key=lambda v: v.value)
        else:
            values.sort(key=lambda v: (-v.count, v.value))
    return {facet: tuple(values) for facet, values in grouped.items()}
