"""Match keys: surname classes, and a consonant-and-vowel class code for the given name.

After folding (fold.py) every system still spells the same Korean sounds differently: ㄱ is k, g,
kk or к; ㅓ is ŏ, eo, o, u or Russian е. Keys collapse that variation into classes, following
names.md §4.2:

  consonants  K k/g/q   H h (Russian х)   T t/d   C ch/j/ts/zh/dz   S s/sh/x   P p/b/f
              L l/r     N n/ng            M m
  vowels      a   e (e, ae, ai, oe, oi)   i (i, ee)   o (o, ŏ, eo, yo …)   u (u, ŭ, eu, oo, ы)
  glides      y, w, v are dropped; aspiration marks (the h of th, ph, čch) are dropped.

A consonant is written as two letters, its group and itself (K = "Gk", H = "Gh", T = "Dt",
C = "Dc", S = "Ds", P = "Bp", N = "Rn", L = "Rl", M = "Rm"); a vowel as one. An ordinary edit
distance over these codes therefore charges 1 for a vowel change or for a consonant change inside
a group of likely confusions (C↔T for Ден = 정, K↔H, N↔L↔M), 2 for any other consonant change or a
lost consonant. That gives rapidfuzz weighted costs without a custom cost matrix.

Surnames are looked up, not compared: a table of about 45 classes (data/surnames.tsv) plus every
system's rendering of each surname, mapped to the DPRK hangul surname that blocks the index.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Iterable

from . import fold as fold_mod
from .hangul import is_syllable, rok_initial
from .romanize import SYSTEMS, format_name, name_options, surname_options

DATA = Path(__file__).with_name("data")

_MULTIGRAPHS = (("ng", "N"), ("ch", "C"), ("sh", "S"), ("kh", "H"), ("th", "t"), ("ph", "p"),
                ("ts", "C"), ("tz", "C"), ("zh", "C"), ("dz", "C"))
# An h right after a stop or affricate is an aspiration mark (čch, t'h, Cshek); after a vowel or a
# sonorant it is ㅎ (Kwanghyop), so only these lose it.
_ASPIRATION = tuple((c + "h", c) for c in "CStpkgdbjcz")
# Vowel letters that spell one Korean vowel. Applied in this order, so "oei" (Hoeil) → "ei" → "e":
# the same chain runs on the authority's forms, so run-together spellings still meet.
_CLUSTERS = (("eo", "o"), ("eu", "u"), ("ae", "e"), ("ai", "e"), ("oe", "e"), ("oi", "e"), ("ee", "i"),
             ("oo", "u"), ("ou", "u"), ("ei", "e"), ("ie", "e"), ("ia", "a"), ("io", "o"), ("iu", "u"),
             ("ua", "a"), ("uo", "o"), ("ue", "e"), ("ao", "o"))
_CODE = {
    "N": "Rn", "n": "Rn", "m": "Rm", "l": "Rl", "r": "Rl",
    "C": "Dc", "j": "Dc", "z": "Dc", "q": "Dc", "c": "Dc", "t": "Dt", "d": "Dt", "S": "Ds", "s": "Ds", "x": "Ds",
    "k": "Gk", "g": "Gk", "H": "Gh", "h": "Gh", "p": "Bp", "b": "Bp", "f": "Bp",
    "a": "a", "e": "e", "i": "i", "o": "o", "u": "u", "ŏ": "o", "ŭ": "u", "y": "y", "w": "w", "v": "w",
}
_TRANSLATE = str.maketrans({**{chr(i): None for i in range(0x20, 0x250) if chr(i) not in _CODE}, **_CODE})
_CLASS_NAME = {"Gk": "K", "Gh": "H", "Dt": "T", "Dc": "C", "Ds": "S", "Bp": "P", "Rn": "N", "Rl": "L", "Rm": "M"}


def encode(folded: str) -> str:
    """Class code of a folded name part: "il sung" → "iRlDsuRn"."""
    s = folded.replace("ŏ", "o").replace("ŭ", "u") if not folded.isascii() else folded
    for a, b in _MULTIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    if "h" in s:
        for a, b in _ASPIRATION:
            if a in s:
                s = s.replace(a, b)
    for a, b in _CLUSTERS:
        if a in s:
            s = s.replace(a, b)
    return s.translate(_TRANSLATE)


def skeleton(code: str) -> str:
    """Consonant classes of a code: "iRlDsuRn" → "LSN"."""
    return "".join(_CLASS_NAME[code[i:i + 2]] for i in range(len(code) - 1) if code[i].isupper())


def vowel_classes(code: str) -> str:
    """Vowel classes of a code, upper case: "iRlDsuRn" → "IU"."""
    return "".join(c.upper() for i, c in enumerate(code) if c in "aeiou" and not (i and code[i - 1].isupper()))


# ---------------------------------------------------------------------------------------------
# Surnames

def _read_surname_table() -> list[tuple[str, str, str, list[str]]]:
    rows = []
    for line in (DATA / "surnames.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        hangul, cls, lang, spellings = line.split("\t")
        rows.append((hangul, cls, lang, spellings.split()))
    return rows


SURNAME_TABLE = _read_surname_table()
SURNAME_CLASSES: dict[str, str] = {h: cls for h, cls, _, _ in SURNAME_TABLE}


def dprk_surname(surname: str) -> str:
    """DPRK spelling of a surname: ROK 이 → 리, 임 → 림, 노 → 로 (the index blocks on this)."""
    if surname in SURNAME_CLASSES or not surname or not is_syllable(surname[0]):
        return surname
    for cand in SURNAME_CLASSES:
        if cand[0] != surname[0] and rok_initial(cand[0]) + cand[1:] == surname:
            return cand
    return surname


_NONE: frozenset[str] = frozenset()


class SurnameIndex:
    """Folded spelling of a surname → DPRK hangul surnames it may stand for."""

    def __init__(self, surnames: Iterable[str] = ()) -> None:
        self.by_spelling: dict[str, frozenset[str]] = {}
        self.by_code: dict[str, frozenset[str]] = {}
        for hangul, _cls, lang, spellings in SURNAME_TABLE:
            for spelling in spellings:
                self._add(fold_mod.fold(spelling, lang), hangul)
        for hangul in set(SURNAME_CLASSES) | {dprk_surname(s) for s in surnames}:
            self.add_renderings(hangul)

    def _add(self, folded: str, hangul: str) -> None:
        folded = folded.replace(" ", "")
        if folded:
            self.by_spelling[folded] = frozenset(self.by_spelling.get(folded, ())) | {hangul}
            code = encode(folded)
            self.by_code[code] = frozenset(self.by_code.get(code, ())) | {hangul}

    def add_renderings(self, hangul: str) -> None:
        """Every system's spelling of the surname (and of its ROK spelling) → hangul."""
        spellings = {hangul}
        rok = rok_initial(hangul[0]) + hangul[1:]
        spellings.add(rok)
        for spelled in spellings:
            for key, system in SYSTEMS.items():
                for form in surname_options(spelled, key):
                    self._add(fold_mod.fold(form, system.fold_lang), hangul)

    def lookup(self, token: str, code: str | None = None, by_code: bool = True) -> tuple[frozenset[str], bool]:
        """(hangul surnames, exact) for a folded token; exact=False when only its class code matched
        (a spelling no table lists, such as Tscho). `code` saves encoding a token already coded."""
        found = self.by_spelling.get(token)
        if found:
            return found, True
        if not by_code or len(token) > 7:
            return _NONE, False
        found = self.by_code.get(code if code is not None else encode(token))
        return (found, False) if found else (_NONE, False)




