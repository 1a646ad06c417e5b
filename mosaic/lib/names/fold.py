"""Language-aware folding of Latin and Cyrillic name forms into one Korean-aware Latin spelling.

The same letters mean different Korean sounds in different languages: "j" is ㅈ in English and
RR but the y-glide in Hungarian, Polish, Czech, German, Estonian and Romanian; "ch" is ㅊ in
English but ㅎ (Russian х) in Polish, Czech and German; "cs" is ㅊ in Hungarian. So each language
gets its own table, applied to multigraphs before diacritics are stripped (Polish "dż" must not
become "dz" + something). The output is lower-case, spaced, MR-plain-like Latin:

    ch  affricate ㅈ/ㅊ (English ch/j-less, hu cs, pl cz, cs č, de tsch, ru ч)
    j   voiced affricate ㅈ (hu dzs, pl dż/dz, cs dž, de dsch, ru дж/чж/ж)
    ts  ц and its Latin spellings (Цой → tsoi)
    y   the glide (hu/pl/cs/de j, ru ё/ю/я/е after a vowel)
    ŭ   ы and its spellings (pl/cs/de y, ro î/ă, bg ъ); ŏ is kept where a source wrote it
    h   ㅎ, including Russian х and its Latin spellings (kh, ch in pl/cs/de)

Hyphens and spaces become single spaces, apostrophes (MR aspiration marks) disappear, case folds.
keys.py turns this spelling into consonant and vowel classes; nothing here decides identity.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator

VOWELS = "aeiouŏŭ"

# ---------------------------------------------------------------------------------------------
# Tables: source multigraph → folded Latin. Longest match wins; output is never re-read, so a
# table may map "dzs" → "j" and "j" → "y" without the first feeding the second.

_CYRILLIC = {
    "чж": "j", "дж": "j", "чх": "ch", "кх": "k", "тх": "t", "пх": "p", "нъ": "n",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "ŭ", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ў": "u", "ґ": "g", "ө": "o", "ү": "u", "һ": "h",
}
# Bulgarian has no ы/э/ё: ъ is a full vowel (the ㅡ/ㅓ of Russian-derived forms), щ is "sht".
_BULGARIAN = {**_CYRILLIC, "ъ": "ŭ", "щ": "sht", "йо": "yo", "ьо": "yo"}

_LATIN = {
    # English and everything written like it: MR, RR, DPRK, Russian-to-English transliteration.
    "en": {"shch": "sh", "chzh": "j", "chj": "j", "dzh": "j", "tch": "ch", "zh": "j", "kh": "h", "x": "s", "q": "ch",
           "č": "ch", "š": "sh", "ž": "j", "ć": "ch", "ś": "s", "ż": "j", "ź": "j", "ş": "sh", "ș": "sh",
           "ţ": "ts", "ț": "ts"},
    "hu": {"dzs": "j", "cs": "ch", "sz": "s", "zs": "j", "ny": "n", "ly": "y", "c": "ts", "j": "y",
           "ö": "oe", "ő": "oe", "õ": "oe", "ô": "oe", "ü": "ŭ", "ű": "ŭ", "û": "ŭ", "w": "v"},
    "pl": {"dż": "j", "dź": "j", "dz": "j", "cz": "ch", "sz": "sh", "rz": "j", "ch": "h", "ć": "ch",
           "ś": "s", "ź": "j", "ż": "j", "ł": "w", "ń": "n", "j": "\x01", "c": "ts", "w": "v",
           "ą": "on", "ę": "en"},
    "cs": {"čch": "ch", "kch": "k", "tch": "t", "pch": "p", "dž": "j", "č": "ch", "š": "sh", "ž": "j",
           "ch": "h", "c": "ts", "j": "\x01", "ý": "ŭ", "ě": "ye", "ř": "r", "ů": "u", "ä": "e",
           "ô": "o", "ľ": "l", "ĺ": "l", "ň": "n", "ť": "t", "ď": "d", "ŕ": "r"},
    "de": {"tsch": "ch", "dsch": "j", "sch": "sh", "ch": "h", "tz": "ts", "z": "ts", "ck": "k", "j": "\x01",
           "w": "v", "ö": "oe", "ü": "ŭ", "ä": "e", "ß": "s"},
    "ro": {"ş": "sh", "ș": "sh", "ṣ": "sh", "ţ": "ts", "ț": "ts", "ă": "ŭ", "â": "ŭ", "î": "ŭ",
           "cea": "cha", "ceo": "cho", "ceu": "chu", "cia": "cha", "cio": "cho", "ciu": "chu",
           "gea": "ja", "geo": "jo", "geu": "ju", "gia": "ja", "gio": "jo", "giu": "ju",
           "che": "ke", "chi": "ki", "ghe": "ge", "ghi": "gi", "ce": "che", "ci": "chi", "ge": "je",
           "gi": "ji", "c": "k", "io": "yo", "ia": "ya", "iu": "yu", "ie": "ye"},
    "et": {"tš": "ch", "š": "sh", "ž": "j", "õ": "ŏ", "ä": "e", "ö": "oe", "ü": "ŭ", "j": "\x01"},
    "sq": {"xh": "j", "zh": "j", "gj": "j", "ç": "ch", "ë": "ŭ", "q": "ch", "dh": "d", "x": "j", "c": "ts",
           "j": "\x01", "ll": "l", "rr": "r"},
}

# Which table a language code uses. Cyrillic text always goes through the Cyrillic table (the
# Bulgarian one for bg); Latin text labelled ru/bg/mn is a Russian-to-English transliteration.
LATIN_FOLD = {
    "en": "en", "fr": "en", "it": "en", "da": "en", "ko": "en", "zh": "en", "ru": "en", "bg": "en",
    "mn": "en", "hu": "hu", "pl": "pl", "cs": "cs", "sk": "cs", "de": "de", "ro": "ro", "et": "et",
    "sq": "sq",
}
LANGS = tuple(LATIN_FOLD)
# Tried when the language is unknown: the tables that actually differ for names.
UNKNOWN_LATIN = ("en", "hu", "pl", "cs", "de", "ro")


def _compile(table: dict[str, str]) -> re.Pattern:
    return re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))


_PATTERNS = {name: (_compile(t), t) for name, t in _LATIN.items()}
_CYR_PATTERNS = {"ru": (_compile(_CYRILLIC), _CYRILLIC), "bg": (_compile(_BULGARIAN), _BULGARIAN)}

# Russian е and the Cyrillic y-vowels are "ye" word-initially and after a vowel (Ен = yen), "e"
# after a consonant (Сен = sen): the glide matters for display only, keys.py drops it.
_CYR_INITIAL_E = re.compile(r"(?<![бвгджзйклмнпрстфхцчшщ])е")
_IS_CYRILLIC = re.compile(r"[\u0400-\u04FF]")

_APOSTROPHES = str.maketrans({c: "" for c in "'’ʼ‘`´ʻ′"})
_SEPARATORS = re.compile(r"[^\w\u0300-\u036f]+|_")

# English-like tables: y is a glide before a vowel, i after one (Choy, Tsoy), and the ы-vowel
# between consonants (Kym, Khym: Russian-to-English transliteration). A bare c is hard.
_EN_Y = re.compile(r"(?<=[aeiouŏŭ])y(?![aeiouŏŭ])|(?<![aeiouŏŭ])y(?![aeiouŏŭ])")
_EN_C = re.compile(r"c(?!h)")

# Letters without a Unicode decomposition, and the breve/caron vowels MR writers use for ŏ ŭ.
_PLAIN = {"ł": "l", "ø": "o", "ı": "i", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ǒ": "ŏ", "ǔ": "ŭ", "ð": "d",
          "þ": "th"}
_KEEP = {"ŏ", "ŭ"}


def _base_letters() -> dict[int, str]:
    """Latin letters with diacritics → base letters (é → e), as one translate table."""
    table = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        if ch in _KEEP:
            continue
        if ch in _PLAIN:
            table[cp] = _PLAIN[ch]
            continue
        base = "".join(d for d in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(d))
        if base != ch and base.isascii():
            table[cp] = base
    return table


_BASE = _base_letters()


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    text = text.translate(_BASE)
    if text.isascii() or all(c.isascii() or c in _KEEP for c in text):
        return text
    out = []
    for ch in text:
        if ch.isascii() or ch in _KEEP:
            out.append(ch)
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if not unicodedata.combining(d):
                out.append(d)
    return "".join(out)


def _en_y(match: re.Match) -> str:
    start = match.start()
    before = match.string[start - 1] if start else ""
    return "i" if before and before in VOWELS else "ŭ"


# Languages where a written y is the ы-vowel unless a vowel follows (pl Kym, cs/de Kym, et, sq);
# their j was mapped to a placeholder glide so that "Yj" (ы + й) stays vowel + glide.
_Y_IS_VOWEL = frozenset({"pl", "cs", "de", "et", "sq"})
_Y_VOWEL = re.compile(r"y(?![aeiouŏŭ])")
# Characters that can start a multigraph of each table: a text without any of them folds the same
# as plain text, which lets fold_variants skip the table.
_HU_Y_GLIDE = re.compile(r"y[aeiouŏŭ]")
_LOOSE_JUNK = re.compile(r"[^a-z ]+")
_LOOSE_FINAL_I = re.compile(r"(?<=[aeiou])[iy]\b")
_TRIGGERS = {name: frozenset(k[0] for k in table) for name, table in _LATIN.items()}


def is_cyrillic(text: str) -> bool:
    return _IS_CYRILLIC.search(text) is not None


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().translate(_APOSTROPHES)
    return " ".join(_SEPARATORS.split(text)).strip()


def _fold_cyrillic(text: str, table_name: str) -> str:
    pattern, table = _CYR_PATTERNS[table_name]
    text = _CYR_INITIAL_E.sub("ye", text)
    return _strip_marks(pattern.sub(lambda m: table[m.group()], text))


def _fold_latin(text: str, table_name: str) -> str:
    pattern, table = _PATTERNS[table_name]
    if table_name == "en":
        text = _EN_C.sub("k", text)
    if not _TRIGGERS[table_name].isdisjoint(text):
        text = pattern.sub(lambda m: table[m.group()], text)
    text = _strip_marks(text)
    if table_name == "en":
        if "y" in text:
            text = _EN_Y.sub(_en_y, text)
    elif table_name in _Y_IS_VOWEL:
        if "y" in text:
            text = _Y_VOWEL.sub("ŭ", text)
        text = text.replace("\x01", "y")
    elif table_name == "hu" and "y" in text and not _HU_Y_GLIDE.search(text):
        text = text.replace("y", "i")
    return text


def fold(text: str, lang: str | None = "en") -> str:
    """Fold a Latin or Cyrillic name form under one language's spelling rules.

    >>> fold("Kim Ir Szen", "hu"), fold("Ким Чен-ир", "ru"), fold("Kim Dzong Il", "pl")
    ('kim ir sen', 'kim chen ir', 'kim jong il')
    """
    text = _prepare(text)
    if _IS_CYRILLIC.search(text):
        return _fold_cyrillic(text, "bg" if lang == "bg" else "ru")
    return _fold_latin(text, LATIN_FOLD.get(lang or "en", "en"))


def iter_folds(text: str, lang: str | None) -> Iterator[tuple[str, str]]:
    """(language, folded) pairs to try for a query, lazily, best first: the declared language,
    then English (translators often keep an English-style form inside any document); every table
    when the language is unknown, English first. Duplicate foldings are skipped."""
    text = _prepare(text)
    if _IS_CYRILLIC.search(text):
        names: tuple[str, ...] = ("bg", "ru") if lang == "bg" else ("ru",) if lang else ("ru", "bg")
        cyrillic = True
    else:
        cyrillic = False
        if lang is None or lang not in LATIN_FOLD:
            names = UNKNOWN_LATIN
        else:
            names = (lang, "en") if LATIN_FOLD[lang] != "en" else (lang,)
    seen: set[str] = set()
    plain = None
    for n in names:
        if cyrillic:
            folded = _fold_cyrillic(text, n)
        else:
            table_name = LATIN_FOLD[n]
            # A table none of whose letters occur gives the plain folding: compute it once.
            if table_name not in ("en", "hu") and "y" not in text and _TRIGGERS[table_name].isdisjoint(text):
                if plain is None:
                    plain = _strip_marks(text)
                folded = plain
            else:
                folded = _fold_latin(text, table_name)
        if folded not in seen:
            seen.add(folded)
            yield n, folded


def fold_variants(text: str, lang: str | None) -> list[tuple[str, str]]:
    """All of `iter_folds` as a list."""
    return list(iter_folds(text, lang))


def loose(text: str) -> str:
    """A language-blind folding for matching non-Korean names (Russian names, abbreviations):
    Яков = Jakov = Yakov, Алексей = Alexei = Aleksey."""
    text = fold(text, "ru") if is_cyrillic(text) else _strip_marks(unicodedata.normalize("NFC", text).lower())
    text = text.replace("x", "ks").replace("j", "y").replace("w", "v").replace("kh", "h").replace("ŭ", "y")
    text = _LOOSE_JUNK.sub(" ", text)
    text = _LOOSE_FINAL_I.sub("i", text)
    return " ".join(text.split())
