"""Numeric claims in a text: a figure with its unit, the words around it and the period it is
about, so that a report repeating an official figure can be found and shown side by side.

Pure text logic (English, the language of the translations); heuristic by nature: it finds
candidates a reader then checks, it does not decide that one text copied another.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Unit words → canonical unit. Order matters: longer phrases first.
UNITS = [
    (r"per\s*cent|percent|%", "percent"),
    (r"metric\s+tons?|tonnes?|tons?", "tonne"),
    (r"hectares?|ha\b|chongbo|jongbo", "hectare"),
    (r"won\b", "won"),
    (r"kilometres?|kilometers?|km\b", "km"),
    (r"kilowatt[- ]hours?|kwh\b", "kWh"),
    # a head-count may carry one qualifying word: "1,200,000 peasant households"
    (r"(?:[a-z]+\s+)?(?:people|persons|workers|peasants|members|soldiers|students|households)", "people"),
    (r"times\b|fold\b", "times"),
]
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
NUMBER = r"(?P<number>\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
SCALE = r"(?:\s+(?P<scale>thousand|million|billion))?"
UNIT = r"\s*(?P<unit>" + "|".join(pattern for pattern, _ in UNITS) + r")"
CLAIM = re.compile(NUMBER + SCALE + UNIT, re.IGNORECASE)
YEAR = re.compile(r"\b(19[4-9]\d)\b")
PERIOD = re.compile(r"\b(?:(?:first|second|third|five|seven|six|three)[- ]year plan|(?:19[4-9]\d)\s*[-–]\s*(?:19)?[4-9]\d)\b", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“«(])")
STOPWORDS = set("""a an the of in on at to for from by with and or but as is are was were be been being this that these
those it its their his her our we they he she i you than then there here into over under per cent percent year years
compared last first second third plan also has have had will would which who whom what when where while about more
less up down out all any some such no not only same other so very said says according
thousand million billion ton tons tonne tonnes metric hectare hectares chongbo jongbo won kilometre kilometres
kilometer kilometers times fold""".split())


@dataclass(frozen=True)
class Claim:
    start: int  # span of the figure in the text
    end: int
    value: float
    unit: str
    figure: str  # as written, e.g. "3.7 million tons"
    sentence: str
    sentence_start: int
    words: frozenset[str] = field(default_factory=frozenset)  # content words of the sentence
    years: tuple[int, ...] = ()  # years the sentence names (the period the figure is about)


def _canonical_unit(text: str) -> str:
    for pattern, unit in UNITS:
        if re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            return unit
    raise ValueError(text)


def _value(number: str, scale: str | None) -> float:
    value = float(re.sub(r"[,\u00a0 ]", "", number))
    return value * SCALES.get((scale or "").lower(), 1)


def sentences(text: str) -> list[tuple[int, str]]:
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, text[start:match.start()]))
        start = match.end()
    spans.append((start, text[start:]))
    return [(offset, sentence) for offset, sentence in spans if sentence.strip()]


def content_words(sentence: str) -> frozenset[str]:
    return frozenset(w.lower() for w in WORD.findall(sentence) if len(w) > 2 and w.lower() not in STOPWORDS)


def extract_claims(text: str) -> list[Claim]:
    claims = []
    for offset, sentence in sentences(text):
        words = content_words(sentence)
        years = tuple(sorted({int(y) for y in YEAR.findall(sentence)}))
        for match in CLAIM.finditer(sentence):
            number = match.group("number")
            if YEAR.fullmatch(number) and not match.group("scale") and _canonical_unit(match.group("unit")) == "people":
                continue  # "1958 workers" is more likely a year than a head-count
            claims.append(Claim(
                start=offset + match.start(), end=offset + match.end(),
                value=_value(number, match.group("scale")), unit=_canonical_unit(match.group("unit")),
                figure=match.group(0), sentence=sentence.strip(), sentence_start=offset, words=words, years=years,
            ))
    return claims


@dataclass(frozen=True)
class ClaimMatch:
    report: Claim
    official: Claim
    shared_words: tuple[str, ...]


def same_figure(a: Claim, b: Claim, tolerance: float = 0.005) -> bool:
    if a.unit != b.unit:
        return False
    largest = max(abs(a.value), abs(b.value)) or 1
    return abs(a.value - b.value) / largest <= tolerance


def match_claims(report: list[Claim], official: list[Claim], min_shared_words: int = 2) -> list[ClaimMatch]:
    """Pairs of claims with the same figure and unit, about the same thing (at least
    `min_shared_words` content words in common) and, where both name years, the same years."""
    matches = []
    for ours in report:
        for theirs in official:
            if not same_figure(ours, theirs):
                continue
            if ours.years and theirs.years and not set(ours.years) & set(theirs.years):
                continue
            shared = tuple(sorted(ours.words & theirs.words))
            if len(shared) >= min_shared_words:
                matches.append(ClaimMatch(ours, theirs, shared))
    return matches
