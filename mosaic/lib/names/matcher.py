"""The name authority index and scorer: which person does a written name stand for?

Routes, by script of the query (names.md §4.2):

* hangul   exact lookup of the DPRK spelling, its ROK spelling (이효순 → 리효순) and hangul aliases;
           no fuzzy matching: 영/용 or 정/종 are different names (리영호 ≠ 리용호).
* hanja    exact (simplified folded to traditional), then equal tone-marked pinyin, then the
           Korean reading of the characters (金昌奉 → 김창봉) for people whose hanja are unknown.
* Latin and Cyrillic
    - Korean reading: fold for the language (fold.py), read the first token as the surname (and,
      as a lower-scored alternative, the last: "Il Sung Kim", "Sung, Kim Il"), look the surname
      up in its class, code the given name (keys.py) and look the code up among the codes of
      every person's renderings in every system (romanize.py). No exact code: the codes of the
      same surname block are compared with rapidfuzz's Levenshtein, and only near-complete
      matches count: a single-syllable given name must match exactly, a two-syllable one may
      differ by one vowel or one related consonant (Tšor for 정), never by a whole syllable
      (Kim Jong Un is not Kim Jong Il; Kim Il is not Kim Il Sung).
    - pinyin: joined pinyin of the hanja (surname 朴 = Piao) or, without hanja, of any hanja
      with the person's Korean readings (scored lower).
    - non-Korean aliases: Russian names (Hegai Aleksei Ivanovich, A. I. Hegai) and abbreviations
      (KIS, capital letters only).

Scores are in [0, 1]: 1.0 an attested form or the person's own hangul/hanja, 0.95–0.98 an exact
generated form or alias, 0.92 a surname-last or inflected reading, 0.80–0.88 pinyin guessed from
unknown hanja, at most about 0.87 a near (fuzzy) match. Nothing under 0.70 is returned.
`ambiguous` is set when the best two are within 0.05 of each other; `Resolution.confident` needs
0.90 and no ambiguity, so a fuzzy or guessed match is never confident.
"""
from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from . import chinese
from . import fold as fold_mod
from . import hanja as hanja_mod
from .hangul import has_hangul, is_syllable, split_name, to_dprk_candidates, to_rok
from .keys import SurnameIndex, dprk_surname, encode, given_keys
from .romanize import renderings

MIN_SCORE = 0.70          # below this nothing is a candidate
CONFIDENT = 0.90          # a top candidate at or above this, and not ambiguous, is confident
AMBIGUOUS_GAP = 0.05      # best two closer than this cannot be told apart by the name alone
FUZZY_CUTOFF = 0.78       # normalized Levenshtein similarity of given-name codes (keys.py)
EXACT = 0.95              # an exact given-name code match of a generated rendering
FULL_FORM = 0.98          # the folded query equals a known form of the person
REVERSED = 0.97           # surname read from the last token (Il Sung Kim)
COMMA = 0.99              # "Sung, Kim Il": the part before the comma moved to the end
FALLBACK_FOLD = 0.98      # an English reading of a form whose declared language is another
OTHER_FOLD = 0.99         # language unknown: readings other than English
SURNAME_BY_CODE = 0.97    # surname known only by its class code, not its spelling
INFLECTED = 0.97          # the last word read without a case ending (Ким Ир Сена)
FOREIGN_FORM = 0.99       # the query is a whole known form of a non-Korean person
CHINESE_FIRST = 0.90      # a pinyin-spelled name matched by no whole Korean form: Korean readings weigh less
PINYIN_GUESS = 0.80       # pinyin from a guess at unknown hanja, plus up to 0.08 for common readings
KIND_WEIGHT = {"generated": 1.0, "authority": 1.0, "attested": 1.0, "alias": 0.98}
_KIND_RANK = {"generated": 0, "authority": 1, "alias": 2, "attested": 3}

# Accepted `lang` values; et, fr, da, it, mn, sq and sk fold like a close language (fold.LATIN_FOLD).
KNOWN_LANGS = frozenset({"ru", "hu", "pl", "cs", "ro", "bg", "de", "en", "zh", "ko",
                         "et", "fr", "da", "it", "mn", "sq", "sk"})