# ---------------------------------------------------------------------------------------------
# Given names

def given_keys(hangul: str, max_per_system: int = 3000,
               vocabulary: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Every class code the given name of `hangul` may be written as, with one display form and
    system that produce it: {"iRlDsoRn": ("Kim Il Song", "mr_plain"), …}.

    Per system, the codes of each syllable's variants are combined (names written with spaces or
    hyphens: Ким Ир Сен), and the preferred variants are also joined into one word before coding
    (Ким Ильсон, Kim Ilszong), because a run-together spelling can merge letters across syllables.
    `vocabulary`, when given, collects folded syllable → code for the matcher's token table.
    """
    keys: dict[str, tuple[str, str]] = {}
    for key, system in SYSTEMS.items():
        for surnames, given in name_options(hangul, key):
            if not given:
                continue
            positions = []
            for alts in given:
                by_code: dict[str, tuple[str, str]] = {}
                for original in alts:
                    folded = fold_mod.fold(original, system.fold_lang)
                    code = encode(folded)
                    by_code.setdefault(code, (folded, original))
                    if vocabulary is not None:
                        vocabulary[folded] = code
                positions.append(by_code)
            sur = surnames[0] if surnames else ""
            style = system.formats[0]
            for combo in itertools.islice(itertools.product(*[list(p.items()) for p in positions]), max_per_system):
                code = "".join(c for c, _ in combo)
                if code not in keys:
                    keys[code] = (format_name(sur, [o for _, (_, o) in combo], style), key)
            top = [list(p.values())[:3] for p in positions]
            for combo in itertools.product(*top):
                code = encode("".join(f for f, _ in combo))
                if code not in keys:
                    keys[code] = (format_name(sur, [o for _, o in combo], "joined"), key)
    return keys
