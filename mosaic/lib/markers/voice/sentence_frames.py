"""Reporting frames inside one sentence: who speaks in which part of it.

* a speaker, a reporting verb and its complement ("Pak Kum-chol said that …", "I told him that …")
  cover the rest of the sentence, unless the author takes the word back (", but in reality …");
* an attribution ("according to …", "in the opinion of …", "as X put it"), hearsay ("reportedly",
  "it is said that", "X is said to …") or a trailing frame ("…, Pak said.") covers its clause;
* "according to" followed by a conformity noun ("according to the plan") is no frame at all.

A frame whose content opens with a colon ("Kim Il Sung said the following:") is also returned
as a `ColonFrame`: `stretches.py` decides how far past its sentence it reaches.

The words come from the frame lexicon (`frames.json`); the patterns that put them together
are here, compiled once per language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mosaic.lib.markers.voice.frame_lexicon import LanguageFrames
from mosaic.lib.markers.voice.model import AUTHOR, REPORTED, Voice, VoiceSpan
from mosaic.lib.markers.voice.quotations import Quotations
from mosaic.lib.markers.voice.speakers import (
    ADVERBS,
    GROUP_RE,
    NAME_RE,
    SPEAKER_RE,
    clean_speaker,
    is_author,
    speaker_after,
    speaker_and_start,
)


@dataclass(frozen=True)
class ColonFrame:
    """A reporting frame whose content follows a colon: it may open a stretch over several sentences."""

    speaker: str | None
    content_start: int  # just after the colon
    sentence_end: int
    announces_block: bool  # "said the following:", "declared roughly this:" announce more than one sentence


# Reference words that cannot be a source: "according to which", "in the opinion of the embassy"
# (the author's own institution speaking is the author).
_AUTHOR_AS_SOURCE = re.compile(r"(?:the\s+)?(?:embassy|undersigned|author)\b|(?:us|me|ours|mine)\b(?!\s+\w)", re.I)


class EnglishFrames:
    """The English frame patterns, built from the frame lexicon's English entry."""

    def __init__(self, frames: LanguageFrames):
        verbs = LanguageFrames.alternatives(frames.speech_verbs + frames.speech_verbs_with_object + frames.dispute_verbs)
        self.dispute_verbs = set(frames.dispute_verbs)
        # "rejected the charge …", "refuted these reports": the rest of the sentence is the party's position.
        self.claim_object = re.compile(
            rf"(?:\s+[\w'’\-]+){{0,3}}?\s+{LanguageFrames.alternatives(frames.claim_nouns)}\b", re.I
        ) if frames.claim_nouns else None
        self.verbs_with_object = {re.sub(r"\\s\+", " ", verb) for verb in frames.speech_verbs_with_object}
        self.zero_that_verbs = set(frames.zero_that_verbs)
        self.verb = re.compile(rf"\b(?:{ADVERBS})?(?P<verb>{verbs})\b")
        self.announcement = re.compile(
            rf"(?:\s+(?P<block>{LanguageFrames.alternatives(frames.stretch_announcements)}))?\s*:(?!\s*[“\"«„»])", re.I
        ) if frames.stretch_announcements else re.compile(r"\s*:(?!\s*[“\"«„»])")
        take_back = LanguageFrames.alternatives(frames.take_back)
        self.author_takes_back = re.compile(
            r"(?:[,;]|\s[-–—])\s*(?:(?:but|however|whereas|while|although|though|yet)\s*,?\s*)?"
            rf"(?={take_back}\b)"
        )
        self.conformity = re.compile(
            rf"\s*(?:the|this|that|a|an|our|their|its|his|her)?\s*(?:[\w'’\-]+\s+){{0,2}}?"
            rf"{LanguageFrames.alternatives(frames.conformity_nouns)}\b", re.I
        )
        self.verbs_regex = verbs


