"""Finding language markers in a text: lexicon patterns, sense filters and the voice of each hit.

`find_markers(text, language)` runs every rule of the lexicon for that language, keeps the hits
its sense filters accept, gives each the voice it stands in (author's narration, reported speech
with the speaker when named, direct quotation) and returns them in text order. Within one
category, overlapping hits are one marker (the longest wording wins: "should be instructed"
rather than "should"). `rates` turns counts into markers per 1,000 words. A rule whose every
match needs a word the text lacks is not run at all (`required_words`), and a rule that needs
one is run only over the sentences around that word (`_scan_windows`): both keep the pass fast
without changing what it finds. The pass grows linearly with the text.

No hit is a verdict. A marker says that a listed wording occurs here, in whose voice, by which
rule of which lexicon version; nothing more.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from mosaic.lib.markers.lexicon import Lexicon, Rule, default_lexicon
from mosaic.lib.markers.required_words import required_words
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


def _may_match(rule: Rule, folded_text: str) -> bool:
    words = required_words(rule.pattern)
    return words is None or any(word in folded_text for word in words)


def _scan_windows(rule: Rule, text: str, folded_text: str, voice_map: VoiceMap) -> list[tuple[int, int]]:
    """Where a rule's matches can be: the sentences holding one of its required words, each with
    its neighbours (a wording never runs over three sentences), merged. Scanning only these finds
    what a scan of the whole text finds, at a fraction of the cost: most rules' words occur in a
    few sentences of a layer. The whole text when the rule has no required words, or when case
    folding changed the text's length (the positions would not line up)."""
    words = required_words(rule.pattern)
    sentences = voice_map.sentences
    if words is None or len(folded_text) != len(text) or not sentences:
        return [(0, len(text))]
    starts = voice_map.sentence_starts
    windows = []
    for word in words:
        at = folded_text.find(word)
        while at != -1:
            index = bisect.bisect_right(starts, at) - 1
            if index < 0 or at >= sentences[index][1]:
                return [(0, len(text))]  # a word outside every sentence: do not guess
            first, last = max(index - 1, 0), min(index + 1, len(sentences) - 1)
            windows.append((sentences[first][0], sentences[last][1]))
            at = folded_text.find(word, at + len(word))
    windows.sort()
    merged = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _matches(rule: Rule, text: str, folded_text: str, voice_map: VoiceMap):
    for start, end in _scan_windows(rule, text, folded_text, voice_map):
        yield from rule.pattern.finditer(text, start, end)


def _hits(rule: Rule, text: str, voice_map: VoiceMap, lexicon_version: str, folded_text: str | None = None) -> list[Marker]:
    hits = []
    folded_text = folded_text if folded_text is not None else text.casefold()
    if not _may_match(rule, folded_text):
        return hits
    for match in _matches(rule, text, folded_text, voice_map):
        if "span" in rule.pattern.groupindex and match.group("span") is not None:
            start, end = match.span("span")
        else:
            start, end = match.span()
        if start == end:
            continue
        sentence_start, sentence_end = voice_map.sentence_at(start)
        context = MatchContext(text, start, end, sentence_start, sentence_end)
        if not all(SENSE_FILTERS[name](context) for name in rule.sense_filters):
            continue
        voice = voice_map.voice_at(start)
        hits.append(Marker(start=start, end=end, text=text[start:end], category=rule.category, rule_id=rule.id,
                           rule_version=rule.version, lexicon_version=lexicon_version, voice=voice.voice,
                           speaker=voice.speaker, experimental=rule.experimental))
    return hits


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
    rules = [rule for rule in lexicon.rules_for(language)
             if include_unflagged or lexicon.categories[rule.category].flagged]
    if not rules or not text:
        return []
    voice_map = voice_map or analyse(text, language, conversation=conversation)
    folded = text.casefold()
    found = [hit for rule in rules for hit in _hits(rule, text, voice_map, lexicon.version, folded)]
    return _one_per_wording(found, {rule.id: index for index, rule in enumerate(lexicon.rules)})


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
        hits = _hits(rule, example.text, analyse(example.text, rule.language), lexicon_version)
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
        hits = _hits(rule, example.text, analyse(example.text, rule.language), lexicon_version)
        if hits:
            failures.append(f"{rule.ref} ({rule.term}): flags its negative example at {hits[0].text!r}: {example.text!r}")
    return failures
