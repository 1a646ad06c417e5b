"""Finding language markers in a text: lexicon patterns, sense filters and the voice of each hit.

`find_markers(text, language)` runs every rule of the lexicon for that language, keeps the hits
its sense filters accept, gives each the voice it stands in (author's narration, reported speech
with the speaker when named, direct quotation) and returns them in text order. Within one
category, overlapping hits are one marker (the longest wording wins: "should be instructed"
rather than "should"). `rates` turns counts into markers per 1,000 words. A rule whose every
match needs a word the text lacks is not run at all (`required_words`), and a rule that needs
one is run only over the sentences around that word (`_scan_windows`): both keep the pass fast
without changing what it finds. The words are looked up once per text (`required_words.WordSites`,
shared with the voice analysis, which skips frame patterns the same way), and what does not
depend on the text (each rule's words, the rule order) once per lexicon. The pass grows linearly
with the text.

No hit is a verdict. A marker says that a listed wording occurs here, in whose voice, by which
rule of which lexicon version; nothing more.
"""
from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import asdict, dataclass

from mosaic.lib.markers.lexicon import Lexicon, Rule, default_lexicon
from mosaic.lib.markers.required_words import WordSites, folded_words
from mosaic.lib.markers.sense import SENSE_FILTERS, MatchContext
from mosaic.lib.markers.voice import VoiceMap, analyse


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    text: str
    category: str
    rule_id: str
    rule_version: int
    lexicon_version: str
    voice: str
    speaker: str | None
    experimental: bool

    def as_dict(self) -> dict:
        return asdict(self)


def normalise_language(language: str) -> str:
    """"en-GB" → "en"."""
    return (language or "").split("-")[0].split("_")[0].lower()


@dataclass(frozen=True)
class _PlannedRule:
    rule: Rule
    words: tuple[str, ...] | None  # one of which each match contains; None: no word is certain
    has_span: bool  # the pattern marks the flagged words in a "span" group


@dataclass(frozen=True)
class _Plan:
    """What a pass over one language's rules needs that does not depend on the text, made once
    per lexicon."""

    rules: tuple[_PlannedRule, ...]
    rule_order: dict[str, int]


_plans: dict[int, tuple[weakref.ref, dict]] = {}


def _planned(rule: Rule) -> _PlannedRule:
    return _PlannedRule(rule, folded_words(rule.pattern), "span" in rule.pattern.groupindex)


def _plan(lexicon: Lexicon, language: str, include_unflagged: bool) -> _Plan:
    held = _plans.get(id(lexicon))
    if held is None or held[0]() is not lexicon:
        key = id(lexicon)
        held = _plans[key] = (weakref.ref(lexicon, lambda _, key=key: _plans.pop(key, None)), {})
    plans = held[1]
    plan = plans.get((language, include_unflagged))
    if plan is None:
        rules = tuple(_planned(rule) for rule in lexicon.rules_for(language)
                      if include_unflagged or lexicon.categories[rule.category].flagged)
        plan = plans[(language, include_unflagged)] = _Plan(rules, {rule.id: index for index, rule in enumerate(lexicon.rules)})
    return plan


@dataclass
class _Sites:
    """One text as the rules scan it: its voice map, and where their required words are (the
    voice analysis' lookups, when it made them for the same sentences, are reused)."""

    text: str
    voice_map: VoiceMap
    words: WordSites

    @classmethod
    def of(cls, text: str, voice_map: VoiceMap) -> "_Sites":
        words = voice_map.word_sites
        if words is None or words.text is not text or words.sentences is not voice_map.sentences:
            words = WordSites(text, voice_map.sentences)
        return cls(text, voice_map, words)


def _may_match(words: tuple[str, ...] | None, sites: _Sites) -> bool:
    """Whether a rule with these required words can match the text at all."""
    return words is None or any(sites.words.has(word) for word in words)


def _scan_windows(words: tuple[str, ...] | None, sites: _Sites) -> list[tuple[int, int]]:
    """Where the matches of a rule with these required words can be: the sentences holding one of
    the words, each with its neighbours (a wording never runs over three sentences), merged.
    Scanning only these finds what a scan of the whole text finds, at a fraction of the cost: most
    rules' words occur in a few sentences of a layer. The whole text when the rule has no required
    words, or when case folding changed the text's length (the positions would not line up)."""
    text = sites.text
    if words is None or not sites.words.aligned:
        return [(0, len(text))]
    sentences = sites.voice_map.sentences
    last_sentence = len(sentences) - 1
    windows = []
    for word in words:
        indices = sites.words.sentences_of(word)
        if indices is None:
            return [(0, len(text))]  # a word outside every sentence: do not guess
        windows += [(sentences[max(index - 1, 0)][0], sentences[min(index + 1, last_sentence)][1]) for index in indices]
    windows.sort()
    merged = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _hits(planned: _PlannedRule, sites: _Sites, lexicon_version: str) -> list[Marker]:
    hits = []
    if not _may_match(planned.words, sites):
        return hits
    rule, text, voice_map = planned.rule, sites.text, sites.voice_map
    filters = [SENSE_FILTERS[name] for name in rule.sense_filters]
    for window_start, window_end in _scan_windows(planned.words, sites):
        for match in rule.pattern.finditer(text, window_start, window_end):
            if planned.has_span and match.group("span") is not None:
                start, end = match.span("span")
            else:
                start, end = match.span()
            if start == end:
                continue
            if filters:
                sentence_start, sentence_end = voice_map.sentence_at(start)
                context = MatchContext(text, start, end, sentence_start, sentence_end)
                if not all(keep(context) for keep in filters):
                    continue
            voice = voice_map.voice_at(start)
            hits.append(Marker(start=start, end=end, text=text[start:end], category=rule.category, rule_id=rule.id,
                               rule_version=rule.version, lexicon_version=lexicon_version, voice=voice.voice,
                               speaker=voice.speaker, experimental=rule.experimental))
    return hits