_OBJECT = re.compile(
    rf"\s+(?:me|us|him|her|them|the\s+(?:undersigned|ambassador|embassy|author|delegation|chargé|counsell?or|minister|Soviet\s+\w+)|{NAME_RE})"
)
_TO_OBJECT = re.compile(r"\s+to\s+(?:me|us|him|her|them|the\s+[\w'’\-]+(?:\s+[\w'’\-]+)?)")
_ZERO_THAT_STARTERS = re.compile(
    r"\s+(?=(?:the|a|an|it|there|they|he|she|we|I|this|these|those|his|her|their|our|its|all|no|some|Korea|Korean)\b)"
)
_CLAIMING_VERBS = {"claim", "claims", "claimed"}
_CLAIMED_STATE = re.compile(r"\s+to\s+(?:have|be|know|possess|understand)\b")
_VERBS_OF_INFORMING = {"told", "tells", "informed", "informs", "notified"}  # not "asked him about": a question
_ABOUT = re.compile(
    r"(?:\s+(?:today|yesterday|then|also|again|briefly|in\s+detail|confidentially))?\s+(?:about|of|on)\b(?!\s+(?:the\s+)?following\b)"
)
_QUOTE_AFTER = re.compile(r"\s*[:,]?\s*(?=[“\"«„»])")
_THAT = re.compile(r"(?:\s+[^\s,.;:“”\"«»„]+|\s*,[^,.;:]{1,40},){0,5}?\s+that\b")
_LATE_COLON = re.compile(r"(?:\s+(?!that\b)[^\s,.;:“”\"«»„]+){1,6}\s*:(?!\s*[“\"«„»])")

_PAST_AUXILIARY_BEFORE = re.compile(r"\b(?:did|had|would|could)\s+(?:not\s+|never\s+)?$")
_PASSIVE_TOLD = re.compile(
    rf"\b(?:I|[Ww]e)\s+(?:was|were|am|are|have\s+been|had\s+been)\s+(?:told|informed|assured|advised|given\s+to\s+understand)"
    rf"(?:\s+by\s+(?P<agent>{SPEAKER_RE}))?(?:\s+\S+){{0,4}}?\s*(?:that\b|:)"
)
_LEARNED = re.compile(rf"\b(?:I|[Ww]e)\s+(?:learned|learnt|heard|found\s+out|understood)(?:\s+from\s+(?P<source>{SPEAKER_RE}))?\s+that\b")
_IMPERSONAL = re.compile(
    r"\b(?:[Ii]t\s+(?:is|was|has\s+been|had\s+been)\s+(?:said|reported|claimed|alleged|rumou?red|stated|asserted|learned|learnt)"
    r"(?!\s+(?:above|earlier|before|previously|already))|[Rr]umou?rs?\s+(?:has\s+it|have\s+it|say|said|are\s+circulating|were\s+circulating|circulate)|"
    r"[Tt]here\s+(?:are|were)\s+rumou?rs|\b[Oo]ne\s+(?:also\s+|often\s+|sometimes\s+)?(?:reads|hears|learns|is\s+told)\s+that|(?<!\w)(?:[Rr]eportedly|[Aa]llegedly|[Ss]upposedly|[Pp]urportedly))\b"
)
# The personal passive: "the chairman is said to have …", "Kim is reported by the press to …". Not
# "was reported to the ministry" (a recipient) nor "is supposed to" (expectation) nor "is known to".
PERSONAL_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:(?:widely|generally|also|now|still|often)\s+)?"
    r"(?P<verb>said|reported|rumou?red|alleged|believed|thought|understood|claimed)"
    rf"(?:\s+by\s+(?P<agent>{SPEAKER_RE}))?"
    r"\s+to\s+(?!(?:the|a|an|us|me|him|her|them|our|their|his|its|this|that|these|those|whom|which)\b)[a-z]"
)
_ACCORDING = re.compile(r"\b(?:[Aa]ccording\s+to|[Ii]n\s+the\s+(?:opinion|view|words|estimation|judg(?:e)?ment)\s+of)\s+")
_POSSESSIVE_VIEW = re.compile(rf"\b[Ii]n\s+(?P<source>{NAME_RE}|{GROUP_RE}|his|her|their)['’]?s?\s+(?:opinion|view|words|estimation)\b")
_AS_SAID = re.compile(
    rf"\b[Aa]s\s+(?P<source>{SPEAKER_RE})\s+(?:{ADVERBS})?(?:said|says|put\s+it|stated|states|explained|noted|pointed\s+out|"
    r"remarked|stressed|claimed|claims|asserted|asserts|maintained|maintains|reported|reports|wrote|writes|told\s+(?:me|us)|"
    r"think|thinks|thought|believe|believes|believed|would\s+have\s+it|do|does|did)\b"
)
_AFTERTHOUGHT_VERBS = (r"(?:said|says|say|added|adds|stated|states|noted|notes|explained|remarked|stressed|claimed|claims|insisted|"
                      r"continued|believes|believe|thinks|think|maintains|maintain)")
