"""Reported speech that runs past its sentence: stretches opened by a colon, and conversation turns.

The genre reports speech in blocks. "Kim Il Sung said the following:" is followed by sentences
and whole paragraphs of his words with no frame of their own; in a record of conversation, a
paragraph opened by "Deputy Minister Ri stated that …" goes on ("He further …", "The
cooperatives now …") in his words to its end. The sentence rules alone would give all of that to
the author. Two rules carry the speaker on (English only):

* **Colon stretch.** A reporting frame whose content follows a colon ("Comrade Pak stated:",
  "He declared roughly the following:", "The Minister informed us of the following:") opens a
  stretch at the colon. When the colon ends its paragraph, or the frame announces a block ("the
  following", "roughly"), the stretch runs over the following paragraphs; otherwise it ends with
  its paragraph. A colon followed by a quotation mark opens no stretch: the quotation rule has it.
* **Conversation turn.** In a record of conversation (its opening mentions a conversation, a talk,
  a visit or a reception: `conversation_cues`), a paragraph that opens with a speaker other than
  the author and a turn verb ("<Name/He/The Korean side> said / stated / noted / replied …",
  after at most an adverbial such as "Then", "In reply," or "Continuing,") is that speaker's
  turn to the end of the paragraph.

Both end early at the first **closing signal**:

* a sentence in which the author speaks again ("Then I …", "In reply, I …", "I answered that …",
  "We thanked …": `author_returns`), or one that opens with the author's own comment ("In our
  opinion", "The embassy considers": `closing_paragraphs`) or a take-back ("In reality …");
* the author taking the word back inside a sentence (", but in reality …": `take_back`);
* a new speaker's frame at the start of a sentence or paragraph (a named speaker other than the
  current one; "He …" continues the current speaker);
* a paragraph that is a heading or a date line, a minutes line ("Ri: …"), "End of conversation",
  "Comment:", "Conclusions:", or narration about the conversation ("The conversation took place
  in …": `closing_paragraphs`).

Inside a stretch or turn, a frame whose speaker is "he" or "she" speaks for the stretch's named
speaker: "Deputy Minister Ri stated …. He further noted that …" gives "Deputy Minister Ri" for both.

Everything here walks the paragraphs and sentences once, in order.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from mosaic.lib.markers.voice.frame_lexicon import LanguageFrames
from mosaic.lib.markers.voice.model import REPORTED, Voice, VoiceSpan
from mosaic.lib.markers.voice.quotations import Quotations
from mosaic.lib.markers.voice.sentence_frames import ColonFrame, english_frames
from mosaic.lib.markers.voice.speakers import ADVERBS, SPEAKER_REACH, is_first_person, is_participant, speaker_and_start

_THIRD_PERSON_PRONOUNS = {"he", "she"}
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"\s*(?:\[?\s*(?:\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.\s*\d{{1,2}}\.\s*\d{{2,4}})\b)"
)
_SENTENCE_PUNCTUATION = tuple(".!?…:;”\"»)")
# A short paragraph without a full stop is a heading ("II. The harvest", "Record of a conversation").
_HEADING_LENGTH = 100


@dataclass(frozen=True)
class Closers:
    """The compiled closing and opening signals of one language's frame data."""

    author_return: re.Pattern
    comment: re.Pattern
    take_back_at_start: re.Pattern
    turn_verb: re.Pattern
    turn_prefix: re.Pattern
    conversation: re.Pattern | None


