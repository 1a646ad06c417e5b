"""The reader's query language, parsed into terms any search backend can translate.

    Kim Il Sung          three words, all required
    "elder brother"      a phrase
    Puzan*               a prefix
    -Stalin              must not contain
    김일성 / 金日成        Korean or Chinese: matched as a substring (no spaces between words)

Parsing is separate from any backend so that SQLite FTS5 and PostgreSQL read the same query.

A query is read only up to `LIMITS` (characters, different terms, names read from the authority:
docs/search.md says why these figures), and every step is linear in what it reads: repeated runs
of words are read as a name once, and a term typed twice is searched once (`ParsedQuery.distinct`),
because the backends' cost grows faster than the number of terms they are handed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from mosaic.lib.messages import WordedError, gettext_noop
from mosaic.lib.text_folding import fold_letters, has_cjk

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[\w*]+", re.UNICODE)


@dataclass(frozen=True)
class QueryLimits:
    """How much of a query is read; None reads without a limit (benchmarks of the engine itself)."""
    characters: int | None = 1000   # the longest title of the demo catalogue is 185; 120 words of quotation ~800
    terms: int | None = 50          # different words and phrases; a quotation in quotes is one
    name_readings: int | None = 10  # different people or terms read from the name authority


LIMITS = QueryLimits()
UNLIMITED = QueryLimits(characters=None, terms=None, name_readings=None)


class QueryTooLarge(WordedError):
    """The query is past one of its limits; the message says which and what to do instead."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]      # one word, or the words of a phrase
    prefix: bool = False        # last word is a prefix ("Puzan*")
    cjk: bool = False           # Korean/Chinese/Japanese: match as a substring
    # Other phrases that count as this term: the renderings of a person's name ("Kim Ir Sen",
    # "Ким Ир Сен" for "Kim Il Sung"), with `expanded_as` saying whom the words were read as.
    alternatives: tuple[tuple[str, ...], ...] = ()
    expanded_as: str = ""
    reading_id: str = ""  # where the reading is explained (e.g. the person's page)
    quoted: bool = False   # written in quotes by the reader
    raw: str = field(default="", compare=False)  # as typed ("Ch'oe", "Il-sŏng"), for reading names
    # A name read from Latin or Cyrillic words: its hangul and hanja forms (김일성, 金日成), which
    # a backend also looks for, as substrings, in an archive that holds Korean or Chinese text.
    cjk_forms: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def also_in_cjk(self) -> Term:
        """This term as one matched as a Korean or Chinese term is: its CJK forms as substrings
        beside its words and renderings as words."""
        # The forms in the name's own scripts first: a page lists the first renderings.
        return replace(self, cjk=True, alternatives=(*((form,) for form in self.cjk_forms), *self.alternatives),
                       cjk_forms=())

    def in_words(self) -> Term | None:
        """The phrases of a CJK term written in Latin or Cyrillic (a name's renderings, or the
        words a reader typed), as one term of words; None when it has none."""
        phrases = [words for words in (self.words, *self.alternatives) if not has_cjk("".join(words))]
        return Term(words=phrases[0], alternatives=tuple(phrases[1:])) if phrases else None

    @property
    def substrings(self) -> list[str]:
        """What a window around a match may be looked for by: each phrase of a CJK term, its
        Korean or Chinese forms first."""
        phrases = [" ".join(words) for words in (self.words, *self.alternatives)]
        return sorted(phrases, key=lambda phrase: not has_cjk(phrase))

    @property
    def key(self) -> tuple:
        """What the term matches: two terms with the same key find the same documents.

        Case never matters to search; a name read under any of its renderings matches all of them,
        so "Kim Il Sung" and "Kim Ir Sen" read as the same person are one term.
        """
        phrases = frozenset(tuple(w.casefold() for w in words) for words in (self.words, *self.alternatives))
        return self.cjk, self.prefix, phrases


@dataclass(frozen=True)
class ParsedQuery:
    required: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.required

    @property
    def cjk_forms(self) -> tuple[str, ...]:
        """The hangul and hanja forms of the names read from Latin or Cyrillic words."""
        return tuple(form for term in self.required for form in term.cjk_forms)

    def names_typed_in_words(self) -> list[Term]:
        """The names reached into CJK text (`also_in_cjk`) that the reader typed in Latin or
        Cyrillic, as terms of their words: what ranks the documents that have them in words."""
        names = [term.in_words() for term in self.required if term.cjk and not has_cjk(term.text)]
        return [name for name in names if name]

    def also_in_cjk(self) -> ParsedQuery:
        """The query with the names read from Latin or Cyrillic words also looked for in their
        hangul and hanja forms."""
        return ParsedQuery(tuple(term.also_in_cjk() if term.cjk_forms else term for term in self.required),
                           self.excluded)

    def distinct(self) -> ParsedQuery:
        """The same query with each term once (the first as typed). Every term is required, so a
        repeated one adds nothing to what is found, only to the backend's work."""
        return ParsedQuery(_first_of_each(self.required), _first_of_each(self.excluded))


def _first_of_each(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    first: dict[tuple, Term] = {}
    for term in terms:
        first.setdefault(term.key, term)
    return tuple(first.values())


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(fold_letters(text)) if w.strip("*"))


def _term(raw: str, phrase: bool) -> Term | None:
    prefix = raw.endswith("*") and not phrase
    words = tuple(w.replace("*", "") for w in _words(raw))
    words = tuple(w for w in words if w)
    if not words:
        return None
    cjk = has_cjk("".join(words))
    return Term(words=words, prefix=prefix and not cjk, cjk=cjk, quoted=phrase, raw=raw)