def _rule_hits(rule: Rule, text: str, voice_map: VoiceMap, lexicon_version: str) -> list[Marker]:
    """One rule's hits on its own, as its examples are checked."""
    return _hits(_planned(rule), _Sites.of(text, voice_map), lexicon_version)


def _one_per_wording(markers: list[Marker], rule_order: dict[str, int]) -> list[Marker]:
    """Within a category, overlapping hits become one: the longest, then the earlier rule."""
    kept: list[Marker] = []
    # Per category, the kept markers' (start, end) in text order; they never overlap, so a new one
    # need only be held against its two neighbours (a binary search, not a pass over all kept).
    taken: dict[str, list[tuple[int, int]]] = {}
    by_preference = sorted(markers, key=lambda m: (-(m.end - m.start), rule_order[m.rule_id], m.start))
    for marker in by_preference:
        spans = taken.setdefault(marker.category, [])
        index = bisect.bisect_left(spans, (marker.start, marker.end))
        overlaps_before = index > 0 and spans[index - 1][1] > marker.start
        overlaps_after = index < len(spans) and spans[index][0] < marker.end
        if not (overlaps_before or overlaps_after):
            spans.insert(index, (marker.start, marker.end))
            kept.append(marker)
    return sorted(kept, key=lambda m: (m.start, m.end, m.category))


def find_markers(text: str, language: str, lexicon: Lexicon | None = None, *, include_unflagged: bool = False,
                 voice_map: VoiceMap | None = None, conversation: bool | None = None) -> list[Marker]:
    """Markers in `text` written in `language` (an ISO 639-1 code). Categories the lexicon counts
    without flagging (the bloc formulae) are left out unless `include_unflagged`. `conversation`
    tells the voice rules the text records a conversation (see `voice.analyse`)."""
    lexicon = lexicon or default_lexicon()
    language = normalise_language(language)
    plan = _plan(lexicon, language, include_unflagged)
    if not plan.rules or not text:
        return []
    voice_map = voice_map or analyse(text, language, conversation=conversation)
    sites = _Sites.of(text, voice_map)
    found = [hit for planned in plan.rules for hit in _hits(planned, sites, lexicon.version)]
    return _one_per_wording(found, plan.rule_order)


_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def word_count(text: str) -> int:
    """Words as a reader counts them: "Kum-chol" and "don't" are one word each."""
    return sum(1 for _ in _WORD.finditer(text or ""))


def rates(markers: list[Marker], word_count: int, categories=None) -> dict[str, float | None]:
    """Markers per 1,000 words for each category (every category in `categories`, when given,
    including those with none). None when the text has no words to count by."""
    counts = count_by_category(markers, categories)
    if word_count <= 0:
        return {category: None for category in counts}
    return {category: count * 1000 / word_count for category, count in counts.items()}


def count_by_category(markers: list[Marker], categories=None) -> dict[str, int]:
    counts = {category: 0 for category in (categories or [])}
    for marker in markers:
        counts[marker.category] = counts.get(marker.category, 0) + 1
    return counts


def example_failures(lexicon: Lexicon | None = None) -> list[str]:
    """Every way the lexicon's rules disagree with their own examples; empty when all hold.
    The examples are executable tests: the test suite and `mosaic lens_markers check` run them."""
    lexicon = lexicon or default_lexicon()
    return [failure for rule in lexicon.rules for failure in rule_example_failures(rule, lexicon.version)]


def rule_example_failures(rule: Rule, lexicon_version: str = "") -> list[str]:
    """How one rule disagrees with its examples: a positive example it does not flag (or flags
    in another voice or with another speaker than the example states), a negative it flags.
    The rule runs alone, so a longer rule of the same category cannot hide its hits."""
    failures = []
    for example in rule.positive:
        hits = _rule_hits(rule, example.text, analyse(example.text, rule.language), lexicon_version)
        if not hits:
            failures.append(f"{rule.ref} ({rule.term}): does not flag its positive example: {example.text!r}")
            continue
        if example.voice and not any(hit.voice == example.voice for hit in hits):
            failures.append(f"{rule.ref}: positive example should be {example.voice}, found "
                            f"{', '.join(sorted({hit.voice for hit in hits}))}: {example.text!r}")
        if example.speaker and not any(hit.speaker == example.speaker for hit in hits):
            failures.append(f"{rule.ref}: positive example should name the speaker {example.speaker!r}, found "
                            f"{', '.join(repr(hit.speaker) for hit in hits)}: {example.text!r}")
    for example in rule.negative:
        hits = _rule_hits(rule, example.text, analyse(example.text, rule.language), lexicon_version)
        if hits:
            failures.append(f"{rule.ref} ({rule.term}): flags its negative example at {hits[0].text!r}: {example.text!r}")
    return failures
