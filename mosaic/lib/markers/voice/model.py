"""The three voices and the map that gives the voice at every position of a text."""
from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field

from mosaic.lib.markers.voice.speakers import is_first_person

AUTHOR = "author"
REPORTED = "reported_speech"
QUOTATION = "quotation"
VOICES = {AUTHOR: "author's narration", REPORTED: "reported speech", QUOTATION: "direct quotation"}


@dataclass(frozen=True)
class Voice:
    voice: str
    speaker: str | None = None
    cue: str | None = None  # the words that decided it, for explanations and tests

    @property
    def label(self) -> str:
        return VOICES[self.voice]


@dataclass(frozen=True)
class VoiceSpan:
    start: int
    end: int
    voice: Voice


def _rank(voice: Voice) -> int:
    """Which of two frames over the same stretch speaks: a named third party, then an anonymous
    hedge or the author's own reported words, then the author's comment."""
    if voice.voice == AUTHOR:
        return 0
    if voice.speaker is None or is_first_person(voice.speaker):
        return 1
    return 2


@dataclass
class VoiceMap:
    """The voice at every position of one text."""

    text: str
    sentences: list[tuple[int, int]]
    quotations: list[VoiceSpan] = field(default_factory=list)
    reported: list[VoiceSpan] = field(default_factory=list)
    # Where the words the frame patterns need were found (required_words.WordSites), kept for the
    # marker rules, which look up the same text's words.
    word_sites: object | None = None

    def __post_init__(self):
        self._segments_for = None

    def _segments(self) -> tuple[list[int], list[Voice | None], list[int], list[VoiceSpan]]:
        """The text cut where any span starts or ends, each piece with the voice that speaks there,
        built once (a sweep over the spans), so each marker's lookup is a binary search."""
        key = (id(self.quotations), len(self.quotations), id(self.reported), len(self.reported))
        if self._segments_for == key:
            return self._cached
        boundaries = sorted({position for span in self.reported for position in (span.start, span.end)})
        by_start = sorted(range(len(self.reported)), key=lambda i: self.reported[i].start)
        active: list[tuple[int, int, int, int]] = []  # (-start, -named, end, index): innermost on top
        points, voices, next_span = [], [], 0
        for point in boundaries:
            while next_span < len(by_start) and self.reported[by_start[next_span]].start <= point:
                span = self.reported[by_start[next_span]]
                heapq.heappush(active, (-span.start, -_rank(span.voice), span.end, by_start[next_span]))
                next_span += 1
            while active and active[0][2] <= point:
                heapq.heappop(active)
            # An expired span below the top is harmless: it surfaces, and is dropped, only once on top.
            points.append(point)
            voices.append(self.reported[active[0][3]].voice if active else None)
        quotes = sorted(self.quotations, key=lambda span: span.start)
        self._cached = (points, voices, [span.start for span in quotes], quotes)
        self._segments_for = key
        return self._cached

    def voice_at(self, position: int) -> Voice:
        _, _, quote_starts, quotes = self._segments()
        # Quotations are the outermost ones, so they never overlap: the last one starting here or before.
        index = bisect.bisect_right(quote_starts, position) - 1
        if index >= 0 and position < quotes[index].end:
            return quotes[index].voice
        return self.reported_at(position) or Voice(AUTHOR)

    def reported_at(self, position: int) -> Voice | None:
        """The reporting frame that speaks at `position`, quotations aside; None for narration.
        The innermost frame speaks ("Pak said that Kim told him that …" → Kim); of frames over the
        same stretch, one that names a third party beats an anonymous hedge and the author's own
        reported words ("I added that, according to the experts, …" → the experts), and all beat
        the author's comment ("The embassy considers …"), which gives the author's voice."""
        points, voices, _, _ = self._segments()
        index = bisect.bisect_right(points, position) - 1
        return voices[index] if index >= 0 else None

    @property
    def sentence_starts(self) -> list[int]:
        if getattr(self, "_sentence_starts_for", None) is not self.sentences:
            self._sentence_starts = [start for start, _ in self.sentences]
            self._sentence_starts_for = self.sentences
        return self._sentence_starts

    def sentence_at(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.sentences, (position, len(self.text) + 1)) - 1
        if index >= 0 and self.sentences[index][0] <= position < self.sentences[index][1]:
            return self.sentences[index]
        return 0, len(self.text)