# "…, Pak said." and the inverted "…, say several of our specialists, …".
_TRAILING = re.compile(
    rf",\s*(?:{_AFTERTHOUGHT_VERBS}\s+(?P<after>{NAME_RE}|{GROUP_RE}|he|she)"
    rf"|(?P<before>{SPEAKER_RE})\s+(?:{ADVERBS})?{_AFTERTHOUGHT_VERBS})\s*(?:[.!?…]*[”\"»]*\s*$|,)"
)
_RELATIVE_SOURCE = re.compile(r"(?:which|whom)\b")
# Verbs that name or judge something as something: "describe life in Pyongyang as exotic", "called
# it the elder brother", "attribute the delay to the low cultural level". The rest of the sentence
# is the speaker's characterisation. Not "regard … as": an attitude the writer ascribes, not words.
_NAMING = re.compile(
    r"\b(?:(?P<as_verb>describ(?:e|es|ed)|characteri[sz](?:e|es|ed)|depict(?:s|ed)?|portray(?:s|ed)?|"
    r"spok(?:e|en)\s+of|speaks?\s+of|refer(?:s|red)?\s+to|present(?:s|ed)?)\s+(?:[\w'’\-]+\s+){0,6}?as\b"
    r"|(?P<call_verb>call(?:s|ed)?)\s+(?:it|him|her|them|this|us)\b"
    r"|(?P<blame_verb>attribut(?:e|es|ed)|ascrib(?:e|es|ed)|blam(?:e|es|ed))\s+(?:[\w'’\-]+\s+){1,6}?(?:to|on)\b)"
)
# "… recorded roughly the following:", "translated his speech approximately as follows:" at the end
# of a paragraph: what follows is the speech, whoever wrote it down.
_BLOCK_ANNOUNCEMENT = re.compile(
    r"(?:\b(?:roughly|approximately|essentially|in\s+substance|briefly|in\s+brief)\s+)?\b(?:the\s+following|as\s+follows)\s*:\s*$"
)
_SOURCE_NAMED = re.compile(rf"(?P<source>{GROUP_RE}|{NAME_RE}|him|her|them)")
_SOURCE_OF = re.compile(rf"[^,.;:]{{0,60}}?\b(?:from|of|by)\s+(?P<source>{GROUP_RE}|{NAME_RE})")


@lru_cache(maxsize=8)
def english_frames(frames: LanguageFrames) -> EnglishFrames:
    return EnglishFrames(frames)


def source_after_according(patterns: EnglishFrames, text: str, position: int, clause_end: int) -> tuple[str | None, bool]:
    """Who "according to" / "in the opinion of" names, and whether it attributes at all: "according
    to the plan" attributes nothing. Only a name, a speaking group or a pronoun is a speaker;
    "according to the statistics" attributes without naming anyone ("the statistics" is no speaker)."""
    if patterns.conformity.match(text, position, clause_end):
        return None, False
    if _AUTHOR_AS_SOURCE.match(text, position, clause_end):
        return None, False
    if _RELATIVE_SOURCE.match(text, position, clause_end):
        return None, True  # "a statement, according to which …": the source is named before, not after
    match = _SOURCE_NAMED.match(text, position, clause_end)
    if match:
        return clean_speaker(match.group("source")), True
    # "according to information from the Chinese embassy": the source stands after from/of/by.
    match = _SOURCE_OF.match(text, position, clause_end)
    if match:
        return clean_speaker(match.group("source")), True
    return None, True


