"""Which untranslated document to translate next: a priority score (a heuristic) from stated factors.

Each factor turns one fact about a document into a number between 0 and 1; the score is the sum
of those numbers, each multiplied by its weight. Nothing else goes into it, and every part is
returned with an explanation in plain words, so a curator can see why a document ranks where it
does and change the weights when the archive's priorities change.

Factors:

- ``reader_requests``: how many readers asked for a translation (more asks, higher).
- ``collection_priority``: the highest translation priority (0–5) of the collections the
  document belongs to.
- ``length_cost``: the length in pages and the estimated cost (pages × cost per page). Longer
  documents cost more, so they score *lower*; a short document can be published sooner.
- ``coverage_gap``: how few documents from the same country and year are already translated
  (a year with no translations at all scores highest).

No Django here: the archive's side (``mosaic.translations.backlog``) gathers the facts and the
settings and hands them to :func:`score`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Iterable, Mapping, TypeVar

FACTOR_LABELS = MappingProxyType({
    "reader_requests": "Readers' requests",
    "collection_priority": "Collection priority",
    "length_cost": "Length and estimated cost",
    "coverage_gap": "Date coverage gap",
})
FACTORS = tuple(FACTOR_LABELS)

# They add up to 1, so a score is between 0 and 1 unless an installation raises a weight.
DEFAULT_WEIGHTS = MappingProxyType({
    "reader_requests": 0.35,
    "collection_priority": 0.25,
    "length_cost": 0.15,
    "coverage_gap": 0.25,
})
DEFAULT_COST_PER_PAGE = 30.0
# A "standard page" of translation work (the German Normseite is 1,800 characters with spaces).
DEFAULT_CHARACTERS_PER_PAGE = 1800


@dataclass(frozen=True)
class PriorityConfig:
    """Weights and the points at which each factor counts in full (all overridable)."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    requests_for_full_score: int = 10
    highest_collection_priority: int = 5
    pages_for_zero_score: float = 50.0
    translations_for_full_coverage: int = 10
    # What a factor counts for when its fact is not known (no length, no date or no country):
    # the middle, so that missing facts neither push a document up nor bury it.
    unknown_value: float = 0.5
    cost_per_page: float = DEFAULT_COST_PER_PAGE
    characters_per_page: int = DEFAULT_CHARACTERS_PER_PAGE

    def __post_init__(self):
        unknown = set(self.weights) - set(FACTORS)
        if unknown:
            raise ValueError(f"unknown priority factor(s): {', '.join(sorted(unknown))}; the factors are {', '.join(FACTORS)}")
        missing = set(FACTORS) - set(self.weights)
        if missing:
            raise ValueError(f"no weight for priority factor(s): {', '.join(sorted(missing))}")
        for name, weight in self.weights.items():
            if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not math.isfinite(weight) or weight < 0:
                raise ValueError(f"the weight of {name} must be a number of 0 or more, not {weight!r}")
        if not any(self.weights.values()):
            raise ValueError("at least one priority weight must be above 0")
        for name in ("requests_for_full_score", "highest_collection_priority", "pages_for_zero_score",
                     "translations_for_full_coverage", "characters_per_page"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"{name} must be a number above 0, not {value!r}")
        if not isinstance(self.cost_per_page, (int, float)) or isinstance(self.cost_per_page, bool) or self.cost_per_page < 0:
            raise ValueError(f"cost_per_page must be a number of 0 or more, not {self.cost_per_page!r}")
        if not 0 <= self.unknown_value <= 1:
            raise ValueError(f"unknown_value must be between 0 and 1, not {self.unknown_value!r}")

    @classmethod
    def with_overrides(cls, overrides: Mapping | None = None, cost_per_page: float | None = None) -> "PriorityConfig":
        """The defaults with an installation's overrides; ``weights`` may name only some factors.

        Unknown keys are an error rather than ignored: a misspelt setting would otherwise
        silently leave the default in force.
        """
        overrides = dict(overrides or {})
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown translation priority setting(s): {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known))}")
        if "weights" in overrides:
            if not isinstance(overrides["weights"], Mapping):
                raise ValueError("weights must be a mapping of factor name to weight")
            overrides["weights"] = {**DEFAULT_WEIGHTS, **overrides["weights"]}
        if cost_per_page is not None and "cost_per_page" not in overrides:
            overrides["cost_per_page"] = cost_per_page
        return replace(cls(), **overrides)


@dataclass(frozen=True)
class Candidate:
    """The facts about one untranslated document that the score reads."""

    reader_requests: int = 0
    collection_priority: int = 0
    pages: float | None = None
    pages_estimated_from: str = ""
    translated_in_same_country_year: int | None = None
    country_year: str = ""


@dataclass(frozen=True)
class FactorScore:
    factor: str
    label: str
    raw: float | int | None
    normalised: float
    weight: float
    contribution: float
    explanation: str


