"""The reader's query language, parsed into terms any search backend can translate.

    Kim Il Sung          three words, all required
    "elder brother"      a phrase
    Puzan*               a prefix
    -Stalin              must not contain
    김일성 / 金日成        Korean or Chinese: matched as a substring (no spaces between words)

Parsing is separate from any backend so that SQLite FTS5 and PostgreSQL read the same query.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from mosaic.lib.text_folding import fold_letters, has_cjk

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[\w*]+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]      # one word, or the words of a phrase
    prefix: bool = False        # last word is a prefix ("Puzan*")
    cjk: bool = False           # Korean/Chinese/Japanese: match as a substring

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    required: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.required


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(fold_letters(text)) if w.strip("*"))


def _term(raw: str, phrase: bool) -> Term | None:
    prefix = raw.endswith("*") and not phrase
    words = tuple(w.replace("*", "") for w in _words(raw))
    words = tuple(w for w in words if w)
    if not words:
        return None
    cjk = has_cjk("".join(words))
    return Term(words=words, prefix=prefix and not cjk, cjk=cjk)


def parse_query(text: str) -> ParsedQuery:
    required, excluded = [], []
    # Decomposed input ("s" + combining cedilla) would split words at the mark.
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text or "")):
        negated, phrase, bare = match.groups()
        if bare is not None:
            negated, raw, is_phrase = bare.startswith("-") and len(bare) > 1, bare, False
            raw = raw[1:] if negated else raw
        else:
            raw, is_phrase = phrase, True
        if not is_phrase and raw.upper() in {"AND", "OR", "NOT"}:
            continue  # the reader's operators are words here; every term is required
        term = _term(raw, is_phrase)
        if term is None:
            continue
        if is_phrase or term.cjk or len(term.words) == 1:
            (excluded if negated else required).append(term)
        else:  # "Kim-Il-Sung" or "Il-sung" without quotes: its parts as a phrase
            (excluded if negated else required).append(Term(term.words, prefix=term.prefix))
    return ParsedQuery(tuple(required), tuple(excluded))