def _complement_start(patterns: EnglishFrames, text: str, verb_match: re.Match, end: int) -> tuple[int | None, bool, bool]:
    """Where the reported content begins after an English reporting verb (None if the verb has
    no complement, e.g. "said nothing"), whether a colon introduces it, and whether the frame
    announces a block ("the following:")."""
    verb = verb_match.group("verb")
    position = verb_match.end()
    if " ".join(verb.split()) in patterns.verbs_with_object:
        object_match = _OBJECT.match(text, position, end)
        if object_match:
            position = object_match.end()
            # "informed me about his talk", "told us of the incidents": what follows is the informant's account.
            about = _ABOUT.match(text, position, end) if verb in _VERBS_OF_INFORMING else None
            if about:
                return about.end(), False, False
    else:
        to_object = _TO_OBJECT.match(text, position, end)
        if to_object:
            position = to_object.end()
    colon = patterns.announcement.match(text, position, end)
    if colon:
        return colon.end(), True, bool(colon.groupdict().get("block"))
    quote = _QUOTE_AFTER.match(text, position, end)
    if quote:
        return quote.end(), False, False
    that = _THAT.match(text, position, end)
    if that:
        return that.end(), False, False
    # "Comrade Pak stated in reply to my question:": a few words of circumstance before the colon.
    late_colon = _LATE_COLON.match(text, position, end)
    if late_colon:
        return late_colon.end(), True, False
    if verb in _CLAIMING_VERBS and _CLAIMED_STATE.match(text, position, end):
        return position, False, False  # "claims to have no knowledge of …": the claim is the rest
    if verb in patterns.zero_that_verbs and _ZERO_THAT_STARTERS.match(text, position, end):
        return position, False, False
    if verb in patterns.dispute_verbs and patterns.claim_object:
        claim = patterns.claim_object.match(text, position, end)
        if claim:
            return claim.end(), False, False
    return None, False, False


def scope_end(patterns: EnglishFrames | None, text: str, content_start: int, sentence_end: int,
              take_back: re.Pattern | None = None) -> int:
    """Reported content runs to the end of the sentence unless the author takes the word back."""
    pattern = take_back or (patterns.author_takes_back if patterns else None)
    cut = pattern.search(text, content_start, sentence_end) if pattern else None
    return cut.start() if cut else sentence_end


def _always(pattern: re.Pattern) -> bool:
    return True


def english_sentence_frames(patterns: EnglishFrames, text: str, sentence: tuple[int, int],
                            clause_spans: list[tuple[int, int]], quotations: Quotations,
                            may_match=_always) -> tuple[list[VoiceSpan], list[ColonFrame]]:
    """The frames of one sentence. `may_match(pattern)` may say that a pattern cannot match in
    this sentence (it lacks every word the pattern requires), so it is not run there."""
    start, end = sentence
    spans: list[VoiceSpan] = []
    colon_frames: list[ColonFrame] = []

    for match in (patterns.verb.finditer(text, start, end) if may_match(patterns.verb) else ()):
        if quotations.contains(match.start()):
            continue
        content, colon, block = _complement_start(patterns, text, match, end)
        if content is None:
            continue
        found = speaker_and_start(text, start, match.start())
        if found is None:
            continue  # "was said", "the decision stated": no one we can name is speaking
        speaker, frame_start = found
        told_as_past = _PAST_AUXILIARY_BEFORE.search(text, frame_start, match.start())  # "we did not think"
        if is_author(speaker, match.group("verb")) and not told_as_past:
            # The author's institution commenting, even inside someone's stretch.
            spans.append(VoiceSpan(frame_start, end, Voice(AUTHOR, None, match.group("verb"))))
            continue
        spans.append(VoiceSpan(frame_start, scope_end(patterns, text, content, end), Voice(REPORTED, speaker, match.group("verb"))))
        if colon:
            colon_frames.append(ColonFrame(speaker, content, end, block))

    for match in (_NAMING.finditer(text, start, end) if may_match(_NAMING) else ()):
        if quotations.contains(match.start()):
            continue
        found = speaker_and_start(text, start, match.start())
        if found and not is_author(found[0]):
            speaker, frame_start = found
            spans.append(VoiceSpan(frame_start, scope_end(patterns, text, match.end(), end),
                                   Voice(REPORTED, speaker, " ".join(match.group().split()[:1]))))
    if not colon_frames and may_match(_BLOCK_ANNOUNCEMENT):
        announced = _BLOCK_ANNOUNCEMENT.search(text, start, end)
        if announced and not quotations.contains(announced.start()):
            colon_frames.append(ColonFrame(None, announced.end(), end, True))

    for match in (_PASSIVE_TOLD.finditer(text, start, end) if may_match(_PASSIVE_TOLD) else ()):
        if not quotations.contains(match.start()):
            agent = clean_speaker(match.group("agent")) if match.group("agent") else None
            spans.append(VoiceSpan(match.start(), scope_end(patterns, text, match.end(), end), Voice(REPORTED, agent, "was told")))
    for match in (_LEARNED.finditer(text, start, end) if may_match(_LEARNED) else ()):
        if not quotations.contains(match.start()):
            source = clean_speaker(match.group("source")) if match.group("source") else None
            spans.append(VoiceSpan(match.start(), scope_end(patterns, text, match.end(), end), Voice(REPORTED, source, "learned that")))

    for clause_start, clause_end in clause_spans:
        for match in (_ACCORDING.finditer(text, clause_start, clause_end) if may_match(_ACCORDING) else ()):
            if quotations.contains(match.start()):
                continue
            source, attributes = source_after_according(patterns, text, match.end(), clause_end)
            if attributes:
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, source, " ".join(match.group().split()))))
        for pattern, cue in ((_POSSESSIVE_VIEW, "in the opinion of"), (_AS_SAID, "as … said")):
            for match in (pattern.finditer(text, clause_start, clause_end) if may_match(pattern) else ()):
                if not quotations.contains(match.start()):
                    source = clean_speaker(match.group("source"))
                    if source and source.lower() in {"his", "her", "their"}:
                        source = source.lower()
                    spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, source, cue)))
        for match in (_IMPERSONAL.finditer(text, clause_start, clause_end) if may_match(_IMPERSONAL) else ()):
            if not quotations.contains(match.start()):
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, None, match.group().strip())))
        for match in (PERSONAL_PASSIVE.finditer(text, clause_start, clause_end) if may_match(PERSONAL_PASSIVE) else ()):
            if not quotations.contains(match.start()):
                agent = clean_speaker(match.group("agent")) if match.group("agent") else None
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, agent, f"is {match.group('verb')} to")))
        trailing = _TRAILING.search(text, clause_start, clause_end) if may_match(_TRAILING) else None
        if trailing and not quotations.contains(trailing.start()):
            speaker = clean_speaker(trailing.group("after") or trailing.group("before"))
            if speaker:
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, speaker, "…, said")))
    return spans, colon_frames