@lru_cache(maxsize=8)
def closers(frames: LanguageFrames) -> Closers:
    alternatives = LanguageFrames.alternatives
    sentence_take_backs = tuple(item for item in frames.take_back if item.lower() not in {"i", "we"})
    return Closers(
        # Case matters: "I" and "We" open the author's sentences, "in reply, I" does not begin with "i".
        author_return=re.compile(rf"\s*(?:{alternatives(frames.author_returns)})"),
        comment=re.compile(rf"\s*(?:{alternatives(frames.closing_paragraphs)})", re.I),
        take_back_at_start=re.compile(rf"\s*(?:but\s+|however\s*,?\s*)?(?:{alternatives(sentence_take_backs)})\b", re.I),
        turn_verb=re.compile(rf"\b(?:{ADVERBS})*(?P<verb>{alternatives(frames.turn_verbs)})\b"),
        turn_prefix=re.compile(
            rf"\s*(?:(?:{alternatives(frames.turn_openers)})\s*,?\s*)?"
            r"(?:(?:On|In|At|During|After|Before|Towards)\s+[^,.;:]{1,50}?,?\s+)?$"
        ),
        conversation=re.compile(rf"\b{alternatives(frames.conversation_cues)}\b", re.I) if frames.conversation_cues else None,
    )


def is_record_of_conversation(frames: LanguageFrames, text: str, paragraphs: list[tuple[int, int]]) -> bool:
    """Whether the opening (the first two paragraphs, at most 600 characters) speaks of a conversation."""
    pattern = closers(frames).conversation
    if pattern is None or not paragraphs:
        return False
    end = min(paragraphs[min(1, len(paragraphs) - 1)][1], paragraphs[0][0] + 600)
    return pattern.search(text, paragraphs[0][0], end) is not None


def is_heading(text: str, start: int, end: int) -> bool:
    if _DATE_LINE.match(text, start, end):
        return True
    stripped = text[start:end].rstrip()
    return len(stripped) <= _HEADING_LENGTH and not stripped.endswith(_SENTENCE_PUNCTUATION)


@dataclass(frozen=True)
class _Turn:
    speaker: str
    frame_start: int

    @property
    def by_author(self) -> bool:
        """The author taking the word ("In my answer I pointed out …"): it closes a turn, opens none."""
        return is_first_person(self.speaker)