_SIC = re.compile(r"\[\s*sic\s*!?\s*\]|\(\s*sic\s*!?\s*\)", re.IGNORECASE)
_BRACKETS = re.compile(r"[\[\(]([^\]\)]*)[\]\)]")
_ROK_NOTE = re.compile(r"^\s*(?:ROK|DPRK|RR|MR)\s*:\s*", re.IGNORECASE)
# Titles and forms of address that precede names in the documents; dropped before reading.
_TITLES = frozenset(fold_mod.fold(t) for t in (
    "comrade", "marshal", "general", "premier", "minister", "ambassador", "chairman", "vice", "deputy",
    "mr", "mrs", "dr", "tov", "tovarishch", "товарищ", "товарища", "товарищу", "товарищем", "тов", "т",
    "маршал", "маршала", "генерал", "посол", "министр", "председатель", "премьер", "заместитель",
    "elvtárs", "elvtársat", "elvtársnak", "elvtárssal", "genosse", "genossen", "towarzysz", "towarzysza",
    "towarzyszem", "soudruh", "soudruha", "soudruhem", "soudruhu", "s", "tovarăşul", "tovarăşului", "lui",
    "другарят", "другаря", "другар", "camarade", "compagno", "kamerat", "seltsimees"))
# Case endings that inflected languages put on the last word of a foreign name (Ким Ир Сена,
# Kim Ir Senem, Kim Ir Szennel), as they appear after folding. Tried only when the name as
# written matched nobody exactly, and only for exact matches of what is left.
_ENDINGS = {
    "ru": ("ŭm", "om", "em", "oi", "oyu", "yu", "ya", "a", "u", "e", "ŭ"),
    "bg": ("a", "ŭt", "ya"),
    "pl": ("ovi", "em", "ie", "a", "u", "om"),
    "cs": ("ovi", "em", "om", "a", "e", "u"),
    "hu": ("nak", "nek", "val", "vel", "nal", "nel", "hoz", "hez", "tol", "tel", "rol", "rel", "ban", "ben",
           "ba", "be", "ra", "re", "al", "el", "ot", "et", "t"),
    "de": ("s",),
    "en": ("s",),
}
_ENDINGS["mn"] = _ENDINGS["ru"]
_ENDINGS["sk"] = _ENDINGS["cs"]
_NOT_LETTERS = re.compile(r"[\s.\-]")
_NOT_AZ = re.compile(r"[^a-z]")
_SCRIPT = re.compile("([\uac00-\ud7a3\u3131-\u318e])|([\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff])|"
                     "([\u0400-\u04ff])")
_WORDS = re.compile(r"[^\W\d_]+")
_SPACE_OR_HYPHEN = re.compile(r"[\s\-]+")


def language_of(label: str | None) -> str | None:
    """Language code from a free-text label: "ru->en translit" → en, "hu (press)" → hu,
    "hangul (ROK)" → ko, "zh pinyin" → zh, "MR (Lankov)" → en. Unknown → None."""
    if not label:
        return None
    head = label.lower().split("(")[0]
    for token in re.split(r"[\s/,]+", head):
        token = token.split("->")[-1].strip()
        if token in KNOWN_LANGS:
            return token
        if token in ("hangul", "korean"):
            return "ko"
        if token in ("mr", "rr", "rr-style", "dprk", "english"):
            return "en"
        if token in ("pinyin", "hanja", "chinese"):
            return "zh"
    return None


# ---------------------------------------------------------------------------------------------
# Records

@dataclass(frozen=True)
class AuthorityPerson:
    person_id: str
    hangul: str                  # DPRK spelling, the key
    mr: str
    hanja: str = ""
    rr: str = ""
    hangul_rok: str = ""         # ROK spelling; computed from hangul when empty
    aliases: tuple[tuple[str, str, str], ...] = ()   # (alias, alias_type, language)
    attested: tuple[tuple[str, str], ...] = ()       # (form, language)

    @property
    def rok(self) -> str:
        return self.hangul_rok or to_rok(self.hangul)


@dataclass(frozen=True)
class ForeignPerson:
    """A person whose name is not Korean (Zhou Enlai, Aleksandr Puzanov): known only by the forms
    given, each matched whole, so that such a name is claimed by its own record instead of read
    as a Korean one that sounds alike."""
    person_id: str
    name: str
    forms: tuple[tuple[str, str], ...] = ()  # (form, language)


class Candidate(NamedTuple):
    person_id: str
    hangul: str
    mr: str
    score: float
    matched_form: str

    def to_json(self) -> dict:
        return {"person_id": self.person_id, "hangul": self.hangul, "mr": self.mr,
                "score": round(self.score, 3), "matched_form": self.matched_form}


class Resolution(NamedTuple):
    query: str
    candidates: tuple[Candidate, ...] = ()
    ambiguous: bool = False

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def confident(self) -> bool:
        """A single best candidate that the name alone supports (no correction without this)."""
        return bool(self.candidates) and not self.ambiguous and self.candidates[0].score >= CONFIDENT

    def to_json(self) -> dict:
        return {"query": self.query, "ambiguous": self.ambiguous,
                "candidates": [c.to_json() for c in self.candidates]}


