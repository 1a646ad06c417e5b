"""Whose words a passage is: the author's narration, reported speech (with the speaker when the
text names one) or a direct quotation.

A memorandum of conversation is mostly other people's words, so a marker found in it must say
whose words it sits in: "feudal" or "must" in a North Korean official's reported speech is not
the diplomat's own wording. These are rules, not a parser, one idea per module:

* `text_units`: paragraphs, sentences, clauses;
* `quotations`: direct quotations (whatever stands inside quotation marks of any kind);
* `speakers`: the name or noun phrase a frame gives as speaking;
* `sentence_frames`: reporting frames inside a sentence ("Pak said that …", "according to …",
  "X is said to …", "…, Pak said.");
* `stretches`: reported speech past its sentence (a colon frame's stretch, a conversation turn)
  and the signals that close it;
* `frame_lexicon`: the versioned per-language frame data (`mosaic/data/lexicon/frames.json`)
  with its examples;
* `analysis`: `analyse(text, language)` puts them together into a `VoiceMap`.

Everything else is the author's narration. What the rules cannot see: irony, pronouns outside a
stretch ("he" stays "he"), and speech reported with no frame at all outside a stretch or turn.
"""
from typing import TYPE_CHECKING

from mosaic.lib.lazy_exports import lazy_exports
from mosaic.lib.markers.voice.model import AUTHOR, QUOTATION, REPORTED, VOICES, Voice, VoiceMap, VoiceSpan

if TYPE_CHECKING:
    from mosaic.lib.markers.voice.frame_lexicon import FrameLexicon

# The rest is imported on first use: the frame rules compile hundreds of patterns, and every
# process that only names a voice (the lens models, at each start-up) would otherwise pay for them.
_LAZY = {
    "analyse": "analysis", "DEFAULT_FRAMES_PATH": "frame_lexicon", "FrameLexicon": "frame_lexicon",
    "LanguageFrames": "frame_lexicon", "default_frames": "frame_lexicon", "load_frames": "frame_lexicon",
    "QUOTE_CLOSERS": "quotations", "quotation_spans": "quotations", "english_frames": "sentence_frames",
    "clauses": "text_units", "paragraphs": "text_units", "sentences": "text_units",
}
__getattr__ = lazy_exports(__name__, _LAZY)


# Document types (mosaic.lib.vocabularies.DOCUMENT_TYPES) whose texts record a conversation turn by turn.
CONVERSATION_DOCUMENT_TYPES = frozenset({"memorandum_of_conversation", "minutes"})


def records_conversation(document_type: str | None) -> bool | None:
    """Whether a text of this document type records a conversation ("memorandum of conversation",
    "minutes"); None (let the text's opening decide) for other or unknown types, since a report or
    a journal entry may record one too."""
    if not document_type:
        return None
    key = document_type.split("(")[0].strip().lower().replace(" ", "_")
    return True if key in CONVERSATION_DOCUMENT_TYPES else None


def conformity_pattern():
    """The pattern that makes "according to …" a matter of conformity ("according to the plan"),
    from the English frame data; the sense filter `attribution_not_conformity` asks it."""
    from mosaic.lib.markers.voice.frame_lexicon import default_frames
    from mosaic.lib.markers.voice.sentence_frames import english_frames

    return english_frames(default_frames().frames_for("en")).conformity


def frame_example_failures(frames: "FrameLexicon | None" = None) -> list[str]:
    """Every frame example whose words do not get the voice and speaker it states; empty when all
    hold. The tests and `mosaic lens_markers check` run them."""
    from mosaic.lib.markers.voice.analysis import analyse
    from mosaic.lib.markers.voice.frame_lexicon import default_frames

    frames = frames or default_frames()
    failures = []
    for code, language in frames.languages.items():
        for index, example in enumerate(language.examples, start=1):
            found = analyse(example.text, code, frames, conversation=example.conversation).voice_at(example.text.index(example.at))
            if (found.voice, found.speaker) != (example.voice, example.speaker):
                failures.append(f"frames {frames.version}, language “{code}”, example {index}: at {example.at!r} expected "
                                f"{example.voice} ({example.speaker!r}), found {found.voice} ({found.speaker!r}): {example.text!r}")
    return failures


__all__ = [
    "AUTHOR", "QUOTATION", "REPORTED", "VOICES", "Voice", "VoiceMap", "VoiceSpan", "analyse", "sentences", "paragraphs",
    "clauses", "quotation_spans", "QUOTE_CLOSERS", "conformity_pattern", "frame_example_failures", "DEFAULT_FRAMES_PATH",
    "FrameLexicon", "LanguageFrames", "default_frames", "load_frames", "CONVERSATION_DOCUMENT_TYPES",
    "records_conversation",
]
