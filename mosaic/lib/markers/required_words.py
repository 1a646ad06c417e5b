"""The words one of which every match of a regular expression must contain.

A pattern whose every match must contain one of a few words ("baseless", "groundless", …) need
not scan a text, or a sentence, that contains none of them. The words are read off the parsed
pattern, so they can never disagree with it; a pattern with no such words is always scanned.
The marker engine uses them to skip rules and to scan only near their words, and the voice
analysis to skip, sentence by sentence, the frame patterns that cannot match there; both look the
words up in one `WordSites` per text, so a word either of them needs is looked for once.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

try:
    from re import _parser  # Python 3.11+
except ImportError:  # pragma: no cover - older Pythons name it sre_parse
    import sre_parse as _parser


_MIN_WORD = 3


def _sequence_words(items) -> list[str] | None:
    """Words one of which every match of this sequence contains, as strong as can be found."""
    candidates, run = [], ""
    for op, av in items:
        if op is _parser.LITERAL:
            run += chr(av)
            continue
        if op is _parser.AT:
            continue  # \b and the like match no character: "\bthe" still needs "the"
        if run:
            candidates.append([run])
            run = ""
        if op is _parser.SUBPATTERN:
            found = _sequence_words(av[-1])
        elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT) and av[0] >= 1:
            found = _sequence_words(av[2])
        elif op is _parser.BRANCH:
            branches = [_sequence_words(branch) for branch in av[1]]
            found = None if any(words is None for words in branches) else [word for words in branches for word in words]
        else:
            found = None
        if found:
            candidates.append(found)
    if run:
        candidates.append([run])
    usable = [words for words in candidates if min(len(word) for word in words) >= _MIN_WORD]
    return max(usable, key=lambda words: (min(len(word) for word in words), -len(words))) if usable else None


@lru_cache(maxsize=1024)
def required_words(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Case-folded words one of which every match of `pattern` contains, or None if none is certain."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a pattern the parser of this Python reads differently: just scan
        return None
    words = _sequence_words(parsed)
    return tuple(sorted({word.casefold() for word in words})) if words else None


def fold(text: str) -> str:
    """Text as required words are compared with it: case-folded, with the dotless ı read as i,
    since a case-insensitive pattern's "i" matches "ı" (which case folding keeps apart)."""
    folded = text.casefold()
    return folded.replace("ı", "i") if "ı" in folded else folded


# By the pattern's identity, holding the pattern so that the identity stays its own: hashing a
# compiled pattern hashes its whole compiled code every time, far dearer than a lookup here.
_folded_words: dict[int, tuple[re.Pattern, tuple[str, ...] | None]] = {}


def folded_words(pattern: re.Pattern) -> tuple[str, ...] | None:
    """`required_words` as `WordSites` looks them up."""
    held = _folded_words.get(id(pattern))
    if held is None or held[0] is not pattern:
        if len(_folded_words) >= 4096:
            _folded_words.clear()
        words = required_words(pattern)
        held = _folded_words[id(pattern)] = (pattern, None if words is None else tuple(sorted({fold(word) for word in words})))
    return held[1]


class WordSites:
    """Where words occur in one text, by sentence: each word is looked for once, however many
    patterns need it."""

    def __init__(self, text: str, sentences: list[tuple[int, int]]):
        self.text = text
        self.folded = fold(text)
        self.sentences = sentences
        self.sentence_starts = [start for start, _ in sentences]
        # Positions in the folded text are positions in the text only when folding kept the length.
        self.aligned = len(self.folded) == len(text) and bool(sentences)
        self._present: dict[str, bool] = {}
        self._sentences_of: dict[str, list[int] | None] = {}
        self._candidates: dict[int, frozenset[int] | None] = {}  # by id(pattern): see _folded_words

    def has(self, word: str) -> bool:
        present = self._present.get(word)
        if present is None:
            present = self._present[word] = word in self.folded
        return present

    def sentences_of(self, word: str) -> list[int] | None:
        """The indices of the sentences in which an occurrence of `word` starts, in text order;
        None when one starts outside every sentence. Only for an aligned text."""
        if word in self._sentences_of:
            return self._sentences_of[word]
        found: list[int] | None = []
        if self.has(word):
            sentences, starts, folded = self.sentences, self.sentence_starts, self.folded
            at = folded.find(word)
            while at != -1:
                index = bisect.bisect_right(starts, at) - 1
                if index < 0 or at >= sentences[index][1]:
                    found = None
                    break
                found.append(index)
                at = folded.find(word, at + len(word))
        self._sentences_of[word] = found
        return found

    def candidate_sentences(self, pattern: re.Pattern) -> frozenset[int] | None:
        """The indices of the sentences in which a match of `pattern` may lie (one holds a word
        the pattern requires); None when any sentence may hold one."""
        if id(pattern) in self._candidates:
            return self._candidates[id(pattern)]
        words = folded_words(pattern)
        candidates: frozenset[int] | None
        if words is None:
            candidates = None
        elif not self.aligned:
            candidates = None if any(self.has(word) for word in words) else frozenset()
        else:
            found: set[int] = set()
            for word in words:
                indices = self.sentences_of(word)
                if indices is None:
                    found = None
                    break
                found.update(indices)
            candidates = None if found is None else frozenset(found)
        self._candidates[id(pattern)] = candidates
        return candidates
