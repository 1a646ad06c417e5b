"""Hangul syllables by Unicode arithmetic, and the ROK/DPRK initial-sound rule.

A precomposed syllable is 0xAC00 + (initial × 21 + vowel) × 28 + final, so decomposition needs no
tables or packages. Jamo are returned as compatibility letters (ㄱ, ㅏ) so the romanization
tables in romanize.py read naturally.

The DPRK writes word-initial ㄹ and ㄴ as they are (리효순, 림춘추, 강량욱, 로동); the ROK applies the
initial-sound rule 두음법칙 (이효순, 임춘추, 강양욱, 노동). The authority keys on the DPRK spelling and
keeps the ROK spelling as an alternate key. In names the rule applies to the surname and to the
first syllable of the given name, which the ROK treats as word-initial.
"""
from __future__ import annotations

import re
from typing import NamedTuple

BASE, LAST = 0xAC00, 0xD7A3
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ",
          "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")

# Two-syllable surnames; every other Korean surname is one syllable.
DOUBLE_SURNAMES = frozenset({"남궁", "제갈", "선우", "황보", "독고", "사공", "서문", "동방", "망절"})

# Vowels that make initial ㄹ/ㄴ drop entirely in ROK spelling (리 → 이, 녀 → 여); before the
# others ㄹ becomes ㄴ (로 → 노, 라 → 나).
_Y_VOWELS = frozenset("ㅑㅒㅕㅖㅛㅠㅣ")


class Syllable(NamedTuple):
    initial: str  # "ㅇ" for a vowel-initial syllable
    vowel: str
    final: str  # "" when the syllable is open

    def compose(self) -> str:
        return compose(self.initial, self.vowel, self.final)


def is_syllable(ch: str) -> bool:
    return len(ch) == 1 and BASE <= ord(ch) <= LAST


_HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def decompose(ch: str) -> Syllable:
    index = ord(ch) - BASE
    if not 0 <= index <= LAST - BASE:
        raise ValueError(f"not a hangul syllable: {ch!r}")
    return Syllable(INITIALS[index // 588], VOWELS[index % 588 // 28], FINALS[index % 28])


def compose(initial: str, vowel: str, final: str = "") -> str:
    return chr(BASE + (INITIALS.index(initial) * 21 + VOWELS.index(vowel)) * 28 + FINALS.index(final))


def syllables(text: str) -> list[Syllable]:
    return [decompose(c) for c in text if is_syllable(c)]


def jamo(text: str) -> str:
    """The letters of a hangul string, for edit distances that see one changed letter as small."""
    return "".join("".join(decompose(c)).replace("ㅇ", "", 1) if is_syllable(c) else c for c in text)


def split_name(name: str) -> tuple[str, str]:
    """(surname, given) of a hangul name written without a space: 김일성 → (김, 일성)."""
    name = "".join(c for c in name if is_syllable(c))
    if len(name) >= 3 and name[:2] in DOUBLE_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def rok_initial(ch: str) -> str:
    """ROK spelling of a word-initial syllable: 리 → 이, 림 → 임, 량 → 양, 로 → 노, 녀 → 여."""
    if not is_syllable(ch):
        return ch
    s = decompose(ch)
    if s.initial == "ㄹ":
        return compose("ㅇ" if s.vowel in _Y_VOWELS else "ㄴ", s.vowel, s.final)
    if s.initial == "ㄴ" and s.vowel in _Y_VOWELS:
        return compose("ㅇ", s.vowel, s.final)
    return ch


def to_rok(name: str) -> str:
    """ROK spelling of a DPRK-spelled name: the rule on the surname and the first given syllable."""
    surname, given = split_name(name)
    if not surname:
        return name
    surname = rok_initial(surname[0]) + surname[1:]
    if given:
        given = rok_initial(given[0]) + given[1:]
    return surname + given


def dprk_initials(ch: str) -> list[str]:
    """DPRK spellings a ROK word-initial syllable may stand for: 이 → 이, 리, 니; 노 → 노, 로."""
    if not is_syllable(ch):
        return [ch]
    s = decompose(ch)
    out = [ch]
    if s.initial == "ㅇ" and s.vowel in _Y_VOWELS:
        out += [compose("ㄹ", s.vowel, s.final), compose("ㄴ", s.vowel, s.final)]
    elif s.initial == "ㄴ" and s.vowel not in _Y_VOWELS:
        out.append(compose("ㄹ", s.vowel, s.final))
    return out


def to_dprk_candidates(name: str) -> list[str]:
    """Every DPRK spelling a (possibly ROK-spelled) name may have: 이효순 → 이효순, 리효순, 니효순."""
    surname, given = split_name(name)
    if not surname:
        return [name]
    out = []
    for s in dprk_initials(surname[0]):
        for g in (dprk_initials(given[0]) if given else [""]):
            out.append(s + surname[1:] + g + given[1:])
    return list(dict.fromkeys(out))
