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
settings and hands them to :func:`score`, with Django's gettext as the :class:`Wording` so the
explanations read in the reader's language (English by default).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, TypeVar

from mosaic.lib.messages import gettext_noop


@dataclass(frozen=True)
class Wording:
    """How the explanations are worded: in English unless a caller passes its gettext and ngettext."""

    gettext: Callable[[str], str] = lambda message: message
    ngettext: Callable[[str, str, int], str] = lambda singular, plural, number: singular if number == 1 else plural


ENGLISH = Wording()

FACTOR_LABELS = MappingProxyType({
    "reader_requests": gettext_noop("Readers' requests"),
    "collection_priority": gettext_noop("Collection priority"),
    "length_cost": gettext_noop("Length and estimated cost"),
    "coverage_gap": gettext_noop("Date coverage gap"),
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
    pages_estimated_from: str = ""  # "folios" or "text" (PAGES_FROM_FOLIOS, PAGES_FROM_TEXT), or "" when not known
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


PAGES_FROM_FOLIOS, PAGES_FROM_TEXT = "folios", "text"


def estimate_pages(folio_spans: Iterable[tuple[int, int | None]], text_lengths: Iterable[int],
                   characters_per_page: int = DEFAULT_CHARACTERS_PER_PAGE) -> tuple[float | None, str]:
    """A document's length in pages and how it was found (PAGES_FROM_FOLIOS, PAGES_FROM_TEXT or "").

    The folio range of the original is the best evidence; without one, the longest text held
    (the original transcript or OCR) divided into standard pages; without either, unknown.
    """
    spans = [(start, end if end is not None else start) for start, end in folio_spans if start is not None]
    folios = sum(max(end - start, 0) + 1 for start, end in spans)
    if folios:
        return float(folios), PAGES_FROM_FOLIOS
    longest = max((length for length in text_lengths if length), default=0)
    if longest:
        return float(math.ceil(longest / characters_per_page)), PAGES_FROM_TEXT
    return None, ""


def _number(value) -> str:
    return f"{value:g}"


# Each explanation is whole sentences with named values, so a translator never assembles pieces.

def _reader_requests(candidate: Candidate, config: PriorityConfig, words: Wording) -> tuple[float | int, float, str]:
    asked = candidate.reader_requests
    full = config.requests_for_full_score
    value = min(asked, full) / full
    if not asked:
        return asked, value, words.gettext("No reader has asked for a translation yet.")
    return asked, value, " ".join([
        words.ngettext("%(asked)s reader asked for a translation.", "%(asked)s readers asked for a translation.",
                       asked) % {"asked": _number(asked)},
        words.ngettext("%(full)s request counts in full.", "%(full)s requests count in full.", full) % {"full": _number(full)}])


def _collection_priority(candidate: Candidate, config: PriorityConfig, words: Wording) -> tuple[float | int, float, str]:
    priority = candidate.collection_priority
    highest = config.highest_collection_priority
    value = min(max(priority, 0), highest) / highest
    if not priority:
        return priority, value, words.gettext("Not in a collection that is marked as a translation priority.")
    return priority, value, words.gettext("Belongs to a collection with translation priority %(priority)s of %(highest)s.") % {
        "priority": _number(priority), "highest": _number(highest)}


def _length_cost(candidate: Candidate, config: PriorityConfig, words: Wording) -> tuple[float | None, float, str]:
    pages = candidate.pages
    if pages is None:
        return None, config.unknown_value, words.gettext(
            "Its length is not known (no folio range and no text held), so this factor counts as middling.")
    cost = pages * config.cost_per_page
    value = max(0.0, 1 - pages / config.pages_for_zero_score)
    values = {"pages": _number(pages), "cost": f"{cost:,.2f}", "rate": f"{config.cost_per_page:,.2f}",
              "characters": f"{config.characters_per_page:,}", "limit": _number(config.pages_for_zero_score)}
    count = 1 if pages == 1 else 2
    if candidate.pages_estimated_from == PAGES_FROM_FOLIOS:
        estimate = words.ngettext(
            "About %(pages)s page (from the folio range), an estimated cost of %(cost)s at %(rate)s a page.",
            "About %(pages)s pages (from the folio range), an estimated cost of %(cost)s at %(rate)s a page.", count)
    elif candidate.pages_estimated_from == PAGES_FROM_TEXT:
        estimate = words.ngettext(
            "About %(pages)s page (from the text's length at %(characters)s characters a page), an estimated cost "
            "of %(cost)s at %(rate)s a page.",
            "About %(pages)s pages (from the text's length at %(characters)s characters a page), an estimated cost "
            "of %(cost)s at %(rate)s a page.", count)
    else:
        estimate = words.ngettext("About %(pages)s page, an estimated cost of %(cost)s at %(rate)s a page.",
                                  "About %(pages)s pages, an estimated cost of %(cost)s at %(rate)s a page.", count)
    return cost, value, " ".join([estimate % values, words.gettext(
        "Longer documents cost more and so score lower; %(limit)s pages or more score nothing here.") % values])


def _coverage_gap(candidate: Candidate, config: PriorityConfig, words: Wording) -> tuple[float | int | None, float, str]:
    translated = candidate.translated_in_same_country_year
    if translated is None:
        return None, config.unknown_value, words.gettext(
            "Undated or of unknown origin, so the gap in the record cannot be measured; this factor counts as middling.")
    full = config.translations_for_full_coverage
    value = max(0.0, 1 - translated / full)
    values = {"count": _number(translated), "where": candidate.country_year, "full": _number(full)}
    if not translated:
        gap = (words.gettext("No document from %(where)s is translated yet: a gap in the record.") if candidate.country_year
               else words.gettext("No document from the same country and year is translated yet: a gap in the record."))
        return translated, value, gap % values
    done = (words.ngettext("%(count)s document from %(where)s is translated already.",
                           "%(count)s documents from %(where)s are translated already.", translated)
            if candidate.country_year else
            words.ngettext("%(count)s document from the same country and year is translated already.",
                           "%(count)s documents from the same country and year are translated already.", translated))
    return translated, value, " ".join([done % values, words.gettext("%(full)s or more leave no gap.") % values])


_FACTOR_FUNCTIONS = {
    "reader_requests": _reader_requests,
    "collection_priority": _collection_priority,
    "length_cost": _length_cost,
    "coverage_gap": _coverage_gap,
}


def score(candidate: Candidate, config: PriorityConfig | None = None, words: Wording = ENGLISH) -> Priority:
    """The weighted sum of the factors, with each factor's part of it, explained in `words`."""
    config = config or PriorityConfig()
    parts = []
    for name in FACTORS:
        raw, normalised, explanation = _FACTOR_FUNCTIONS[name](candidate, config, words)
        weight = float(config.weights[name])
        parts.append(FactorScore(name, words.gettext(FACTOR_LABELS[name]), raw, normalised, weight, normalised * weight,
                                 explanation))
    return Priority(sum(part.contribution for part in parts), tuple(parts))


Key = TypeVar("Key")


def rank(candidates: Iterable[tuple[Key, Candidate]], config: PriorityConfig | None = None,
         words: Wording = ENGLISH) -> list[tuple[Key, Priority]]:
    """Highest score first; documents that score the same keep the order they were given in."""
    config = config or PriorityConfig()
    scored = [(key, score(candidate, config, words)) for key, candidate in candidates]
    return sorted(scored, key=lambda item: -item[1].score)