def _split_mr(cell: str) -> tuple[str, list[str]]:
    """"Ri Sang-jo (ROK: Yi Sang-jo)" → ("Ri Sang-jo", ["Yi Sang-jo"])."""
    extra = [_ROK_NOTE.sub("", m).strip() for m in _BRACKETS.findall(cell)]
    return _BRACKETS.sub("", cell).strip(), [e for e in extra if e]


def load_authority(seed_tsv: Path | str, aliases_tsv: Path | str | None = None) -> list[AuthorityPerson]:
    """Read the seed (person_id, mr, hangul, hanja, rr) and, optionally, the typed aliases.

    The ROK spelling noted in an MR cell ("(ROK: Yi Sang-jo)") becomes an alias of type other;
    the ROK hangul is derived by the initial-sound rule."""
    aliases: dict[str, list[tuple[str, str, str]]] = {}
    if aliases_tsv and Path(aliases_tsv).exists():
        with open(aliases_tsv, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
                if row.get("person_id") and row.get("alias"):
                    aliases.setdefault(row["person_id"].strip(), []).append(
                        (row["alias"].strip(), (row.get("alias_type") or "other").strip(),
                         (row.get("language") or "").strip()))
    people = []
    with open(seed_tsv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            pid = row["person_id"].strip()
            mr, notes = _split_mr(row.get("mr", ""))
            extra = [(n, "other", "en") for n in notes]
            people.append(AuthorityPerson(
                person_id=pid, hangul=row["hangul"].strip(), mr=mr, hanja=(row.get("hanja") or "").strip(),
                rr=(row.get("rr") or "").strip(), aliases=tuple(extra + aliases.get(pid, []))))
    return people


def attach_attested(people: list[AuthorityPerson], variants_tsv: Path | str,
                    kinds: Iterable[str] = ("attested", "kb")) -> list[AuthorityPerson]:
    """Add the variants of a variants TSV (variant, script_or_language, canonical_mr, hangul,
    source) whose source kind is in `kinds` as attested forms, matched to people by hangul."""
    kinds = set(kinds)
    by_hangul: dict[str, list[tuple[str, str]]] = {}
    with open(variants_tsv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["source"].split(":")[0] in kinds:
                by_hangul.setdefault(row["hangul"].strip(), []).append(
                    (row["variant"], language_of(row["script_or_language"]) or ""))
    return [replace(p, attested=p.attested + tuple(by_hangul.get(p.hangul, ()))) for p in people]


# ---------------------------------------------------------------------------------------------
# The index

@dataclass
class _Block:
    """All given-name codes of one surname, for fuzzy comparison."""
    codes: list[str] = field(default_factory=list)
    owners: list[list[tuple[int, str, float]]] = field(default_factory=list)  # (person, form, weight)
    position: dict[str, int] = field(default_factory=dict)

    def add(self, code: str, pidx: int, form: str, weight: float) -> None:
        i = self.position.get(code)
        if i is None:
            self.position[code] = i = len(self.codes)
            self.codes.append(code)
            self.owners.append([])
        if not any(o[0] == pidx for o in self.owners[i]):
            self.owners[i].append((pidx, form, weight))


class NameMatcher:
    """Index every person's forms once; `resolve` a written name to ranked candidates."""

    def __init__(self, people: Iterable[AuthorityPerson], foreign: Iterable[ForeignPerson] = ()) -> None:
        self.people: list[AuthorityPerson] = list(people)
        self._by_id = {p.person_id: i for i, p in enumerate(self.people)}
        self._forms: list[list[tuple[str, str, str]]] = [[] for _ in self.people]
        self._exact_forms: dict[str, dict[int, str]] = {}  # display key → person → form as written
        # Folded word → class code for every word of every known form: coding a query's words is
        # then a lookup (keys.encode only for words never seen in the authority's forms).
        self._token_codes: dict[str, str] = {}
        surnames = {split_name(p.hangul)[0] for p in self.people}
        self._surnames = SurnameIndex(surnames)
        self._blocks: dict[str, _Block] = {}
        self._full: dict[str, dict[int, tuple[float, str]]] = {}
        self._hangul: dict[str, dict[int, tuple[float, str]]] = {}
        self._hanja: dict[str, dict[int, tuple[float, str]]] = {}
        self._hanja_toned: dict[str, dict[int, tuple[float, str]]] = {}
        self._pinyin: dict[str, dict[int, tuple[float, str]]] = {}
        self._abbrev: dict[str, dict[int, tuple[float, str]]] = {}
        self._alias_names: list[tuple[int, str, list[str], str]] = []  # (person, alias, tokens, head)
        self._alias_tokens: dict[str, list[int]] = {}
        for pidx, person in enumerate(self.people):
            self._index_person(pidx, person)
        self._neighbours = self._build_neighbours()
        for key in self._full:
            for token in key.split():
                if token not in self._token_codes:
                    self._token_codes[token] = encode(token)
        self._alias_prefixes = {t[:3] for _p, _a, tokens, _h in self._alias_names for t in tokens}
        self._foreign: dict[str, dict[int, tuple[float, str]]] = {}
        for person in foreign:
            self._index_foreign(person)

    # -- building ----------------------------------------------------------------------------

    @staticmethod
    def _put(table: dict[str, dict[int, tuple[float, str]]], key: str, pidx: int, score: float, form: str) -> None:
        slot = table.setdefault(key, {})
        if pidx not in slot or slot[pidx][0] < score:
            slot[pidx] = (score, form)

    def _form(self, pidx: int, form: str, system: str, kind: str) -> None:
        """Record a form for `forms()`: one entry per spelling, the best-evidenced kind winning
        (an attested form that a rule also generates is listed as attested, with its language)."""
        if not form:
            return
        self._exact_forms.setdefault(_display_key(form), {}).setdefault(pidx, form)
        entries = self._forms[pidx]
        for i, (known, _system, known_kind) in enumerate(entries):
            if known == form:
                if _KIND_RANK[kind] > _KIND_RANK[known_kind]:
                    entries[i] = (form, system, kind)
                return
        entries.append((form, system, kind))

    def _index_hangul_name(self, pidx: int, hangul: str, kind: str, hanja: str = "") -> None:
        """Renderings of a hangul name in every system: codes, full forms, display list."""
        weight = KIND_WEIGHT[kind]
        surname, given = split_name(hangul)
        block = self._blocks.setdefault(dprk_surname(surname), _Block())
        if given:
            for code, (form, _system) in given_keys(hangul, vocabulary=self._token_codes).items():
                block.add(code, pidx, form, weight)
        for system, forms in renderings(hangul, hanja).items():
            lang = "en" if system == "pinyin" else _system_lang(system)
            for form in forms:
                self._form(pidx, form, system, "generated" if kind in ("generated", "authority") else kind)
                self._put(self._full, _full_key(fold_mod.fold(form, lang)), pidx, FULL_FORM * weight, form)

    def _index_latin_name(self, pidx: int, form: str, lang: str | None, kind: str, alias_type: str = "") -> None:
        """A romanized or Cyrillic alias / attested form: as a full form, and as a Korean name when
        its first token is a surname (Kim Mu-chong), else as a foreign name (Hegai, Jakov Nam)."""
        weight = KIND_WEIGHT[kind]
        folded = fold_mod.fold(form, lang or "en")
        full_score = 1.0 if kind == "attested" else FULL_FORM * weight
        self._put(self._full, _full_key(folded), pidx, full_score, form)
        letters = _NOT_LETTERS.sub("", form)
        if alias_type == "abbreviation" or (letters.isupper() and letters.isalpha() and len(letters) <= 5
                                             and len(form.split()) == 1):
            self._put(self._abbrev, letters.upper(), pidx, 0.95, form)
            return
        tokens = folded.split()
        surnames, exact = self._surnames.lookup(tokens[0]) if len(tokens) >= 2 else (frozenset(), False)
        if exact and alias_type != "russian_name" and len(tokens) <= 5:
            code = encode(" ".join(tokens[1:]))
            for s in surnames:
                self._blocks.setdefault(s, _Block()).add(code, pidx, form, weight)
            return
        loose_tokens = [t for t in fold_mod.loose(form).split() if len(t) > 1]
        if loose_tokens:
            head = loose_tokens[0]
            if len(loose_tokens) > 1 and not alias_type == "russian_name":
                head = max(loose_tokens, key=len)
            aid = len(self._alias_names)
            self._alias_names.append((pidx, form, loose_tokens, head))
            for t in set(loose_tokens):
                self._alias_tokens.setdefault(t, []).append(aid)

    def _index_person(self, pidx: int, p: AuthorityPerson) -> None:
        hangul = "".join(c for c in p.hangul if is_syllable(c))
        self._put(self._hangul, hangul, pidx, 1.0, p.hangul)
        self._form(pidx, p.hangul, "hangul", "authority")
        rok = "".join(c for c in p.rok if is_syllable(c))
        if rok != hangul:
            self._put(self._hangul, rok, pidx, 0.99, rok)
            self._form(pidx, rok, "hangul_rok", "authority")
        for field_value, system in ((p.mr, "mr"), (p.rr, "rr")):
            if field_value:
                self._form(pidx, field_value, system, "authority")
                self._index_latin_name(pidx, field_value, "en", "authority")
        self._index_hangul_name(pidx, hangul, "generated", p.hanja)
        if rok != hangul:
            self._index_hangul_name(pidx, rok, "generated")
        if p.hanja:
            self._form(pidx, p.hanja, "hanja", "authority")
            self._index_hanja(pidx, p.hanja, 1.0)
        self._index_pinyin(pidx, hangul, p.hanja)
        for alias, alias_type, language in p.aliases:
            self._form(pidx, alias, language or "alias", "alias")
            self._index_any(pidx, alias, language, "alias", alias_type)
        for form, language in p.attested:
            self._form(pidx, form, language or "attested", "attested")
            self._index_any(pidx, form, language, "attested")

    def _index_foreign(self, person: ForeignPerson) -> None:
        pidx = len(self.people)
        self.people.append(AuthorityPerson(person_id=person.person_id, hangul="", mr=person.name))
        self._by_id[person.person_id] = pidx
        self._forms.append([])
        for form, language in ((person.name, "en"), *person.forms):
            self._form(pidx, form, language, "attested")
            for key in _foreign_keys(form, language):
                self._put(self._foreign, key, pidx, FOREIGN_FORM, form)

    def _index_any(self, pidx: int, form: str, language: str | None, kind: str, alias_type: str = "") -> None:
        form = _SIC.sub(" ", form).strip()
        if has_hangul(form):
            h = "".join(c for c in form if is_syllable(c))
            self._put(self._hangul, h, pidx, 1.0 if kind == "attested" else 0.97, form)
            if kind == "alias" and len(h) >= 2:
                self._index_hangul_name(pidx, h, "alias")
        elif hanja_mod.has_han(form):
            self._index_hanja(pidx, form, 1.0 if kind == "attested" else 0.97)
        else:
            self._index_latin_name(pidx, form, language_of(language) or language or "en", kind, alias_type)

    def _index_hanja(self, pidx: int, hanja: str, score: float) -> None:
        chars = "".join(c for c in hanja if hanja_mod.is_han(c))
        if not chars:
            return
        self._put(self._hanja, hanja_mod.to_traditional(chars), pidx, score, hanja)
        self._put(self._hanja_toned, hanja_mod.toned_key(chars), pidx, score * 0.97, hanja)

    def _index_pinyin(self, pidx: int, hangul: str, hanja: str) -> None:
        """Joined pinyin → person: from the hanja when known, else from every hanja reading of
        the person's Korean syllables (weaker evidence)."""
        if hanja:
            readings = hanja_mod.pinyin_readings(hanja, heteronyms=True)
            for combo in itertools.islice(itertools.product(*readings), 64):
                self._put(self._pinyin, "".join(combo), pidx, 0.97, hanja_mod._format_pinyin(list(combo)))
            plain = hanja_mod.lazy_surname(hanja[0])
            if readings and plain and plain != readings[0][0]:
                self._put(self._pinyin, plain + "".join(r[0] for r in readings[1:]), pidx, 0.92,
                          hanja_mod._format_pinyin([plain] + [r[0] for r in readings[1:]]))
            return
        surname, given = split_name(hangul)
        rok = to_rok(hangul)
        surname_readings = hanja_mod.SURNAME_PINYIN_BY_HANGUL.get(surname) or tuple(hanja_mod.mandarin_readings(surname))
        options: list[list[tuple[str, float]]] = [[(r, 1.0) for r in surname_readings]]
        for i, syl in enumerate(given):
            readings = dict(hanja_mod.mandarin_readings(syl))
            if i == 0:  # ROK spelling of the first given syllable (량 → 양) reads the same hanja
                for r, w in hanja_mod.mandarin_readings(split_name(rok)[1][:1]).items():
                    readings[r] = max(w, readings.get(r, 0.0))
            options.append(sorted(readings.items(), key=lambda t: -t[1]))
        if not all(options):
            return
        for combo in itertools.islice(itertools.product(*options), 20000):
            weight = min((w for _, w in combo[1:]), default=1.0)
            self._put(self._pinyin, "".join(r for r, _ in combo), pidx, PINYIN_GUESS + 0.08 * weight,
                      hanja_mod._format_pinyin([r for r, _ in combo]))

    def _build_neighbours(self) -> dict[tuple[str, str], list[tuple[int, float, str]]]:
        """For every code of a block, the other people whose codes are near it: the runners-up
        of an exact hit, computed once instead of per query."""
        out: dict[tuple[str, str], list[tuple[int, float, str]]] = {}
        for surname, block in self._blocks.items():
            for i, code in enumerate(block.codes):
                owners = {o[0] for o in block.owners[i]}
                best: dict[int, tuple[float, str]] = {}
                for _c, sim, j in process.extract(code, block.codes, scorer=Levenshtein.normalized_similarity,
                                                   score_cutoff=FUZZY_CUTOFF, limit=None):
                    if j == i:
                        continue
                    for pidx, form, weight in block.owners[j]:
                        s = sim * weight
                        if pidx not in owners and (pidx not in best or best[pidx][0] < s):
                            best[pidx] = (s, form)
                if best:
                    out[(surname, code)] = [(p, s, f) for p, (s, f) in best.items()]
        return out

    # -- resolving ---------------------------------------------------------------------------

    def resolve(self, query: str, lang: str | None = None, k: int = 3) -> Resolution:
        """Rank the people a written name may stand for (see the module docstring)."""
        lang = _normalize_lang(lang)
        found: dict[int, tuple[float, str]] = {}
        for part, factor in _parts(query):
            # Later parts (the bracketed form, the uninverted reading) only matter when the
            # earlier ones found nobody clearly.
            if found and max(v[0] for v in found.values()) >= 0.9:
                break
            self._resolve_part(part, lang, factor, found)
        foreign = self._foreign_hits(query, lang) if self._foreign else {}
        if not foreign and found and max(v[0] for v in found.values()) < EXACT and chinese.all_pinyin(query):
            # A name that spells pinyin, and no Korean form of anyone matches it whole: read it
            # as Chinese first, so a sound-alike Korean is no longer a confident reading.
            found = {p: (score * CHINESE_FIRST, form) for p, (score, form) in found.items()}
        self._take(found, foreign, 1.0)
        if not found:
            return Resolution(query)
        ranked = sorted((-s, p, f) for p, (s, f) in found.items() if s >= MIN_SCORE)
        ranked = [(-s, p, f) for s, p, f in ranked]
        people = self.people
        same = self._exact_forms.get(_display_key(query))  # show the known form the query is
        candidates = tuple(
            Candidate(people[p].person_id, people[p].hangul, people[p].mr, s if s < 1.0 else 1.0,
                      same[p] if same and p in same else f)
            for s, p, f in ranked[:k])
        ambiguous = len(ranked) > 1 and ranked[0][0] - ranked[1][0] < AMBIGUOUS_GAP
        return Resolution(query, candidates, ambiguous)

    def is_korean_surname(self, word: str, lang: str | None = None) -> bool:
        """A word spelled as some authority person's surname is spelled in some system (Pak, Пак, Bak)."""
        folded = fold_mod.fold(word, _normalize_lang(lang) or "en").split()
        return len(folded) == 1 and self._surnames.lookup(folded[0], by_code=False)[1]

    def _foreign_hits(self, query: str, lang: str | None) -> dict[int, tuple[float, str]]:
        hits: dict[int, tuple[float, str]] = {}
        for part, factor in _parts(query):
            for key in _foreign_keys(part, lang):
                self._take(hits, self._foreign.get(key), factor)
        return hits

    @staticmethod
    def _take(found: dict[int, tuple[float, str]], hits: dict[int, tuple[float, str]] | None, factor: float) -> None:
        if hits:
            for pidx, (score, form) in hits.items():
                s = score * factor
                if pidx not in found or found[pidx][0] < s:
                    found[pidx] = (s, form)

    def _resolve_part(self, text: str, lang: str | None, factor: float, found: dict[int, tuple[float, str]]) -> None:
        script = _SCRIPT.search(text)
        kind = script.lastindex if script else 0  # 1 hangul, 2 han, 3 Cyrillic, 0 Latin
        if kind == 1:
            h = "".join(c for c in text if is_syllable(c))
            hits = self._hangul.get(h)
            if hits:
                self._take(found, hits, factor)
            else:
                for cand in to_dprk_candidates(h)[1:]:
                    self._take(found, self._hangul.get(cand), factor * 0.98)
            return
        if kind == 2:
            self._resolve_hanja(text, factor, found)
            return
        if self._abbrev:
            hits = self._abbrev.get(text.replace(".", "").replace(" ", ""))
            if hits:
                self._take(found, hits, factor)
        if kind == 0 and self._pinyin:
            self._resolve_pinyin(text, lang, factor, found)
        strong = False
        for score, _form in found.values():
            if score >= 0.9:
                strong = True
                break
        exact = self._resolve_korean(text, lang, factor, found, fuzzy=not strong)
        if not exact and not strong and self._alias_names and (kind == 3 or self._alias_gate(text)):
            self._resolve_alias_names(text, factor, found)

    def _alias_gate(self, text: str) -> bool:
        """Cheap test that a Latin query shares a word start with some non-Korean alias."""
        prefixes = self._alias_prefixes
        for word in _WORDS.findall(text.lower()):
            if word.replace("kh", "h").replace("j", "y").replace("w", "v").replace("x", "ks")[:3] in prefixes:
                return True
        return False

    def _resolve_hanja(self, text: str, factor: float, found: dict[int, tuple[float, str]]) -> None:
        chars = hanja_mod.to_traditional("".join(c for c in text if hanja_mod.is_han(c)))
        hits = self._hanja.get(chars) or self._hanja_toned.get(hanja_mod.toned_key(chars))
        if hits:
            self._take(found, hits, factor)
            return
        for h in hanja_mod.hangul_spellings(chars):
            self._take(found, self._hangul.get(h), factor * 0.9)

    def _resolve_pinyin(self, text: str, lang: str | None, factor: float, found: dict[int, tuple[float, str]]) -> None:
        low = text.lower()
        if not low.isascii():
            low = fold_mod._strip_marks(low)  # tone marks
        hits = self._pinyin.get(_NOT_AZ.sub("", low))
        if not hits:
            return
        tokens = _SPACE_OR_HYPHEN.split(low.replace("'", "").replace("’", "").strip())
        if not 2 <= len(tokens) <= 4 or not all(t.isalpha() and hanja_mod.is_pinyin_word(t) for t in tokens):
            return
        self._take(found, hits, factor * (1.0 if lang in (None, "zh") else 0.92))

    def _resolve_alias_names(self, text: str, factor: float, found: dict[int, tuple[float, str]]) -> None:
        words = fold_mod.loose(text).split()
        full = [w for w in words if len(w) > 1]
        initials = [w for w in words if len(w) == 1]
        if not full:
            return
        candidates = {aid for w in full for aid in self._alias_tokens.get(w, ())}
        for aid in candidates:
            pidx, alias, tokens, head = self._alias_names[aid]
            if not all(w in tokens for w in full) or head not in full:
                continue
            rest = [t for t in tokens if t not in full]
            if any(not any(t.startswith(i) for t in rest) for i in initials):
                continue
            # A lone Korean surname (Nam) is not evidence for the Russian name Nam Yakov Petrovich.
            if len(full) == 1 and self._surnames.lookup(head)[1]:
                continue
            score = 0.97 if len(full) + len(initials) >= 2 else 0.93
            self._take(found, {pidx: (score, alias)}, factor)

    def _resolve_korean(self, text: str, lang: str | None, factor: float, found: dict[int, tuple[float, str]],
                        fuzzy: bool = True) -> bool:
        """The Korean reading of a Latin or Cyrillic form; True when some given-name code matched
        exactly (then the precomputed neighbours stand in for a fuzzy search).

        Foldings are tried in order (declared language, then English; or every language, English
        first) and the first that matches exactly wins; the surname is read from the first token,
        and only when that finds nothing exact, from the last ("Il Sung Kim")."""
        pending: list[tuple[str, str, float]] = []
        exact_keys: list[tuple[str, str, float]] = []
        blocks = self._blocks
        parsed: list[tuple[list[str], float]] = []
        for n, (flang, folded) in enumerate(fold_mod.iter_folds(text, lang)):
            tokens = folded.split()
            if not _TITLES.isdisjoint(tokens):
                tokens = [t for t in tokens if t not in _TITLES]
            if not 2 <= len(tokens) <= 5:
                continue
            ffactor = factor if n == 0 or (lang is None and flang == "en") else \
                factor * (OTHER_FOLD if lang is None else FALLBACK_FOLD)
            full = self._full.get(" ".join(tokens))
            if full:
                self._take(found, full, ffactor)
            parsed.append((tokens, ffactor))
            self._read(tokens[0], tokens[1:], ffactor, found, exact_keys, pending)
            if exact_keys:
                break
        reversed_pending: list[tuple[str, str, float]] = []
        if not exact_keys:
            for tokens, ffactor in parsed:
                self._read(tokens[-1], tokens[:-1], ffactor * REVERSED, found, exact_keys, reversed_pending, False)
        if not exact_keys:
            self._read_inflected(parsed, lang, found, exact_keys)
        if exact_keys:
            for s, code, f in exact_keys:
                for pidx, sim, form in self._neighbours.get((s, code), ()):
                    score = EXACT * sim * f
                    old = found.get(pidx)
                    if old is None or old[0] < score:
                        found[pidx] = (score, form)
            return True
        if not fuzzy:
            return False
        # Near matches: surname-first readings; the surname-last ones only if those found nobody.
        seen: set[tuple[str, str]] = set()
        for group in (pending, reversed_pending):
            hit = False
            for s, code, f in group:
                if (s, code) in seen:
                    continue
                seen.add((s, code))
                block = blocks[s]
                for _c, sim, j in process.extract(code, block.codes, scorer=Levenshtein.normalized_similarity,
                                                   score_cutoff=FUZZY_CUTOFF, limit=None):
                    hit = True
                    for pidx, form, weight in block.owners[j]:
                        score = EXACT * sim * weight * f
                        old = found.get(pidx)
                        if old is None or old[0] < score:
                            found[pidx] = (score, form)
            if hit:
                break
        return False

    def _read_inflected(self, parsed: list[tuple[list[str], float]], lang: str | None,
                        found: dict[int, tuple[float, str]], exact_keys: list) -> None:
        """The last word without a case ending (Ким Ир Сена → Ким Ир Сен); exact matches only."""
        endings = _ENDINGS.get(lang or "", ()) if lang else tuple(dict.fromkeys(
            e for v in _ENDINGS.values() for e in v))
        if not endings:
            return
        for tokens, ffactor in parsed[:1]:
            last = tokens[-1]
            if last in endings and len(tokens) > 2:  # a hyphenated ending: Kim Ir Szen-nel
                self._read(tokens[0], tokens[1:-1], ffactor * INFLECTED, found, exact_keys, [])
            for ending in endings:
                if last.endswith(ending) and len(last) - len(ending) >= 2:
                    ignored: list = []
                    self._read(tokens[0], tokens[1:-1] + [last[:-len(ending)]], ffactor * INFLECTED, found,
                               exact_keys, ignored)

    def _read(self, sur_token: str, given: list[str], f: float, found: dict[int, tuple[float, str]],
              exact_keys: list, pending: list, by_code: bool = True) -> None:
        """One reading of the tokens: this surname, this given name."""
        if len(given) > 4:
            return
        codes = self._token_codes
        surnames, exact = self._surnames.lookup(sur_token, codes.get(sur_token), by_code)
        if not surnames:
            return
        code = "".join([codes.get(t) or encode(t) for t in given])
        if not exact:
            f *= SURNAME_BY_CODE
        for s in surnames:
            block = self._blocks.get(s)
            if block is None:
                continue
            i = block.position.get(code)
            if i is None:
                pending.append((s, code, f))
                continue
            for pidx, form, weight in block.owners[i]:
                score = EXACT * weight * f
                old = found.get(pidx)
                if old is None or old[0] < score:
                    found[pidx] = (score, form)
            exact_keys.append((s, code, f))

    # -- display -----------------------------------------------------------------------------

    def forms(self, person_id: str) -> list[tuple[str, str, str]]:
        """Every known form of a person: (form, system or language, kind), kind being generated,
        alias, attested or authority (the seed's own hangul, hanja, MR and RR)."""
        pidx = self._by_id.get(person_id)
        return list(self._forms[pidx]) if pidx is not None else []


# ---------------------------------------------------------------------------------------------
# Helpers

def _system_lang(system: str) -> str:
    from .romanize import SYSTEMS
    return SYSTEMS[system].fold_lang if system in SYSTEMS else "en"


def _display_key(form: str) -> str:
    return " ".join(form.replace("-", " ").casefold().split())


def _foreign_keys(form: str, lang: str | None) -> set[str]:
    """A whole foreign name's keys: its characters (traditional), or its folded spellings."""
    chars = "".join(c for c in form if hanja_mod.is_han(c))
    if chars:
        return {hanja_mod.to_traditional(chars)}
    return {_full_key(folded) for _lang, folded in fold_mod.iter_folds(form, _normalize_lang(lang))} - {""}


def _full_key(folded: str) -> str:
    return " ".join(t for t in folded.split() if t not in _TITLES)


def _normalize_lang(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.lower().strip()
    return lang if lang in KNOWN_LANGS else language_of(lang)


def _parts(query: str) -> list[tuple[str, float]]:
    """The readings of a raw query: [sic] dropped; "A [B]" tried as A and B; "X, Y Z" tried as
    "Y Z X" (library inversion) and as written."""
    if "[" not in query and "(" not in query and "," not in query:
        return [(query, 1.0)]
    text = _SIC.sub(" ", query)
    pieces = [m.strip() for m in _BRACKETS.findall(text)]
    outside = _BRACKETS.sub(" ", text).strip()
    out: list[tuple[str, float]] = []
    for piece in [outside] + [_ROK_NOTE.sub("", p) for p in pieces]:
        piece = " ".join(piece.split())
        if not piece:
            continue
        if "," in piece:
            before, _, after = piece.partition(",")
            if before.strip() and after.strip():
                out.append((f"{after.strip()} {before.strip()}", COMMA))
            piece = piece.replace(",", " ")
        out.append((piece, 1.0))
    return out
