"""Parse the printed source line of an archival document into structures.

A source line is the small print under a document in the Wilson Center
Digital Archive and similar collections, e.g.::

    RGANI, Fond 5, Opis 28, Delo 410, Listy 301–303.
    Obtained and translated for NKIDP by James F. Person.

It names the holding repository, a chain of archival units (fond → opis →
delo …), a folio or page range and the people credited for obtaining or
translating the document. :func:`parse_source_line` turns it into a
:class:`ParsedSource`.

The guiding rule is that the parser never invents structure: whatever it
cannot read with confidence is kept, as printed, in ``ParsedSource.unparsed``
so that an editor can see it and nothing is silently lost.

How a line is read:

1. Credit sentences ("Obtained …", "Translated for NKIDP by …") are detached
   first, because names such as "James F. Person" contain full stops and
   commas that would otherwise be mistaken for locator separators.
2. The repository is looked up in a :class:`RepositoryTable` at the start of
   the line or in parentheses ("… Foreign Affairs (AMAE)").
3. What is left (the locator) is split at commas and semicolons; each segment
   is read with a small set of rules. A few rules only make sense for one
   archive's citation style (Hungarian boxes and items, Stasi divisions) and
   are switched on by the repository.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from mosaic.lib.messages import WordedError, gettext_noop

__all__ = [
    "UNIT_TYPES",
    "CREDIT_ROLES",
    "ArchivalUnitRef",
    "CreditRef",
    "FolioRange",
    "ParsedSource",
    "RepositoryRef",
    "RepositoryTable",
    "parse_source_line",
]

#: Unit types the parser can emit, with an English label for display.
UNIT_TYPES: dict[str, str] = {
    "fond": gettext_noop("Fond"),
    "opis": gettext_noop("Opis (inventory)"),
    "delo": gettext_noop("Delo (file)"),
    "papka": gettext_noop("Papka (folder)"),
    "doboz": gettext_noop("Doboz (box)"),
    "tetel": gettext_noop("Tétel (item)"),
    "registry_number": gettext_noop("Registry number"),
    "year": gettext_noop("Year"),
    "issue": gettext_noop("Issue"),
    "country": gettext_noop("Country file"),
    "box": gettext_noop("Box"),
    "folder": gettext_noop("Folder"),
    "file": gettext_noop("File"),
    "division": gettext_noop("Division"),
    "record_group": gettext_noop("Record group"),
    "series": gettext_noop("Series"),
    "volume": gettext_noop("Volume"),
    "reel": gettext_noop("Microfilm reel"),
    "archival_unit": gettext_noop("Archival unit (a.e.)"),
    "dosar": gettext_noop("Dosar (file)"),
    "karton": gettext_noop("Karton (box)"),
    "teczka": gettext_noop("Teczka (folder)"),
    "number": gettext_noop("Number"),
}

#: Credit roles, keyed by the verb that introduces them.
CREDIT_ROLES: dict[str, str] = {
    "obtained": "obtained",
    "translated": "translated",
    "edited": "edited",
    "contributed": "contributed",
    "funded": "funded",
    "transcribed": "transcribed",
}

DEFAULT_REPOSITORIES_TSV = Path(__file__).parent.parent / "data" / "repositories.tsv"


# --------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RepositoryRef:
    code: str
    name: str
    country: str


@dataclass(frozen=True)
class ArchivalUnitRef:
    type: str
    value: str
    # The label exactly as printed ("Fond", "f.", "doboz"); None when the
    # citation style identifies the unit by position alone (e.g. the "5/a"
    # item number in a Hungarian citation).
    label: str | None = None


@dataclass(frozen=True)
class FolioRange:
    start: int
    end: int


@dataclass(frozen=True)
class CreditRef:
    role: str
    name: str
    on_behalf_of: str | None = None


@dataclass
class ParsedSource:
    repository: RepositoryRef | None = None
    units: list[ArchivalUnitRef] = field(default_factory=list)
    folios: FolioRange | None = None
    folio_term: str | None = None
    credits: list[CreditRef] = field(default_factory=list)
    unparsed: str = ""
    as_printed: str = ""
    # The line split where the credits begin: "RGANI, Fond 5, ..., Listy 301–303." and
    # "Obtained and translated for NKIDP by James F. Person." (citations print both, in order).
    locator_text: str = ""
    credit_text: str = ""

    def to_json(self) -> dict:
        return {
            "repository": (
                {"code": self.repository.code, "name": self.repository.name}
                if self.repository
                else None
            ),
            "units": [{"type": u.type, "value": u.value} for u in self.units],
            "folios": (
                {"start": self.folios.start, "end": self.folios.end}
                if self.folios
                else None
            ),
            "credits": [
                {"role": c.role, "name": c.name, "for": c.on_behalf_of}
                for c in self.credits
            ],
            "unparsed": self.unparsed,
        }


# --------------------------------------------------------------------------
# Repository table
# --------------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _words_pattern(text: str) -> str:
    # Printed names wrap and double-space; any run of whitespace is a space.
    return r"\s+".join(re.escape(word) for word in text.split())


class RepositoryTable:
    """Known repositories, looked up by code, full name or alias."""

    def __init__(self, entries: Iterable[tuple[RepositoryRef, Sequence[str]]]):
        self._repositories: list[RepositoryRef] = []
        self._aliases: dict[str, tuple[str, ...]] = {}
        self._by_key: dict[str, RepositoryRef] = {}
        spellings: list[tuple[str, RepositoryRef]] = []
        for repo, aliases in entries:
            self._repositories.append(repo)
            self._aliases[repo.code] = tuple(aliases)
            for spelling in (repo.code, repo.name, *aliases):
                if spelling.strip() and _key(spelling) not in self._by_key:
                    self._by_key[_key(spelling)] = repo
                    spellings.append((spelling, repo))
        # Longest spelling first, so that "Hungarian National Archives,
        # Foreign Ministry records (KA)" beats "Hungarian National Archives".
        spellings.sort(key=lambda item: len(item[0]), reverse=True)
        self._start_patterns = [
            # (?!\w): whole words only, so "KA" never matches "Korea".
            (re.compile(_words_pattern(s) + r"(?!\w)", re.IGNORECASE), repo)
            for s, repo in spellings
        ]

    @classmethod
    def from_tsv(cls, path: str | Path) -> "RepositoryTable":
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        return cls(
            (
                RepositoryRef(
                    code=row["code"].strip(),
                    name=row["name"].strip(),
                    country=(row.get("country") or "").strip(),
                ),
                [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()],
            )
            for row in rows
            if (row.get("code") or "").strip()
        )

    @classmethod
    def default(cls) -> "RepositoryTable":
        return _default_table()

    def __iter__(self) -> Iterator[RepositoryRef]:
        return iter(self._repositories)

    def __len__(self) -> int:
        return len(self._repositories)

    def get(self, code: str) -> RepositoryRef | None:
        return next((r for r in self._repositories if r.code == code), None)

    def aliases(self, code: str) -> tuple[str, ...]:
        return self._aliases.get(code, ())

    def lookup(self, spelling: str) -> RepositoryRef | None:
        """Exact (case-insensitive) code, name or alias."""
        return self._by_key.get(_key(spelling))

    def matches_at_start(self, text: str) -> Iterator[tuple[RepositoryRef, int]]:
        """Every spelling found at the start of *text*, longest first."""
        for pattern, repo in self._start_patterns:
            match = pattern.match(text)
            if match:
                yield repo, match.end()


@functools.lru_cache(maxsize=1)
def _default_table() -> RepositoryTable:
    return RepositoryTable.from_tsv(DEFAULT_REPOSITORIES_TSV)


# --------------------------------------------------------------------------
# Credits
# --------------------------------------------------------------------------

_VERB = "(?:" + "|".join(CREDIT_ROLES) + ")"
# "Obtained and translated for NKIDP by " / "translated, edited and
# transcribed by ". A credit needs its "by": a verb without one may just be a
# word in a title and is left alone.
_CREDIT_PHRASE = re.compile(
    rf"(?<!\w)(?P<verbs>{_VERB}(?:\s*,\s*(?:and\s+)?{_VERB}|\s+and\s+{_VERB})*)"
    rf"(?:\s+for\s+(?P<for>[^;]+?))?\s+by\s+",
    re.IGNORECASE,
)
# A full stop ends a sentence unless it follows a lone capital: "James F. Person".
_SENTENCE_END = re.compile(r"(?<!\b[^\W\d_])\.(?=\s|$)|;")
_NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_TRAILING_CONNECTOR = re.compile(r"(?:\s*(?:,|&|\band\b))+\s*$", re.IGNORECASE)
_TRAILING_FOR = re.compile(r"\s+for\s+(?P<for>.+)$", re.IGNORECASE)


def _split_off_credits(text: str) -> tuple[str, str]:
    """Split *text* into (locator, credits) at the first credit phrase."""
    for match in _CREDIT_PHRASE.finditer(text):
        before = text[: match.start()].rstrip()
        # Only at the start of a sentence or clause; anywhere else the verb
        # belongs to something we do not understand and stays in the locator.
        if not before or before[-1] in ".;,":
            return before, text[match.start():]
    return text, ""


def _parse_credits(text: str) -> tuple[list[CreditRef], list[str]]:
    credits: list[CreditRef] = []
    leftovers: list[str] = []
    phrases = list(_CREDIT_PHRASE.finditer(text))
    if not phrases:
        return credits, [text] if text.strip() else []
    if text[: phrases[0].start()].strip():
        leftovers.append(text[: phrases[0].start()].strip())
    for phrase, following in zip(phrases, [*phrases[1:], None]):
        names_text = text[phrase.end(): following.start() if following else len(text)]
        names_text, tail = _cut_sentence(names_text)
        if tail:
            leftovers.append(tail)
        on_behalf_of = phrase.group("for")
        trailing_for = _TRAILING_FOR.search(names_text)
        if trailing_for and not on_behalf_of:
            # "Translated by Gary Goldberg for NKIDP"
            on_behalf_of = trailing_for.group("for")
            names_text = names_text[: trailing_for.start()]
        names = [n.strip() for n in _NAME_SEPARATOR.split(names_text) if n.strip()]
        verbs = re.findall(_VERB, phrase.group("verbs"), re.IGNORECASE)
        # Verb-major order: everyone obtained, then everyone translated.
        for verb in verbs:
            for name in names:
                credits.append(
                    CreditRef(
                        role=CREDIT_ROLES[verb.lower()],
                        name=name,
                        on_behalf_of=on_behalf_of.strip() if on_behalf_of else None,
                    )
                )
    return credits, leftovers


def _cut_sentence(names_text: str) -> tuple[str, str]:
    """Separate the names after "by" from any following sentence."""
    end = _SENTENCE_END.search(names_text)
    head, tail = (names_text, "") if not end else (
        names_text[: end.start()],
        names_text[end.end():],
    )
    head = _TRAILING_CONNECTOR.sub("", head).strip()
    # What follows a name list is either nothing, a joining "and" before the
    # next credit phrase, or text we do not understand.
    tail = re.sub(r"^(?:\s*(?:and\b|[.,;]))+", "", tail.strip(), flags=re.IGNORECASE)
    tail = _TRAILING_CONNECTOR.sub("", tail).strip()
    return head, tail


# --------------------------------------------------------------------------
# Locator rules
# --------------------------------------------------------------------------

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_RANGE = rf"\s*[{_DASHES}]\s*"
# A unit value as printed: must contain a digit; may carry prefixes and
# suffixes joined by hyphens or slashes ("0102", "1-B", "R-5446", "5/a").
_VALUE = r"(?:[^\W_]+[-/])*\d[^\W_]*(?:[-/][^\W_]+)*"
# A unit ends at a separator; "Box 365abc def" is not box 365.
_END = r"(?=$|[\s.,;:)\]])"
# Russian folios may be versos: "ll. 12-14ob." (oborot).
_VERSO = r"(?:\s*(?:ob|об)\.?)?"
# Labels with an ambiguous "p.": a folder (papka) before the delo, a page after.
_AMBIGUOUS_P = {"p.", "п."}


def _labels(*alternatives: str) -> str:
    """Alternation of label spellings; word labels must end on a word boundary."""
    parts = []
    for alt in sorted(alternatives, key=len, reverse=True):
        parts.append(_words_pattern(alt) + (r"\b" if alt[-1].isalpha() else ""))
    return "(?P<label>" + "|".join(parts) + ")"


@dataclass
class _Unit:
    ref: ArchivalUnitRef


@dataclass
class _Folios:
    range: FolioRange
    term: str
    text: str


@dataclass
class _PageOrPapka:
    """A lone "p. 72": papka if a delo follows, a page otherwise."""

    value: str
    label: str
    text: str


@dataclass
class _Unparsed:
    separator: str
    text: str


_Reading = _Unit | _Folios | _PageOrPapka | _Unparsed


@dataclass(frozen=True)
class _Context:
    repository: RepositoryRef | None
    readings: list[_Reading]

    def has_unit(self, unit_type: str) -> bool:
        return any(isinstance(r, _Unit) and r.ref.type == unit_type for r in self.readings)


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern
    read: Callable[[re.Match], list[_Reading]]
    applies: Callable[[_Context], bool] = lambda context: True


def _labelled(unit_type: str, labels: str, value: str = _VALUE, **kw) -> _Rule:
    pattern = re.compile(rf"{labels}\s*:?\s*(?P<value>{value}){_END}", re.IGNORECASE)
    return _Rule(
        pattern,
        lambda m: [_Unit(ArchivalUnitRef(unit_type, m.group("value"), m.group("label")))],
        **kw,
    )


def _bare(unit_type: str, pattern: str, normalise=lambda v: v, flags=0, **kw) -> _Rule:
    return _Rule(
        re.compile(rf"(?P<value>{pattern}){_END}", flags),
        lambda m: [_Unit(ArchivalUnitRef(unit_type, normalise(m.group("value"))))],
        **kw,
    )


def _read_folios(match: re.Match) -> list[_Reading]:
    label, start, end = match.group("label"), match.group("start"), match.group("end")
    if end is None and label.lower() in _AMBIGUOUS_P:
        return [_PageOrPapka(start, label, match.group(0))]
    return [_Folios(_folio_range(start, end), label, match.group(0))]


def _folio_range(start: str, end: str | None) -> FolioRange:
    if end is None:
        return FolioRange(int(start), int(start))
    # Abbreviated ranges print only the changing digits: "301-03" is 301–303.
    if len(end) < len(start) and int(end) < int(start):
        end = start[: len(start) - len(end)] + end
    return FolioRange(int(start), int(end))


def _read_fond_and_country(match: re.Match) -> list[_Reading]:
    readings: list[_Reading] = [_Unit(ArchivalUnitRef("fond", match.group("value")))]
    if match.group("country"):
        readings.append(_Unit(ArchivalUnitRef("country", match.group("country"))))
    return readings


def _in_country(country: str) -> Callable[[_Context], bool]:
    return lambda c: c.repository is not None and c.repository.country == country


def _is_repository(code: str) -> Callable[[_Context], bool]:
    return lambda c: c.repository is not None and c.repository.code == code


_HUNGARIAN = _in_country("Hungary")
_POLISH = _in_country("Poland")
_BSTU = _is_repository("BStU")

_FOLIO_PATTERN = re.compile(
    _labels(
        "listy", "list", "ll.", "l.", "bl.", "pp.", "p.", "pages", "page",
        "ff.", "fols.", "fol.", "лл.", "л.", "листы", "лист", "п.",
    )
    + rf"\s*:?\s*(?P<start>\d+){_VERSO}(?:{_RANGE}(?P<end>\d+){_VERSO})?{_END}",
    re.IGNORECASE,
)

# Tried in order at the start of what is left of a segment; the first that
# matches wins. Archive-specific rules come first because they are stricter.
_RULES: list[_Rule] = [
    # Hungarian National Archives: "XIX-J-1-j Korea, 4. doboz, 5/a, 004076/1955"
    _Rule(
        re.compile(
            rf"(?P<value>[IVXLC]+(?:-[^\W_]+)+)"
            rf"(?:\s+(?P<country>[^\W\d_]+(?:\s+[^\W\d_]+)*))?{_END}"
        ),
        _read_fond_and_country,
        _HUNGARIAN,
    ),
    _bare(
        "registry_number",
        r"\d{3,}\s*/\s*(?:1[89]|20)\d\d",
        normalise=lambda v: re.sub(r"\s+", "", v),
        applies=_HUNGARIAN,
    ),
    # A bare "5/a" is only an item number once we are inside a box.
    _bare(
        "tetel",
        r"\d{1,3}/[^\W\d_]{1,2}",
        applies=lambda c: _HUNGARIAN(c) and c.has_unit("doboz"),
    ),
    # Stasi Records Archive: "BStU, ZA, HA X, 245"
    _bare("division", r"ZA|MfS|AP|AIM|AOPK|AOP|AU|AKK|AS|AGMS", applies=_BSTU),
    _bare(
        "record_group",
        r"HA\s+[IVXL]+(?:/\d+)?|Abt\.\s*[^\W_]+(?:/\d+)?|ZAIG|HVA|ZKG|BdL|SdM",
        applies=_BSTU,
    ),
    _bare("file", _VALUE, applies=_BSTU),
    # Chinese Foreign Ministry Archive file numbers: "106-00031-01".
    _bare("file", r"\d{3}-\d{5}-\d{2}", applies=_is_repository("PRC FMA")),
    # Hungarian boxes and items are recognisable by their words anywhere.
    _Rule(
        re.compile(rf"(?P<value>\d+)\.\s*(?P<label>doboz|tétel){_END}", re.IGNORECASE),
        lambda m: [_Unit(ArchivalUnitRef(
            "doboz" if m.group("label").lower() == "doboz" else "tetel",
            m.group("value"),
            m.group("label"),
        ))],
    ),
    _labelled("doboz", _labels("doboz")),
    _labelled("tetel", _labels("tétel", "tetel")),
    # Russian and other East-bloc archival hierarchies.
    _labelled("fond", _labels("fond", "f.", "фонд", "ф.")),
    _labelled("opis", _labels("opis", "op.", "опись", "оп.")),
    _labelled("delo", _labels("delo", "d.", "дело", "д.")),
    _labelled("papka", _labels("papka", "pap.", "папка", "пап.")),
    _labelled("archival_unit", _labels("a.e.", "a. e.", "а.е.", "а. е.")),
    _labelled("dosar", _labels("dosar")),
    _labelled("karton", _labels("karton")),
    _labelled("teczka", _labels("teczka")),
    # "t." means teczka in Polish citations but "tome"/"tom" elsewhere.
    _labelled("teczka", _labels("t."), applies=_POLISH),
    # Western-style labels.
    _labelled("box", _labels("box")),
    _labelled("folder", _labels("folder")),
    _labelled("file", _labels("file")),
    _labelled("volume", _labels("volume", "vol.")),
    _labelled("reel", _labels("reel")),
    _labelled("record_group", _labels("record group", "RG")),
    _labelled("series", _labels("series")),
    _labelled("number", _labels("no.", "nr.", "nr")),
    # Romanian Foreign Ministry: "Year: 1954; Issues 20 221; Country: …"
    _labelled("year", _labels("year"), value=rf"\d{{4}}(?:{_RANGE}\d{{2,4}})?"),
    _labelled("issue", _labels("issues", "issue", "problema"), value=rf"{_VALUE}(?:\s+{_VALUE})*"),
    _Rule(
        re.compile(r"(?P<label>country)\s*:\s*(?P<value>.+?)\.?$", re.IGNORECASE),
        lambda m: [_Unit(ArchivalUnitRef("country", m.group("value").strip(), m.group("label")))],
    ),
    _Rule(_FOLIO_PATTERN, _read_folios),
]


# --------------------------------------------------------------------------
# Reading the locator
# --------------------------------------------------------------------------


def _read_segment(segment: str, separator: str, context: _Context) -> list[_Reading]:
    """Read units from one comma-separated segment, left to right."""
    readings: list[_Reading] = []
    rest = segment.strip()
    while rest:
        step = _Context(context.repository, context.readings + readings)
        for rule in _RULES:
            if not rule.applies(step):
                continue
            match = rule.pattern.match(rest)
            if match:
                readings.extend(rule.read(match))
                rest = rest[match.end():].lstrip(" .:")
                break
        else:
            readings.append(_Unparsed(separator, rest))
            break
    return readings


def _starts_with_unit(text: str, repository: RepositoryRef) -> bool:
    context = _Context(repository, [])
    return any(
        rule.applies(context) and rule.pattern.match(text) for rule in _RULES
    )


def _match_repository(
    locator: str, table: RepositoryTable
) -> tuple[RepositoryRef | None, str]:
    """Find the repository; return it and the locator without it."""
    for repo, end in table.matches_at_start(locator):
        rest = locator[end:]
        # "National Archives of Korea" is not NARA: a name or alias must be
        # followed by punctuation, the end, or an archival unit ("AVPRF F. 0102").
        # The code itself, printed as such, is specific enough on its own.
        if (
            locator[:end] == repo.code
            or re.match(r"\s*(?:[,.;:(\[]|$)", rest)
            or _starts_with_unit(rest.lstrip(), repo)
        ):
            # A code in parentheses right after the name is the most explicit
            # identification: "Archive of the … Foreign Affairs (AMAE)".
            paren = re.match(r"\s*\(([^()]*)\)", rest)
            if paren and table.lookup(paren.group(1)):
                return table.lookup(paren.group(1)), rest[paren.end():]
            return repo, rest
    for paren in re.finditer(r"\(([^()]*)\)", locator):
        repo = table.lookup(paren.group(1))
        if repo:
            before = locator[: paren.start()]
            if not re.search(r"[,;]", before):
                # The text before "(CODE)" in the first segment is the
                # repository's name in some other spelling.
                return repo, locator[paren.end():]
            return repo, before.rstrip() + locator[paren.end():]
    return None, locator


def _split_segments(locator: str) -> list[tuple[str, str]]:
    """[(separator before, segment)] split at commas and semicolons."""
    parts = re.split(r"\s*([,;])\s*", locator)
    segments = [("", parts[0])]
    segments += list(zip(parts[1::2], parts[2::2]))
    return [(sep, seg) for sep, seg in segments if seg.strip(" .:")]


def _resolve(readings: list[_Reading], result: ParsedSource) -> list[_Unparsed]:
    """Turn readings into units and folios; return what stays unparsed."""
    unparsed: list[_Unparsed] = []
    for index, reading in enumerate(readings):
        if isinstance(reading, _PageOrPapka):
            # A folder sits above the delo, and a line has one page range:
            # a delo or a labelled range further on makes this a papka.
            papka = any(
                (isinstance(r, _Unit) and r.ref.type == "delo") or isinstance(r, _Folios)
                for r in readings[index + 1:]
            )
            if papka:
                result.units.append(ArchivalUnitRef("papka", reading.value, reading.label))
                continue
            reading = _Folios(_folio_range(reading.value, None), reading.label, reading.text)
        if isinstance(reading, _Unit):
            result.units.append(reading.ref)
        elif isinstance(reading, _Folios):
            if result.folios is None:
                result.folios, result.folio_term = reading.range, reading.term
            else:
                # Two ranges in one line: we keep one and show the other.
                unparsed.append(_Unparsed(",", reading.text))
        elif isinstance(reading, _Unparsed):
            unparsed.append(reading)
    return unparsed


def _join_unparsed(pieces: list[_Unparsed], credit_leftovers: list[str]) -> str:
    text = ""
    for piece in pieces:
        text += f"{piece.separator} {piece.text}" if text else piece.text
    text = " ".join([text, *credit_leftovers])
    return " ".join(text.split())


def _normalise(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"^source\s*:\s*", "", text, flags=re.IGNORECASE)


def parse_source_line(text: str | None, table: RepositoryTable | None = None) -> ParsedSource:
    """Parse a printed source line; see the module docstring."""
    as_printed = text or ""
    table = table or RepositoryTable.default()
    line = _normalise(as_printed)
    result = ParsedSource(as_printed=as_printed)
    if not line:
        return result

    locator, credit_text = _split_off_credits(line)
    result.locator_text, result.credit_text = locator.strip(), credit_text.strip()
    result.credits, credit_leftovers = _parse_credits(credit_text)

    result.repository, locator = _match_repository(locator.strip(), table)
    readings: list[_Reading] = []
    for separator, segment in _split_segments(locator.lstrip(" ,.;:").rstrip(" ,;")):
        readings += _read_segment(segment, separator, _Context(result.repository, readings))

    unparsed = _resolve(readings, result)
    result.unparsed = _join_unparsed(unparsed, credit_leftovers)
    return result


# An archival unit list as a curator edits it: "fond 5; opis 28; delo 410". Each item is a unit
# type (its key, e.g. "registry_number", or its name, e.g. "Registry number") and the value as
# printed; items are separated by semicolons so values may contain commas.
_UNIT_NAMES = {key: key for key in UNIT_TYPES} | {
    _key(name.split(" (")[0]): key for key, name in UNIT_TYPES.items()
}


class UnitListError(WordedError):
    """A list of archival units that cannot be read."""


def format_unit_list(units: Iterable[tuple[str, str]]) -> str:
    return "; ".join(f"{unit_type} {value}" for unit_type, value in units)


def parse_unit_list(text: str) -> list[tuple[str, str]]:
    units = []
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        words = item.split()
        for size in range(min(3, len(words) - 1), 0, -1):
            unit_type = _UNIT_NAMES.get(_key(" ".join(words[:size]))) or _UNIT_NAMES.get("_".join(words[:size]).lower())
            if unit_type:
                units.append((unit_type, " ".join(words[size:])))
                break
        else:
            if len(words) == 1:
                raise UnitListError(gettext_noop("“%(item)s” needs a unit type and a value, e.g. “delo 410”."), item=item)
            raise UnitListError(gettext_noop("“%(word)s” in “%(item)s” is not a unit type; use one of: %(types)s."),
                                word=words[0], item=item, types=", ".join(UNIT_TYPES))
    return units