def parse_query(text: str, limits: QueryLimits = LIMITS) -> ParsedQuery:
    """The terms of a query in the order typed (repeats kept: runs of words are read as names
    next, and "Kim Il Sung Kim Jong Il" needs its second "Kim").

    Raises QueryTooLarge past `limits.characters` (before reading anything) or once it has seen
    more than `limits.terms` different terms (without reading the rest).
    """
    text = text or ""
    if limits.characters is not None and len(text) > limits.characters:
        raise QueryTooLarge(gettext_noop(
            "the query is %(length)s characters long; Mosaic reads at most %(most)s. "
            "Shorten it, or search a distinctive phrase of a passage in quotes"), length=f"{len(text):,}", most=f"{limits.characters:,}")
    required, excluded = [], []
    seen: set[tuple] = set()
    # Decomposed input ("s" + combining cedilla) would split words at the mark.
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
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
        # "Il-sung" without quotes is a phrase of its parts, like "Il sung" in quotes.
        (excluded if negated else required).append(term)
        seen.add((bool(negated), term.key))
        if limits.terms is not None and len(seen) > limits.terms:
            raise QueryTooLarge(gettext_noop(
                "the query has more than %(most)s different words or phrases; Mosaic reads at most %(most)s. "
                "Put a quotation in double quotes (it then counts as one phrase) or leave out common words"), most=limits.terms)
    return ParsedQuery(tuple(required), tuple(excluded))


# A name reading: who the words were read as, the phrases to search for instead, and an id.
NameReading = tuple[str, list[str], str]


def expand_names(parsed: ParsedQuery, read_name, longest: int = 4, limits: QueryLimits = LIMITS) -> ParsedQuery:
    """Replace runs of words (or a quoted phrase) that name a person by all renderings of the name.

    `read_name(text)` returns (label, forms, id) when the text confidently names one person (or
    place, organisation or term), else None; it decides what one word alone may name (a surname
    alone names nobody, "Pyongyang" names a city). Runs are tried longest first, so "Kim Il Sung
    plenum" expands "Kim Il Sung" and leaves "plenum" alone. A name in hangul or hanja is written
    without spaces (김일성, 金日成): it is read alone, and stays a substring term whose other forms
    include the name's CJK spellings as well as its Latin and Cyrillic renderings.

    At most `longest` runs are tried at each word and each different run is read once however
    often it is typed, so the work is linear in the words, and a repeated word costs nothing more.
    Raises QueryTooLarge when more than `limits.name_readings` different people or terms are read.
    """
    terms = list(parsed.required)
    result: list[Term] = []
    expansions: dict[str, Term | None] = {}  # typed run → its expanded term, or None
    read_ids: set[str] = set()

    def expand_once(words: tuple[str, ...], typed: str) -> Term | None:
        if typed not in expansions:
            expansions[typed] = expanded = _expanded(words, typed, read_name)
            if expanded:
                read_ids.add(expanded.reading_id)
                if limits.name_readings is not None and len(read_ids) > limits.name_readings:
                    raise QueryTooLarge(gettext_noop(
                        "the query names more than %(most)s people or terms of the name authority, each searched "
                        "under all its renderings; search fewer names at once, or only the words as typed"),
                        most=limits.name_readings)
        return expansions[typed]

    i = 0
    while i < len(terms):
        term = terms[i]
        if term.prefix:
            result.append(term)
            i += 1
            continue
        if term.quoted or term.cjk:  # a quoted phrase is read whole; a name in hangul or hanja is one word
            result.append(expand_once(term.words, term.raw) or term)
            i += 1
            continue
        for size in range(min(longest, len(terms) - i), 0, -1):
            run = terms[i:i + size]
            words = tuple(word for t in run for word in t.words)
            if any(t.quoted or t.cjk or t.prefix for t in run):
                continue
            expanded = expand_once(words, " ".join(t.raw or t.text for t in run))
            if expanded:
                result.append(expanded)
                i += size
                break
        else:
            result.append(term)
            i += 1
    return ParsedQuery(tuple(result), parsed.excluded)


def _expanded(words: tuple[str, ...], typed: str, read_name) -> Term | None:
    reading = read_name(typed)
    if not reading:
        return None
    label, forms, reading_id = reading
    # Words typed in hangul or hanja stay a substring term, and its other CJK forms (the ROK
    # spelling, the hanja) join the renderings; a Latin or Cyrillic term keeps to words, with its
    # CJK forms apart (`cjk_forms`) for a backend whose archive holds Korean or Chinese text.
    cjk = has_cjk("".join(words))
    alternatives, seen, cjk_forms = [], {tuple(w.casefold() for w in words)}, []
    for form in forms:
        form_words = _words(form)
        key = tuple(w.casefold() for w in form_words)
        written = "".join(form_words)
        if not form_words or key in seen:  # case never matters to search
            continue
        seen.add(key)
        if cjk or not has_cjk(written):
            alternatives.append(form_words)
        elif len(written) >= 3:
            # Typed in Latin or Cyrillic: the CJK forms wait apart, for an archive that holds such
            # text. Two-character forms (남일) are too often part of other words to count alone.
            cjk_forms.append(written)
    return Term(words=words, cjk=cjk, alternatives=tuple(alternatives), expanded_as=label, reading_id=reading_id,
                cjk_forms=tuple(cjk_forms))


def allows_inflection(words: tuple[str, ...]) -> bool:
    """Whether a rendering may be matched with case endings (Ким Ир Сена, Phenianu, Пхеньяне).

    Only when its last word has three letters or more: "Kim Il*" would also find "Kim Il Sung".
    """
    return len(words[-1]) >= 3 and not has_cjk(words[-1])
