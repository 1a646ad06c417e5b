"""The forms a Chinese person's name takes in the reports: pinyin, Wade–Giles, the Russian
(Palladius) transcription and the characters themselves.

Embassy reports wrote Zhou Enlai as "Chou En-lai", "Чжоу Эньлай" or "周恩来". A Chinese
person in the authority is found under each of these exactly, so that "Chen Yi" is read as the
marshal instead of being forced onto a Korean name that sounds alike (issue 19).
"""
from __future__ import annotations

import re

from pypinyin import Style
from pypinyin.style import convert

from . import hanja as hanja_mod

# pypinyin's Wade–Giles table writes "lai" as "lei"; Wade–Giles keeps "lai".
_WADE_GILES_FIXES = {"lai": "lai"}
_TONE_DIGITS = re.compile(r"\d")


def syllables(pinyin_name: str, hanzi: str) -> list[str] | None:
    """The pinyin syllables of the name, character by character, when the readings of the
    characters spell the pinyin as written (heteronyms are settled by the written form)."""
    chars = [c for c in hanzi if hanja_mod.is_han(c)]
    written = re.sub(r"[^a-z]", "", pinyin_name.lower())
    readings = hanja_mod.pinyin_readings("".join(chars), heteronyms=True)
    if len(readings) != len(chars):
        return None
    chosen: list[str] = []
    position = 0
    for options in readings:
        for option in sorted(options, key=len, reverse=True):
            if written.startswith(option, position):
                chosen.append(option)
                position += len(option)
                break
        else:
            return None
    return chosen if position == len(written) else None


def _styled(syllable: str, style: Style) -> str:
    if style == Style.WADEGILES and syllable in _WADE_GILES_FIXES:
        return _WADE_GILES_FIXES[syllable]
    return _TONE_DIGITS.sub("", convert(syllable, style, strict=True) or syllable)


def _name(parts: list[str], hyphen: bool) -> str:
    surname, given = parts[0].capitalize(), parts[1:]
    if not given:
        return surname
    joined = "-".join(given) if hyphen else "".join(given)
    return f"{surname} {joined[0].upper()}{joined[1:]}"


def chinese_forms(pinyin_name: str, hanzi: str) -> list[tuple[str, str]]:
    """(form, language) for every way the reports write the name; the pinyin as given first."""
    forms: list[tuple[str, str]] = [(pinyin_name, "zh-Latn")]
    parts = syllables(pinyin_name, hanzi)
    if parts:
        wade_giles = [_styled(p, Style.WADEGILES) for p in parts]
        cyrillic = [_styled(p, Style.CYRILLIC) for p in parts]
        forms += [(_name(parts, True), "zh-Latn"), (" ".join(p.capitalize() for p in parts), "zh-Latn"),
                  (_name(wade_giles, True), "en"), (_name([p.replace("'", "") for p in wade_giles], True), "en"),
                  (_name(cyrillic, False), "ru"), (_name(cyrillic, True), "ru")]
    chars = "".join(c for c in hanzi if hanja_mod.is_han(c))
    if chars:
        forms.append((chars, "zh"))  # simplified characters are read through to_traditional
    return list(dict.fromkeys(forms))


def all_pinyin(text: str) -> bool:
    """Every word of a Latin-script name spells pinyin syllables ("Chen Yi", "Zhou Enlai")."""
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and len(words) == len(text.split()) and all(_spells_pinyin(w) for w in words)


def _spells_pinyin(word: str) -> bool:
    known = hanja_mod.pinyin_syllables()
    ends = {0}
    for end in range(1, len(word) + 1):
        if any(start in ends and word[start:end] in known for start in range(max(0, end - 6), end)):
            ends.add(end)
    return len(word) in ends
