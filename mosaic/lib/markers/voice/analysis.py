"""`analyse(text, language)`: the voice map of a text, from its quotations, its sentence frames,
its stretches and turns, and its minutes lines."""
from __future__ import annotations

import re

from mosaic.lib.markers.required_words import WordSites
from mosaic.lib.markers.voice.frame_lexicon import FrameLexicon, default_frames
from mosaic.lib.markers.voice.model import QUOTATION, REPORTED, Voice, VoiceMap, VoiceSpan
from mosaic.lib.markers.voice.quotations import Quotations, quotation_spans
from mosaic.lib.markers.voice.sentence_frames import (
    english_frames,
    english_sentence_frames,
    other_language_frames,
    other_sentence_frames,
)
from mosaic.lib.markers.voice.speakers import ADVERBS, GROUP_RE, NAME_RE, SPEAKER_RE, UPPER, clean_speaker
from mosaic.lib.markers.voice.stretches import StretchFinder, carry_speakers
from mosaic.lib.markers.voice.text_units import clauses, paragraphs, sentences

# "Kosygin: …", "Comrade Pak (interpreting): …", and a role in place of a name: "Chinese ambassador: …".
_ROLE_IN_MINUTES = (rf"(?:(?:{UPPER}[\w'’\-]*\s+){{1,3}}(?:ambassador|minister|side|delegate|representative|chairman|"
                    r"secretary|counsell?or|chargé(?:\s+d['’]affaires)?|comrade|premier|consul|attaché|delegation|interpreter))")
_MINUTES_LINE = re.compile(rf"\s*(?P<speaker>{_ROLE_IN_MINUTES}|{NAME_RE})(?:\s*\([^)]{{1,60}}\))?\s*:\s+\S")
_NOT_SPEAKERS_IN_MINUTES = {
    "note", "subject", "re", "to", "from", "copy", "copies", "attachment", "enclosure", "comment", "comments", "source",
    "date", "top secret", "secret", "confidential", "translation", "translated", "distribution", "summary", "record",
    "memorandum", "minutes", "present", "participants", "place", "time", "agenda", "p.s", "ps", "nb", "annex",
    "conclusion", "conclusions", "remark", "remarks", "assessment", "evaluation", "observations", "notes",
}
_QUOTE_VERBS = r"(?:said|says|added|stated|noted|explained|remarked|stressed|replied|answered|declared|continued|exclaimed|insisted)"
_SPEAKER_AFTER_QUOTE = re.compile(
    rf"[\s,.]*(?:{_QUOTE_VERBS}\s+(?P<after>{NAME_RE}|{GROUP_RE}|he|she)|(?P<before>{SPEAKER_RE})\s+(?:{ADVERBS})?{_QUOTE_VERBS})\b"
)


def minutes_speaker(text: str, start: int, end: int) -> str | None:
    """The speaker of a minutes line ("Ri: …"), or None (also for "Subject: …" and the like)."""
    line = _MINUTES_LINE.match(text, start, end)
    if line and line.group("speaker").strip().lower() not in _NOT_SPEAKERS_IN_MINUTES:
        return clean_speaker(line.group("speaker"))
    return None


def _quotation_speaker(text: str, quote: tuple[int, int], voice_map: VoiceMap, verbs: str) -> str | None:
    opened, closed = quote
    sentence_bounds = voice_map.sentence_at
    framing = voice_map.reported_at(opened)
    if framing is not None and framing.voice == REPORTED:
        return framing.speaker
    # "“…,” said Pak." or "“…”, Pak Kum-chol added."
    after = text[closed:sentence_bounds(max(closed - 1, 0))[1] + 1][:120]
    match = _SPEAKER_AFTER_QUOTE.match(after)
    if match:
        return clean_speaker(match.group("after") or match.group("before"))
    # "Pak replied:" with the frame in the sentence before the quotation mark.
    sentence_start = sentence_bounds(opened)[0]
    before = text[max(sentence_start, opened - 200):opened]
    frame = re.search(rf"(?P<speaker>{SPEAKER_RE})\s+(?:{ADVERBS})?(?:{verbs})(?:\s+\S+){{0,3}}?\s*[:,]?\s*$", before)
    if frame:
        return clean_speaker(frame.group("speaker"))
    return None


def analyse(text: str, language: str = "en", frames: FrameLexicon | None = None, *,
            conversation: bool | None = None) -> VoiceMap:
    """The voice map of a text in `language` (an ISO 639-1 code; English rules for "en"), with the
    frame data of `frames` (the shipped frame lexicon by default). `conversation` says whether the
    text is a record of conversation or minutes (from its document type); None lets the opening
    paragraphs decide."""
    language = (language or "en").split("-")[0].lower()
    frames = frames or default_frames()
    language_frames = frames.frames_for(language)
    paragraph_spans = paragraphs(text)
    sentence_spans = sentences(text)
    quote_spans = quotation_spans(text)
    quotations = Quotations(quote_spans)
    word_sites = WordSites(text, sentence_spans)
    voice_map = VoiceMap(text=text, sentences=sentence_spans, word_sites=word_sites)
    reported: list[VoiceSpan] = []
    if language_frames is not None and language == "en":
        patterns = english_frames(language_frames)
        colon_frames = []
        for index, sentence in enumerate(sentence_spans):
            def may_match(pattern, index=index):
                candidates = word_sites.candidate_sentences(pattern)
                return candidates is None or index in candidates
            found, colons = english_sentence_frames(patterns, text, sentence, clauses(text, *sentence, quotations.contains),
                                                    quotations, may_match)
            reported += found
            colon_frames += colons
        finder = StretchFinder(language_frames, text, paragraph_spans, sentence_spans, quotations,
                               lambda start, end: minutes_speaker(text, start, end), conversation)
        stretches = finder.stretches(colon_frames)
        reported = carry_speakers(reported, stretches) + stretches
    elif language_frames is not None:
        patterns = other_language_frames(language_frames)
        for sentence in sentence_spans:
            reported += other_sentence_frames(patterns, text, sentence, clauses(text, *sentence, quotations.contains), quotations)
    for para_start, para_end in paragraph_spans:
        speaker = minutes_speaker(text, para_start, para_end)
        if speaker is not None:
            colon = text.index(":", para_start)
            reported.append(VoiceSpan(colon + 1, para_end, Voice(REPORTED, speaker, "minutes line")))
    voice_map.reported = reported
    verbs = english_frames(frames.frames_for("en")).verbs_regex if frames.frames_for("en") else _QUOTE_VERBS
    voice_map.quotations = [
        VoiceSpan(q0, q1, Voice(QUOTATION, _quotation_speaker(text, (q0, q1), voice_map, verbs), "quotation marks"))
        for q0, q1 in quote_spans
    ]
    return voice_map