class StretchFinder:
    """Finds the stretches and turns of one text from its paragraphs, sentences and sentence frames."""

    def __init__(self, frames: LanguageFrames, text: str, paragraphs: list[tuple[int, int]],
                 sentences: list[tuple[int, int]], quotations: Quotations, minutes_speaker,
                 conversation: bool | None = None):
        self.frames = frames
        self.patterns = english_frames(frames)
        self.signals = closers(frames)
        self.text = text
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.sentence_starts = [start for start, _ in sentences]
        self.quotations = quotations
        self.minutes_speaker = minutes_speaker  # paragraph → speaker of a minutes line, or None
        # The document type says so when the catalogue knows it; otherwise the opening does. Only a
        # record known as such from its type has its turns run over paragraphs: a report that
        # mentions "a meeting with" in its opening narrates between the words it reports.
        self.conversation = is_record_of_conversation(frames, text, paragraphs) if conversation is None else conversation
        self.turns_cross_paragraphs = conversation is True

    # --- what opens or closes -----------------------------------------------------------------

    def paragraph_closes(self, start: int, end: int) -> bool:
        """A paragraph that ends any stretch before it: one of the author's own (below), or one that
        opens with the author speaking again ("Then I …")."""
        return self.paragraph_is_the_authors(start, end) or self.sentence_closes(start)

    def paragraph_is_the_authors(self, start: int, end: int) -> bool:
        """A heading or date line, a minutes line, or the author's comment ("Comment:", "The
        conversation took place …"): no turn opens in it, and "he" after it names no one known.
        A paragraph that opens with a date and a speaker ("On 5 May Ri stated …") is a turn."""
        if is_heading(self.text, start, end) or self.minutes_speaker(start, end) is not None:
            return True
        if not self.signals.comment.match(self.text, start):
            return False
        first = self._sentences_in(start, end)
        turn = self.turn_at(*first[0]) if self.conversation and first else None
        return not (turn and not turn.by_author)

    def sentence_closes(self, start: int) -> bool:
        """A sentence in which the author speaks again, or comments, or takes the word back."""
        signals = self.signals
        return bool(signals.author_return.match(self.text, start) or signals.comment.match(self.text, start)
                    or signals.take_back_at_start.match(self.text, start))

    def turn_at(self, sentence_start: int, sentence_end: int) -> _Turn | None:
        """A speaker (the author included) opening this sentence with a turn verb."""
        limit = min(sentence_end, sentence_start + SPEAKER_REACH)
        verb = self.signals.turn_verb.search(self.text, sentence_start, limit)
        if verb is None or self.quotations.contains(verb.start()):
            return None
        found = speaker_and_start(self.text, sentence_start, verb.start())
        if found is None:
            return None
        speaker, frame_start = found
        if not self.signals.turn_prefix.match(self.text[sentence_start:frame_start]):
            return None  # the speaker is not where the sentence begins: "The plan, which Ri said …"
        if not is_participant(speaker):
            return None  # "The Western press speaks of …" inside a turn is the speaker's report, not a new turn
        return _Turn(speaker, frame_start)

    def take_back_within(self, start: int, end: int) -> int | None:
        """The first place in start…end where the author takes the word back inside a sentence."""
        position = start
        while True:
            cut = self.patterns.author_takes_back.search(self.text, position, end)
            if cut is None:
                return None
            if not self.quotations.contains(cut.start()):
                return cut.start()
            position = cut.end() + 1

    # --- walking ------------------------------------------------------------------------------

    def _sentences_in(self, start: int, end: int) -> list[tuple[int, int]]:
        low = bisect.bisect_left(self.sentence_starts, start)
        high = bisect.bisect_left(self.sentence_starts, end)
        return self.sentences[low:high]

    def _run(self, speaker: str, start: int, first_paragraph: int, cross_paragraphs: bool, limit: int | None = None) -> int:
        """Where a stretch or turn of `speaker` that begins at `start` (in paragraph `first_paragraph`)
        ends: at the first closing signal after its first sentence, at the end of that paragraph, or,
        with `cross_paragraphs`, at the first paragraph that closes it; never past `limit` (where the
        next stretch begins, so that no stretch is walked twice)."""
        limit = len(self.text) if limit is None else limit
        # The opening sentence may already hold the author's take-back: "Pak stated the following:
        # the harvest doubled, but in reality it fell."
        opening = bisect.bisect_right(self.sentence_starts, start) - 1
        if opening >= 0 and start < self.sentences[opening][1]:
            cut = self.take_back_within(start, self.sentences[opening][1])
            if cut is not None:
                return cut
        index = first_paragraph
        while index < len(self.paragraphs):
            para_start, para_end = self.paragraphs[index]
            if para_start >= limit:
                return limit
            if index != first_paragraph:
                if self.paragraph_closes(para_start, para_end):
                    return para_start
                turn = self.turn_at(para_start, self._sentences_in(para_start, para_end)[0][1]) if self.conversation else None
                if turn and not self._same_speaker(turn.speaker, speaker):
                    return para_start
            for sentence_start, sentence_end in self._sentences_in(max(start, para_start), para_end):
                if sentence_start >= limit:
                    return limit
                if sentence_start > start:  # the opening sentence itself never closes
                    if self.sentence_closes(sentence_start):
                        return sentence_start
                    turn = self.turn_at(sentence_start, sentence_end)
                    if turn and not self._same_speaker(turn.speaker, speaker):
                        return sentence_start
                cut = self.take_back_within(max(start, sentence_start), sentence_end)
                if cut is not None:
                    return cut
            if not cross_paragraphs:
                return min(para_end, limit)
            index += 1
        return limit

    @staticmethod
    def _same_speaker(new: str, current: str) -> bool:
        return new.lower() in _THIRD_PERSON_PRONOUNS or new == current

    def stretches(self, colon_frames: list[ColonFrame]) -> list[VoiceSpan]:
        spans: list[VoiceSpan] = []
        paragraph_starts = [start for start, _ in self.paragraphs]
        # A later colon frame opens its own stretch: an earlier one ends, at the latest, where the
        # later one's sentence begins.
        frame_sentences = [self.sentences[bisect.bisect_right(self.sentence_starts, frame.content_start) - 1][0]
                           for frame in colon_frames]
        for number, frame in enumerate(colon_frames):
            limit = frame_sentences[number + 1] if number + 1 < len(colon_frames) else len(self.text)
            index = bisect.bisect_right(paragraph_starts, frame.content_start) - 1
            if index < 0:
                continue
            para_end = self.paragraphs[index][1]
            colon_ends_paragraph = not self.text[frame.content_start:para_end].strip()
            cross = colon_ends_paragraph or frame.announces_block
            start = frame.content_start
            if colon_ends_paragraph:
                index += 1
                if index >= len(self.paragraphs):
                    continue
                start = self.paragraphs[index][0]
            end = self._run(frame.speaker or "", start, index, cross, limit)
            if end > frame.content_start:
                spans.append(VoiceSpan(frame.content_start, end, Voice(REPORTED, frame.speaker, "colon stretch")))
        if self.conversation:
            spans += self._turns()
        return self._resolve_pronouns(spans)

    def _turns(self) -> list[VoiceSpan]:
        """Every sentence of a record of conversation that opens with another speaker's turn starts
        a turn, which runs over the following paragraphs until the first closing signal: the
        author speaking again, a comment, a heading or another speaker's turn."""
        spans: list[VoiceSpan] = []
        covered_until = 0
        for paragraph_index, (para_start, para_end) in enumerate(self.paragraphs):
            if self.paragraph_is_the_authors(para_start, para_end):
                continue
            for sentence_start, sentence_end in self._sentences_in(para_start, para_end):
                if sentence_start < covered_until:
                    continue
                turn = self.turn_at(sentence_start, sentence_end)
                if turn is None or turn.by_author:
                    continue
                end = self._run(turn.speaker, turn.frame_start, paragraph_index, self.turns_cross_paragraphs)
                if end > turn.frame_start:
                    spans.append(VoiceSpan(turn.frame_start, end, Voice(REPORTED, turn.speaker, "conversation turn")))
                    covered_until = end
        return spans

    def _resolve_pronouns(self, spans: list[VoiceSpan]) -> list[VoiceSpan]:
        """A stretch or turn whose speaker is "he"/"she" speaks for the last named speaker (other than
        the author) before it, unless a heading, a date line or the author's comment came between:
        in a record of conversation "he" is the interlocutor named before."""
        resets = [start for start, end in self.paragraphs if self.paragraph_is_the_authors(start, end)]
        resolved, last_named, last_named_at = [], None, -1
        for span in sorted(spans, key=lambda span: span.start):
            speaker = span.voice.speaker
            reset_between = bool(resets) and bisect.bisect_right(resets, span.start) > bisect.bisect_right(resets, last_named_at)
            if speaker and speaker.lower() in _THIRD_PERSON_PRONOUNS:
                if last_named and not reset_between:
                    span = replace(span, voice=replace(span.voice, speaker=last_named))
            elif speaker and not is_first_person(speaker):
                last_named, last_named_at = speaker, span.start
            resolved.append(span)
        return resolved


def carry_speakers(sentence_spans: list[VoiceSpan], stretch_spans: list[VoiceSpan]) -> list[VoiceSpan]:
    """Sentence frames whose speaker is "he"/"she" inside a stretch of a named speaker speak for
    that speaker."""
    named = sorted((span for span in stretch_spans if span.voice.speaker
                    and span.voice.speaker.lower() not in _THIRD_PERSON_PRONOUNS and not is_first_person(span.voice.speaker)),
                   key=lambda span: span.start)
    if not named:
        return sentence_spans
    starts = [span.start for span in named]
    carried = []
    for span in sentence_spans:
        speaker = span.voice.speaker
        if speaker and speaker.lower() in _THIRD_PERSON_PRONOUNS:
            index = bisect.bisect_right(starts, span.start) - 1
            # The nearest stretch starting before the frame; stretches rarely nest, so one look suffices.
            if index >= 0 and span.start < named[index].end:
                span = replace(span, voice=replace(span.voice, speaker=named[index].voice.speaker))
        carried.append(span)
    return carried