class OtherLanguageFrames:
    """The frame patterns of a language other than English (experimental cues)."""

    def __init__(self, frames: LanguageFrames):
        verbs = LanguageFrames.alternatives(frames.speech_verbs)
        self.verb_frame = re.compile(rf"(?<!\w)(?P<verb>{verbs})(?!\w)(?P<complement>{frames.complement})", re.I)
        self.attributions = tuple(re.compile(pattern) for pattern in frames.attribution_openers)
        self.hedges = re.compile(LanguageFrames.alternatives(frames.hedges), re.I) if frames.hedges else None
        self.take_back = (re.compile(r"(?:[,;]|\s[-–—])\s*(?=" + LanguageFrames.alternatives(frames.take_back) + r"\b)", re.I)
                          if frames.take_back else None)


@lru_cache(maxsize=16)
def other_language_frames(frames: LanguageFrames) -> OtherLanguageFrames:
    return OtherLanguageFrames(frames)


def other_sentence_frames(patterns: OtherLanguageFrames, text: str, sentence: tuple[int, int],
                          clause_spans: list[tuple[int, int]], quotations: Quotations) -> list[VoiceSpan]:
    start, end = sentence
    spans = []
    for match in patterns.verb_frame.finditer(text, start, end):
        if quotations.contains(match.start()):
            continue
        found = speaker_and_start(text, start, match.start())
        speaker, frame_start = found if found else (speaker_after(text, match.end("verb"), match.end()), match.start())
        content_end = scope_end(None, text, match.end(), end, patterns.take_back)
        spans.append(VoiceSpan(frame_start, content_end, Voice(REPORTED, speaker, match.group("verb"))))
    for clause_start, clause_end in clause_spans:
        for pattern in patterns.attributions:
            for match in pattern.finditer(text, clause_start, clause_end):
                source = clean_speaker(match.group("src"))
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, source, match.group().strip()[:40])))
        if patterns.hedges:
            for match in patterns.hedges.finditer(text, clause_start, clause_end):
                spans.append(VoiceSpan(clause_start, clause_end, Voice(REPORTED, None, match.group().strip())))
    return spans
