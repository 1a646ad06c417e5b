"""The words one of which every match of a regular expression must contain.

A pattern whose every match must contain one of a few words ("baseless", "groundless", …) need
not scan a text, or a sentence, that contains none of them. The words are read off the parsed
pattern, so they can never disagree with it; a pattern with no such words is always scanned.
The marker engine uses them to skip rules and to scan only near their words.
"""
from __future__ import annotations

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