@dataclass(frozen=True)
class Priority:
    score: float
    factors: tuple[FactorScore, ...]

    def factor(self, name: str) -> FactorScore:
        return next(f for f in self.factors if f.factor == name)


def estimate_pages(folio_spans: Iterable[tuple[int, int | None]], text_lengths: Iterable[int],
                   characters_per_page: int = DEFAULT_CHARACTERS_PER_PAGE) -> tuple[float | None, str]:
    """A document's length in pages and how it was found.

    The folio range of the original is the best evidence; without one, the longest text held
    (the original transcript or OCR) divided into standard pages; without either, unknown.
    """
    spans = [(start, end if end is not None else start) for start, end in folio_spans if start is not None]
    folios = sum(max(end - start, 0) + 1 for start, end in spans)
    if folios:
        return float(folios), "the folio range"
    longest = max((length for length in text_lengths if length), default=0)
    if longest:
        return float(math.ceil(longest / characters_per_page)), f"the text's length at {characters_per_page:,} characters a page"
    return None, ""


def _plural(count, one: str, many: str) -> str:
    return f"{count:g} {one if count == 1 else many}"


def _reader_requests(candidate: Candidate, config: PriorityConfig) -> tuple[float | int, float, str]:
    asked = candidate.reader_requests
    full = config.requests_for_full_score
    value = min(asked, full) / full
    if not asked:
        return asked, value, "No reader has asked for a translation yet."
    return asked, value, (f"{_plural(asked, 'reader', 'readers')} asked for a translation; "
                          f"{_plural(full, 'request counts', 'requests count')} in full.")


def _collection_priority(candidate: Candidate, config: PriorityConfig) -> tuple[float | int, float, str]:
    priority = candidate.collection_priority
    highest = config.highest_collection_priority
    value = min(max(priority, 0), highest) / highest
    if not priority:
        return priority, value, "Not in a collection that is marked as a translation priority."
    return priority, value, f"Belongs to a collection with translation priority {priority:g} of {highest:g}."


def _length_cost(candidate: Candidate, config: PriorityConfig) -> tuple[float | None, float, str]:
    pages = candidate.pages
    if pages is None:
        return None, config.unknown_value, ("Its length is not known (no folio range and no text held), "
                                           "so this factor counts as middling.")
    cost = pages * config.cost_per_page
    value = max(0.0, 1 - pages / config.pages_for_zero_score)
    source = f" (from {candidate.pages_estimated_from})" if candidate.pages_estimated_from else ""
    return cost, value, (f"About {_plural(pages, 'page', 'pages')}{source}, an estimated cost of {cost:,.2f} "
                         f"at {config.cost_per_page:,.2f} a page. Longer documents cost more and so score lower; "
                         f"{config.pages_for_zero_score:g} pages or more score nothing here.")


def _coverage_gap(candidate: Candidate, config: PriorityConfig) -> tuple[float | int | None, float, str]:
    translated = candidate.translated_in_same_country_year
    if translated is None:
        return None, config.unknown_value, ("Undated or of unknown origin, so the gap in the record cannot be "
                                           "measured; this factor counts as middling.")
    full = config.translations_for_full_coverage
    value = max(0.0, 1 - translated / full)
    where = f" from {candidate.country_year}" if candidate.country_year else " from the same country and year"
    if not translated:
        return translated, value, f"No document{where} is translated yet: a gap in the record."
    return translated, value, (f"{_plural(translated, 'document', 'documents')}{where} "
                               f"{'is' if translated == 1 else 'are'} translated already; "
                               f"{full:g} or more leave no gap.")


_FACTOR_FUNCTIONS = {
    "reader_requests": _reader_requests,
    "collection_priority": _collection_priority,
    "length_cost": _length_cost,
    "coverage_gap": _coverage_gap,
}


def score(candidate: Candidate, config: PriorityConfig | None = None) -> Priority:
    """The weighted sum of the factors, with each factor's part of it."""
    config = config or PriorityConfig()
    parts = []
    for name in FACTORS:
        raw, normalised, explanation = _FACTOR_FUNCTIONS[name](candidate, config)
        weight = float(config.weights[name])
        parts.append(FactorScore(name, FACTOR_LABELS[name], raw, normalised, weight, normalised * weight, explanation))
    return Priority(sum(part.contribution for part in parts), tuple(parts))


Key = TypeVar("Key")


def rank(candidates: Iterable[tuple[Key, Candidate]], config: PriorityConfig | None = None) -> list[tuple[Key, Priority]]:
    """Highest score first; documents that score the same keep the order they were given in."""
    config = config or PriorityConfig()
    scored = [(key, score(candidate, config)) for key, candidate in candidates]
    return sorted(scored, key=lambda item: -item[1].score)
