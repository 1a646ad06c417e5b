"""The frame lexicon: the versioned per-language data of the voice rules, and its checks.

`mosaic/data/lexicon/frames.json` holds, per language, the words that make text reported
speech (speech verbs, attribution openers, hearsay words), the phrases with which the author
takes the word back, the nouns that make "according to" a matter of conformity, and (English)
the signals that open and close reported stretches over several sentences. Like the marker
rules it has a version, a changelog and examples, each stating the voice and speaker it
expects; loading reports every problem at once, naming the file and the entry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mosaic.lib.markers.errors import LexiconError, read_lexicon_json
from mosaic.lib.markers.voice.model import VOICES

DEFAULT_FRAMES_PATH = Path(__file__).resolve().parents[3] / "data" / "lexicon" / "frames.json"

_TOP_KEYS = {"version", "description", "changelog", "languages"}
# Keys a language entry may have, and what each holds.
_LIST_KEYS = {
    "speech_verbs",  # reporting verbs (regex alternatives)
    "speech_verbs_with_object",  # English: reporting verbs that take a person ("told me that")
    "zero_that_verbs",  # English: verbs whose content may follow without "that"
    "dispute_verbs",  # English: verbs of rejecting a claim; with a claim noun they frame without "that"
    "claim_nouns",  # English: what is rejected ("rejected the charge", "refuted these reports")
    "attribution_openers",  # patterns naming a source in a (?P<src>…) group ("по словам …")
    "hedges",  # hearsay with no source ("якобы", "angeblich")
    "take_back",  # openers with which the author takes the word back (", but in reality …")
    "conformity_nouns",  # "according to the plan": conformity, not a source
    "stretch_announcements",  # English: "said [roughly] the following:" between the verb and the colon
    "turn_verbs",  # English: verbs that open a speaker's turn in a record of conversation
    "turn_openers",  # English: adverbials before a turn's speaker ("Continuing, he …")
    "author_returns",  # English: sentence openers where the author speaks again ("Then I …")
    "closing_paragraphs",  # English: paragraph openers of the author's own narration ("Comment:")
    "conversation_cues",  # English: words in the opening of a record of conversation (turns apply only there)
}
_LANGUAGE_KEYS = _LIST_KEYS | {"experimental", "complement", "examples"}
_EXAMPLE_KEYS = {"text", "at", "voice", "speaker"}
_EXAMPLE_OPTIONAL_KEYS = {"conversation"}  # true: the text is known to record a conversation (its document type)
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class FrameExample:
    text: str
    at: str  # the words whose voice is checked (their first occurrence)
    voice: str
    speaker: str | None
    conversation: bool | None = None


@dataclass(frozen=True)
class LanguageFrames:
    """The frame data of one language; list fields hold regular-expression fragments."""

    language: str
    experimental: bool
    speech_verbs: tuple[str, ...]
    complement: str = ""  # what introduces the content after a verb (languages other than English)
    speech_verbs_with_object: tuple[str, ...] = ()
    zero_that_verbs: tuple[str, ...] = ()
    dispute_verbs: tuple[str, ...] = ()
    claim_nouns: tuple[str, ...] = ()
    attribution_openers: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    take_back: tuple[str, ...] = ()
    conformity_nouns: tuple[str, ...] = ()
    stretch_announcements: tuple[str, ...] = ()
    turn_verbs: tuple[str, ...] = ()
    turn_openers: tuple[str, ...] = ()
    author_returns: tuple[str, ...] = ()
    closing_paragraphs: tuple[str, ...] = ()
    conversation_cues: tuple[str, ...] = ()
    examples: tuple[FrameExample, ...] = ()

    @staticmethod
    def alternatives(items: tuple[str, ...]) -> str:
        """The items as one non-capturing alternation, longest first so "pointed out" beats "pointed"."""
        return "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class FrameLexicon:
    version: str
    languages: dict[str, LanguageFrames]
    path: str

    def frames_for(self, language: str) -> LanguageFrames | None:
        return self.languages.get(language)


def load_frames(path: Path | str | None = None) -> FrameLexicon:
    """Read and check a frame lexicon file; raises LexiconError naming every problem."""
    path = Path(path) if path else DEFAULT_FRAMES_PATH
    return parse_frames(read_lexicon_json(path), path)


@lru_cache(maxsize=1)
def default_frames() -> FrameLexicon:
    """The shipped frame lexicon, read once per process."""
    return load_frames(DEFAULT_FRAMES_PATH)


def parse_frames(data, path: Path | str = "<frames>") -> FrameLexicon:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise LexiconError(path, ["the file must hold one JSON object with version and languages"])
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(f"unknown top-level key “{key}” (allowed: {', '.join(sorted(_TOP_KEYS))})")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append("“version” must be a non-empty string such as \"2026.12-1\"")
    changelog = data.get("changelog")
    if not isinstance(changelog, list) or not changelog or not all(isinstance(line, str) and line.strip() for line in changelog):
        problems.append("“changelog” must be a non-empty list of lines, one per version")
    raw_languages = data.get("languages")
    languages: dict[str, LanguageFrames] = {}
    if not isinstance(raw_languages, dict) or not raw_languages:
        problems.append("“languages” must map each ISO 639-1 code to its frames")
    else:
        for code, entry in raw_languages.items():
            parsed = _parse_language(code, entry, problems)
            if parsed:
                languages[code] = parsed
    if problems:
        raise LexiconError(path, problems)
    return FrameLexicon(version=version, languages=languages, path=str(path))


def _parse_language(code, entry, problems: list[str]) -> LanguageFrames | None:
    where = f"language “{code}”"
    before = len(problems)
    if not isinstance(code, str) or not _LANGUAGE.match(code):
        problems.append(f"{where}: the key must be an ISO 639-1 code such as \"en\" or \"ru\"")
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be an object")
        return None
    for key in sorted(set(entry) - _LANGUAGE_KEYS):
        problems.append(f"{where}: unknown key “{key}”")
    required = {"experimental", "speech_verbs", "examples"} | ({"complement"} if code != "en" else set())
    for key in sorted(required - set(entry)):
        problems.append(f"{where}: missing “{key}”")
    experimental = entry.get("experimental")
    if "experimental" in entry and not isinstance(experimental, bool):
        problems.append(f"{where}: “experimental” must be true or false")
    lists = {}
    for key in sorted(_LIST_KEYS & set(entry)):
        items = entry[key]
        if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
            problems.append(f"{where}: “{key}” must be a list of non-empty strings")
            continue
        for index, item in enumerate(items, start=1):
            problem = _regex_problem(item)
            if problem:
                problems.append(f"{where}: {key} item {index} ({item!r}) is not a valid regular expression: {problem}")
        lists[key] = tuple(items)
    if "speech_verbs" in lists and not lists["speech_verbs"]:
        problems.append(f"{where}: “speech_verbs” must list at least one verb")
    complement = entry.get("complement", "")
    if "complement" in entry:
        if not isinstance(complement, str) or not complement:
            problems.append(f"{where}: “complement” must be a non-empty regular expression")
            complement = ""
        else:
            problem = _regex_problem(complement)
            if problem:
                problems.append(f"{where}: “complement” is not a valid regular expression: {problem}")
    examples = _parse_examples(entry.get("examples"), where, problems) if "examples" in entry else ()
    if len(problems) != before:
        return None
    return LanguageFrames(language=code, experimental=experimental, complement=complement, examples=examples, **lists)


def _regex_problem(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except re.error as error:
        return str(error)
    return None


def _parse_examples(raw, where: str, problems: list[str]) -> tuple[FrameExample, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{where}: “examples” must be a non-empty list (each language is tested on its own examples)")
        return ()
    examples = []
    for index, item in enumerate(raw, start=1):
        at = f"{where}: example {index}"
        if not isinstance(item, dict):
            problems.append(f"{at}: must be an object with text, at, voice and speaker")
            continue
        for key in sorted(set(item) - _EXAMPLE_KEYS - _EXAMPLE_OPTIONAL_KEYS):
            problems.append(f"{at}: unknown key “{key}”")
        for key in sorted(_EXAMPLE_KEYS - set(item)):
            problems.append(f"{at}: missing “{key}” (speaker may be null)")
        text, words, voice, speaker = item.get("text"), item.get("at"), item.get("voice"), item.get("speaker")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{at}: “text” must be a non-empty string")
            continue
        if not isinstance(words, str) or not words or words not in text:
            problems.append(f"{at}: “at” must be words that occur in the text")
            continue
        if voice not in VOICES:
            problems.append(f"{at}: unknown voice “{voice}” (one of {', '.join(VOICES)})")
            continue
        if speaker is not None and not isinstance(speaker, str):
            problems.append(f"{at}: “speaker” must be a string or null")
            continue
        conversation = item.get("conversation")
        if conversation is not None and not isinstance(conversation, bool):
            problems.append(f"{at}: “conversation” must be true, false or left out")
            continue
        examples.append(FrameExample(text, words, voice, speaker, conversation))
    return tuple(examples)
