"""From hangul to every spelling a bloc archive may have used, syllable by syllable.

Each system is a function giving, for each syllable of a name, its spellings in preference order
(the first is the system's standard form; the rest are the variants that practice produced, such
as Soviet Сен/Сон for 성 or the dropped final ㅇ of Ён/Ё). `renderings()` assembles display forms
from them; keys.py folds every variant into match keys, so the variants here are what lets the
matcher recognise "Пак Ден Ай" without a lookup table of attested forms.

Systems (keys of `renderings()`):
  mr          McCune–Reischauer with breves and apostrophes: Kim Il-sŏng, Ch'oe Ch'ang-ik
  mr_plain    MR without diacritics, NKIDP bracket style: Kim Il Song, Choe Chang Ik
  rr          Revised Romanization (2000): Gim Il-seong, also with the traditional surname Kim
  dprk        DPRK 1992 / KCNA house style: Kim Il Sung (house form), Jong Jun Thaek, Ri, Rim
  rok_popular ROK everyday English: Kim Il-sung, Park, Lee, Choi, Jung, Doo, Hee, Young
  kontsevich  Russian academic (Kontsevich): Ким Ильсон, Пак Хон Ён
  soviet_ru   Soviet practice 1945–91: Ким Ир Сен, Цой Ен Гон, Пак Ден Ай, Пак Кым Чер
  ru_en       English transliteration of the Soviet forms: Kim Chen Ir, Pak Khen En, Tsoi Chan Ik
  bg          Bulgarian, from the Russian forms: Ким Ир Сен, Ким Ир-сен
  hu pl cs ro de   the Russian forms in each language's transliteration (Kim Ir Szen, Coj Czan Ik,
              Kim Čen Ir, Ţoi Cean Ik, Kim Tschen Ir) plus, for hu/pl/cs/de, the spellings their
              Korean studies and press made straight from Korean (Kim Dzsongil, Kim Dzong Il,
              Čche Čchang-ik, Kim Tschong Il)
  pinyin      hanja read in Mandarin with Korean surname readings: Jin Richeng, Piao Xianyong

Rules follow /work/shared/design/names.md §1 (tables 1.2 and 1.3). Soviet and DPRK voicing of
ㄱ/ㄷ/ㅂ/ㅈ after a vowel or a voiced final is applied inside the given name; Soviet and
Kontsevich practice also voice the first given syllable after a surname ending in a vowel or
ㅁ/ㄴ/ㅇ (Хо Га И, Ким Ду Бон), so both forms are offered there.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Callable, NamedTuple

from . import hanja as hanja_mod
from .hangul import Syllable, is_syllable, split_name, syllables, to_rok

DATA = Path(__file__).with_name("data")

# Pronounced value of a final consonant (the seven final sounds of Korean).
FINAL_SOUND = {
    "": "", "ㄱ": "k", "ㄲ": "k", "ㄳ": "k", "ㄺ": "k", "ㅋ": "k",
    "ㄴ": "n", "ㄵ": "n", "ㄶ": "n",
    "ㄷ": "t", "ㅅ": "t", "ㅆ": "t", "ㅈ": "t", "ㅊ": "t", "ㅌ": "t", "ㅎ": "t",
    "ㄹ": "l", "ㄼ": "l", "ㄽ": "l", "ㄾ": "l", "ㅀ": "l",
    "ㅁ": "m", "ㄻ": "m", "ㅂ": "p", "ㅍ": "p", "ㅄ": "p", "ㄿ": "p", "ㅇ": "ng",
}
VOICING = frozenset({"", "n", "l", "m", "ng"})  # finals after which plain stops are voiced
PLAIN_STOPS = frozenset("ㄱㄷㅂㅈ")


class Ctx(NamedTuple):
    """Where a syllable stands: its word's first syllable or not, and its neighbours."""
    surname: bool
    first: bool                # first syllable of its word (the surname, the first given syllable)
    prev: Syllable | None      # previous syllable of the whole name (the surname for the first given)
    next: Syllable | None      # next syllable of the same word

    @property
    def prev_sound(self) -> str | None:
        """Final sound of the previous syllable in the same word; None at a word start."""
        return None if self.first or self.prev is None else FINAL_SOUND[self.prev.final]

    @property
    def across_sound(self) -> str | None:
        """Final sound before this syllable even across the surname boundary (Soviet voicing)."""
        return None if self.prev is None or self.surname else FINAL_SOUND[self.prev.final]


def _voiced(ctx: Ctx) -> bool:
    return ctx.prev_sound is not None and ctx.prev_sound in VOICING


# ---------------------------------------------------------------------------------------------
# Latin systems made straight from Korean: MR, RR, DPRK, ROK popular.

MR_VOWELS = {"ㅏ": "a", "ㅐ": "ae", "ㅑ": "ya", "ㅒ": "yae", "ㅓ": "ŏ", "ㅔ": "e", "ㅕ": "yŏ", "ㅖ": "ye",
             "ㅗ": "o", "ㅘ": "wa", "ㅙ": "wae", "ㅚ": "oe", "ㅛ": "yo", "ㅜ": "u", "ㅝ": "wŏ", "ㅞ": "we",
             "ㅟ": "wi", "ㅠ": "yu", "ㅡ": "ŭ", "ㅢ": "ŭi", "ㅣ": "i"}
RR_VOWELS = {"ㅏ": "a", "ㅐ": "ae", "ㅑ": "ya", "ㅒ": "yae", "ㅓ": "eo", "ㅔ": "e", "ㅕ": "yeo", "ㅖ": "ye",
             "ㅗ": "o", "ㅘ": "wa", "ㅙ": "wae", "ㅚ": "oe", "ㅛ": "yo", "ㅜ": "u", "ㅝ": "wo", "ㅞ": "we",
             "ㅟ": "wi", "ㅠ": "yu", "ㅡ": "eu", "ㅢ": "ui", "ㅣ": "i"}
PLAIN_VOWELS = {k: v.replace("ŏ", "o").replace("ŭ", "u") for k, v in MR_VOWELS.items()}

# initial → (word-initial or after an obstruent, voiced between voiced sounds)
MR_INITIALS = {"ㄱ": ("k", "g"), "ㄲ": "kk", "ㄴ": "n", "ㄷ": ("t", "d"), "ㄸ": "tt", "ㅁ": "m", "ㅂ": ("p", "b"),
               "ㅃ": "pp", "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": ("ch", "j"), "ㅉ": "tch", "ㅊ": "ch'",
               "ㅋ": "k'", "ㅌ": "t'", "ㅍ": "p'", "ㅎ": "h"}
RR_INITIALS = {"ㄱ": "g", "ㄲ": "kk", "ㄴ": "n", "ㄷ": "d", "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m", "ㅂ": "b", "ㅃ": "pp",
               "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "j", "ㅉ": "jj", "ㅊ": "ch", "ㅋ": "k", "ㅌ": "t", "ㅍ": "p",
               "ㅎ": "h"}
DPRK_INITIALS = {"ㄱ": ("k", "g"), "ㄲ": "kk", "ㄴ": "n", "ㄷ": ("t", "d"), "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m",
                 "ㅂ": ("p", "b"), "ㅃ": "pp", "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "j", "ㅉ": "jj", "ㅊ": "ch",
                 "ㅋ": "kh", "ㅌ": "th", "ㅍ": "ph", "ㅎ": "h"}
LATIN_FINALS = {"": "", "k": "k", "n": "n", "t": "t", "l": "l", "m": "m", "p": "p", "ng": "ng"}


def _liquid(ctx: Ctx, after_l: str = "l") -> str:
    """ㄹ as an initial: r at a word start or after a vowel, l after ㄹ/ㄴ, n after other finals."""
    sound = ctx.prev_sound
    if sound is None or sound == "":
        return "r"
    if sound in ("l", "n"):
        return after_l
    return "n"


def _mr_final(syl: Syllable, ctx: Ctx) -> str:
    """MR final with the assimilations it writes inside a word: 박녕 Pang-nyŏng, 신라 Silla."""
    sound = FINAL_SOUND[syl.final]
    nxt = ctx.next.initial if ctx.next else None
    if nxt in ("ㄴ", "ㅁ", "ㄹ"):
        if sound == "k":
            return "ng"
        if sound == "p":
            return "m"
        if sound == "t" and nxt != "ㄹ":
            return "n"
    if sound == "n" and nxt == "ㄹ":
        return "l"
    return LATIN_FINALS[sound]


def mr(syl: Syllable, ctx: Ctx) -> list[str]:
    initial = syl.initial
    if initial == "ㄹ":
        head = _liquid(ctx)
    elif initial == "ㄴ" and ctx.prev_sound == "l":
        head = "l"  # 일남 Il-lam
    elif initial in PLAIN_STOPS:
        unvoiced, voiced = MR_INITIALS[initial]
        # After ㄹ the Sino-Korean ㄷ/ㅈ are tense, not voiced (일주 Il-chu).
        head = voiced if _voiced(ctx) and not (ctx.prev_sound == "l" and initial in "ㄷㅈ") else unvoiced
    else:
        head = MR_INITIALS[initial]
    forms = [head + MR_VOWELS[syl.vowel] + _mr_final(syl, ctx)]
    if initial == "ㅅ" and syl.vowel in "ㅣㅟ":
        forms.append("sh" + MR_VOWELS[syl.vowel].lstrip("w") + _mr_final(syl, ctx))
    return forms


def rr(syl: Syllable, ctx: Ctx) -> list[str]:
    initial = syl.initial
    heads = [RR_INITIALS[initial]]
    if initial == "ㄹ" and ctx.prev_sound == "l":
        heads = ["l", "r"]  # 일룡 Illyong, NKIDP Il-ryong
    final = LATIN_FINALS[FINAL_SOUND[syl.final]]
    return [h + RR_VOWELS[syl.vowel] + final for h in heads]


def dprk(syl: Syllable, ctx: Ctx) -> list[str]:
    """DPRK 1992: voicing inside the given name even across the spaces KCNA writes (Pak Pong Ju)."""
    initial = syl.initial
    entry = DPRK_INITIALS[initial]
    heads = [entry[1] if _voiced(ctx) else entry[0]] if isinstance(entry, tuple) else [entry]
    if initial == "ㄹ":
        heads = ["r"] if ctx.prev_sound != "l" else ["r", "l"]
    return [h + PLAIN_VOWELS[syl.vowel] + LATIN_FINALS[FINAL_SOUND[syl.final]] for h in heads]


POPULAR_INITIALS = {"ㄱ": ("g", "k"), "ㄷ": ("d", "t"), "ㅂ": ("b", "p"), "ㅈ": ("j", "ch"), "ㅊ": ("ch",),
                    "ㅋ": ("k",), "ㅌ": ("t",), "ㅍ": ("p",), "ㅎ": ("h",), "ㄹ": ("r", "l"), "ㄴ": ("n",),
                    "ㅁ": ("m",), "ㅅ": ("s",), "ㅆ": ("ss", "s"), "ㄲ": ("kk", "k"), "ㄸ": ("tt", "t"),
                    "ㅃ": ("pp", "p"), "ㅉ": ("jj", "j"), "ㅇ": ("",)}
POPULAR_VOWELS = {"ㅓ": ("u", "eo", "o"), "ㅕ": ("yu", "yeo", "yo"), "ㅜ": ("u", "oo"), "ㅡ": ("eu", "u"),
                  "ㅢ": ("ui", "ee", "eui"), "ㅣ": ("i", "ee"), "ㅚ": ("oe", "oi", "we"), "ㅝ": ("wo",),
                  "ㅐ": ("ae",), "ㅔ": ("e",), "ㅗ": ("o", "oh"), "ㅏ": ("a",), "ㅑ": ("ya",), "ㅛ": ("yo",),
                  "ㅠ": ("yu",), "ㅘ": ("wa",), "ㅟ": ("wi",), "ㅙ": ("wae",), "ㅞ": ("we",), "ㅒ": ("yae",),
                  "ㅖ": ("ye",)}


def rok_popular(syl: Syllable, ctx: Ctx) -> list[str]:
    """ROK everyday English (Sung, Jung, Hyun, Doo, Hee, Young): a cloud of spellings."""
    heads = list(POPULAR_INITIALS[syl.initial])
    if syl.initial == "ㅅ" and syl.vowel in "ㅣㅟ":
        heads.append("sh")
    final = LATIN_FINALS[FINAL_SOUND[syl.final]]
    vowels = list(POPULAR_VOWELS[syl.vowel])
    if syl.final and "ee" in vowels:
        vowels.remove("ee")  # Lee, Hee, Kee: only open syllables
    if syl.vowel == "ㅕ" and syl.initial == "ㅇ" and final == "ng":
        vowels.insert(0, "you")  # Young
    if syl.vowel == "ㅓ" and syl.initial == "ㅇ":
        vowels = ["eo", "o"]
    if syl.vowel == "ㅜ" and syl.initial == "ㅇ":
        vowels += ["woo", "wu"]  # 우 Woo
    return [h + v + final for v in vowels for h in heads]


# ---------------------------------------------------------------------------------------------
# Russian: Kontsevich (academic) and Soviet practice.

KONTSEVICH_VOWELS = {"ㅏ": "а", "ㅐ": "э", "ㅑ": "я", "ㅒ": "йя", "ㅓ": "о", "ㅔ": "е", "ㅕ": "ё", "ㅖ": "йе",
                     "ㅗ": "о", "ㅘ": "ва", "ㅙ": "вэ", "ㅚ": "вэ", "ㅛ": "ё", "ㅜ": "у", "ㅝ": "во", "ㅞ": "ве",
                     "ㅟ": "ви", "ㅠ": "ю", "ㅡ": "ы", "ㅢ": "ый", "ㅣ": "и"}
KONTSEVICH_INITIALS = {"ㄱ": ("к", "г"), "ㄲ": "кк", "ㄴ": "н", "ㄷ": ("т", "д"), "ㄸ": "тт", "ㅁ": "м",
                       "ㅂ": ("п", "б"), "ㅃ": "пп", "ㅅ": "с", "ㅆ": "сс", "ㅇ": "", "ㅈ": ("чж", "дж"),
                       "ㅉ": "чч", "ㅊ": "чх", "ㅋ": "кх", "ㅌ": "тх", "ㅍ": "пх", "ㅎ": "х"}
KONTSEVICH_FINALS = {"": "", "k": "к", "n": "н", "t": "т", "l": "ль", "m": "м", "p": "п", "ng": "н"}


def kontsevich(syl: Syllable, ctx: Ctx) -> list[str]:
    initial = syl.initial
    entry = KONTSEVICH_INITIALS.get(initial, "р")
    if initial == "ㄹ":
        heads = ["р"] if ctx.prev_sound != "l" else ["л"]
        if ctx.prev_sound in ("m", "ng", "k", "p"):
            heads = ["н"]
    elif isinstance(entry, tuple):
        if _voiced(ctx):
            heads = [entry[1]] + (["чж"] if initial == "ㅈ" else [])
        elif ctx.first and not ctx.surname and ctx.across_sound in VOICING:
            heads = [entry[0], entry[1]]  # ru-wiki practice: Хо Га И, Ким Ду Бон
        else:
            heads = [entry[0]]
    else:
        heads = [entry]
    vowel = KONTSEVICH_VOWELS[syl.vowel]
    if initial != "ㅇ":
        vowel = {"ый": "и", "йе": "е", "йя": "я"}.get(vowel, vowel)
    sound = FINAL_SOUND[syl.final]
    final = KONTSEVICH_FINALS[sound]
    if sound == "l" and ctx.next is not None and ctx.next.initial == "ㅇ":
        final = "р"  # 일우 Иру: ㄹ before a vowel is р
    return [h + vowel + final for h in heads]


SOVIET_INITIALS = {"ㄲ": ["кк", "к"], "ㄴ": ["н"], "ㄸ": ["тт", "т"], "ㅁ": ["м"], "ㅃ": ["пп", "п"],
                   "ㅅ": ["с"], "ㅆ": ["сс", "с"], "ㅇ": [""], "ㅉ": ["чч", "ч"], "ㅊ": ["ч", "чх"],
                   "ㅋ": ["к", "кх"], "ㅌ": ["т", "тх"], "ㅍ": ["п", "пх"], "ㅎ": ["х"]}
SOVIET_STOPS = {"ㄱ": ("к", "г"), "ㄷ": ("т", "д"), "ㅂ": ("п", "б")}
# Vowels after a consonant / with no initial consonant. ㅓ and ㅕ after a consonant are е (Сен,
# Хен, Ден), ㅐ may be Ай (Пак Ден Ай), ㅡ is ы or у, ㅛ may be е (Рен for 룡, Ен for 용).
SOVIET_VOWELS = {
    "ㅏ": (["а"], ["а"]), "ㅐ": (["э", "е", "ай"], ["э", "ай", "е"]), "ㅑ": (["я"], ["я"]),
    "ㅒ": (["е", "я"], ["е", "я"]), "ㅓ": (["е", "о"], ["о", "е"]), "ㅔ": (["е", "э"], ["е", "э"]),
    "ㅕ": (["е", "ё"], ["ё", "е", "йо"]), "ㅖ": (["е"], ["е", "йе"]), "ㅗ": (["о"], ["о"]),
    "ㅘ": (["ва", "уа"], ["ва"]), "ㅙ": (["вэ", "ве"], ["вэ", "ве"]), "ㅚ": (["ве", "вэ", "ой", "е"], ["ве", "ой"]),
    "ㅛ": (["ё", "е", "о"], ["ё", "е", "йо"]), "ㅜ": (["у"], ["у"]), "ㅝ": (["во"], ["во"]), "ㅞ": (["ве"], ["ве"]),
    "ㅟ": (["ви", "и"], ["ви"]), "ㅠ": (["ю"], ["ю"]), "ㅡ": (["ы", "у"], ["ы", "у"]),
    "ㅢ": (["и", "ы", "ый"], ["ый", "ы", "и"]), "ㅣ": (["и"], ["и"]),
}
SOVIET_FINALS = {"": [""], "k": ["к"], "n": ["н"], "t": ["т"], "l": ["р", "ль", "л"], "m": ["м"], "p": ["п"],
                 "ng": ["н", ""]}


def soviet(syl: Syllable, ctx: Ctx) -> list[str]:
    initial, vowel = syl.initial, syl.vowel
    if initial in SOVIET_STOPS:
        unvoiced, voiced = SOVIET_STOPS[initial]
        if _voiced(ctx):
            heads = [voiced, unvoiced]
        elif ctx.first and not ctx.surname and ctx.across_sound in VOICING:
            heads = [unvoiced, voiced]  # Ким Гван Хеп, Кан Гон
        else:
            heads = [unvoiced]
    elif initial == "ㅈ":
        heads = ["ч", "чж"] + (["дж"] if _voiced(ctx) else [])
        if vowel in "ㅓㅕ":
            heads[1:1] = ["д", "т"]  # 정 = Ден, Тен (older 뎡, northern pronunciation)
    elif initial == "ㄹ":
        sound = ctx.prev_sound
        heads = ["р"] if sound == "" else ["р", "л"] if sound in (None, "l", "n") else ["р", "н"]
    else:
        heads = list(SOVIET_INITIALS[initial])
        if initial == "ㅅ" and vowel in "ㅣㅟ":
            heads.append("ш")
    vowels = SOVIET_VOWELS[vowel][0 if initial != "ㅇ" else 1]
    finals = SOVIET_FINALS[FINAL_SOUND[syl.final]]
    return [h + v + f for v in vowels for h in heads for f in finals]


# ---------------------------------------------------------------------------------------------
# Transliterations of the Russian forms into other bloc languages (GDR, Polish, Czech, Romanian,
# Hungarian and Bulgarian officials mostly re-transcribed the Soviet form), and English.

def _translit(table: dict[str, str]) -> Callable[[str], str]:
    keys = sorted(table, key=len, reverse=True)

    def convert(text: str) -> str:
        out, i = [], 0
        while i < len(text):
            for k in keys:
                if text.startswith(k, i):
                    out.append(table[k])
                    i += len(k)
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)
    return convert


_RU_BASE = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "и": "i", "к": "k",
            "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
            "ф": "f", "ь": "", "ъ": ""}
FROM_RUSSIAN = {
    "ru_en": _translit({**_RU_BASE, "чж": "chzh", "дж": "dzh", "ч": "ch", "ж": "zh", "ш": "sh", "х": "kh",
                        "ц": "ts", "ы": "y", "э": "e", "ё": "yo", "ю": "yu", "я": "ya", "й": "y"}),
    "hu": _translit({**_RU_BASE, "чж": "dzs", "дж": "dzs", "ч": "cs", "ж": "zs", "ш": "s", "с": "sz",
                     "х": "h", "ц": "c", "ы": "i", "э": "e", "ё": "jo", "ю": "ju", "я": "ja", "й": "j"}),
    "pl": _translit({**_RU_BASE, "чж": "dż", "дж": "dż", "ч": "cz", "ж": "ż", "ш": "sz", "х": "ch",
                     "ц": "c", "ы": "y", "э": "e", "ё": "jo", "ю": "ju", "я": "ja", "й": "j", "в": "w"}),
    "cs": _translit({**_RU_BASE, "чж": "dž", "дж": "dž", "ч": "č", "ж": "ž", "ш": "š", "х": "ch",
                     "ц": "c", "ы": "y", "э": "e", "ё": "jo", "ю": "ju", "я": "ja", "й": "j"}),
    "de": _translit({**_RU_BASE, "чж": "dsch", "дж": "dsch", "ч": "tsch", "ж": "sch", "ш": "sch",
                     "х": "ch", "ц": "z", "ы": "y", "э": "e", "ё": "jo", "ю": "ju", "я": "ja", "й": "i",
                     "в": "w"}),
    # Romanian spells ч/дж by the following vowel: ча cea, чо cio, чу ciu, че ce, чи ci.
    "ro": _translit({**_RU_BASE, **{c + v: p + rv for c, p in (("ч", "c"), ("чж", "g"), ("дж", "g"))
                                    for v, rv in (("а", "ea"), ("о", "io"), ("у", "iu"), ("е", "e"),
                                                  ("и", "i"), ("э", "e"), ("ы", "î"), ("ё", "io"),
                                                  ("я", "ea"), ("ю", "iu"))},
                     "ч": "ci", "чж": "gi", "дж": "gi", "ж": "j", "ш": "ş", "х": "h", "ц": "ţ", "ы": "î",
                     "э": "e", "ё": "io", "ю": "iu", "я": "ia", "й": "i"}),
    "bg": _translit({"ы": "ъ", "э": "е", "ё": "йо"}),
}


def _from_russian(language: str) -> Callable[[Syllable, Ctx], list[str]]:
    convert = FROM_RUSSIAN[language]

    def system(syl: Syllable, ctx: Ctx) -> list[str]:
        return list(dict.fromkeys(convert(s) for s in soviet(syl, ctx)))
    return system


# Bloc Korean studies and press writing straight from Korean in their own orthography.
# initial table: plain stops as (unvoiced, voiced); ㅈ as a list (hu/pl write dzs/dz even
# word-initially: Kim Dzsongil, Kim Dzong Il).
NATIVE = {
    "hu": dict(
        initials={"ㄱ": ("k", "g"), "ㄷ": ("t", "d"), "ㅂ": ("p", "b"), "ㅈ": ["dzs", "cs"], "ㅊ": ["cs"],
                  "ㅅ": ["sz"], "ㅆ": ["ssz"], "ㅋ": ["k"], "ㅌ": ["t"], "ㅍ": ["p"], "ㅎ": ["h"], "ㄹ": ["r"]},
        vowels={"ㅏ": ["a"], "ㅐ": ["e"], "ㅑ": ["ja"], "ㅒ": ["je"], "ㅓ": ["o"], "ㅔ": ["e"], "ㅕ": ["jo"],
                "ㅖ": ["je"], "ㅗ": ["o"], "ㅘ": ["va"], "ㅙ": ["ve"], "ㅚ": ["ö", "ve"], "ㅛ": ["jo"],
                "ㅜ": ["u"], "ㅝ": ["vo"], "ㅞ": ["ve"], "ㅟ": ["vi", "ü"], "ㅠ": ["ju"], "ㅡ": ["u", "ü"],
                "ㅢ": ["ui", "i"], "ㅣ": ["i"]}),
    "pl": dict(
        initials={"ㄱ": ("k", "g"), "ㄷ": ("t", "d"), "ㅂ": ("p", "b"), "ㅈ": ["dż", "dz", "cz"],
                  "ㅊ": ["cz"], "ㅅ": ["s"], "ㅆ": ["ss"], "ㅋ": ["k"], "ㅌ": ["t"], "ㅍ": ["p"],
                  "ㅎ": ["h", "ch"], "ㄹ": ["r"]},
        vowels={"ㅏ": ["a"], "ㅐ": ["e"], "ㅑ": ["ja"], "ㅒ": ["je"], "ㅓ": ["o", "ŏ"], "ㅔ": ["e"],
                "ㅕ": ["jo", "jŏ"], "ㅖ": ["je"], "ㅗ": ["o"], "ㅘ": ["wa"], "ㅙ": ["we"], "ㅚ": ["oe"],
                "ㅛ": ["jo"], "ㅜ": ["u"], "ㅝ": ["wo"], "ㅞ": ["we"], "ㅟ": ["wi"], "ㅠ": ["ju"],
                "ㅡ": ["y", "ŭ", "u"], "ㅢ": ["yi", "ŭi"], "ㅣ": ["i"]}),
    "cs": dict(
        initials={"ㄱ": ("k", "g"), "ㄷ": ("t", "d"), "ㅂ": ("p", "b"), "ㅈ": ("č", "dž"), "ㅊ": ["čch"],
                  "ㅅ": ["s"], "ㅆ": ["ss"], "ㅋ": ["kch"], "ㅌ": ["tch"], "ㅍ": ["pch"], "ㅎ": ["h"], "ㄹ": ["r"]},
        vowels={"ㅏ": ["a"], "ㅐ": ["e"], "ㅑ": ["ja"], "ㅒ": ["je"], "ㅓ": ["ŏ", "o"], "ㅔ": ["e"],
                "ㅕ": ["jŏ", "jo"], "ㅖ": ["je"], "ㅗ": ["o"], "ㅘ": ["wa"], "ㅙ": ["we"], "ㅚ": ["ö", "oe", "e"],
                "ㅛ": ["jo"], "ㅜ": ["u"], "ㅝ": ["wŏ"], "ㅞ": ["we"], "ㅟ": ["wi"], "ㅠ": ["ju"],
                "ㅡ": ["ŭ", "y"], "ㅢ": ["ŭi"], "ㅣ": ["i"]}),
    "de": dict(
        initials={"ㄱ": ("k", "g"), "ㄷ": ("t", "d"), "ㅂ": ("p", "b"), "ㅈ": ("tsch", "dsch"),
                  "ㅊ": ["tsch"], "ㅅ": ["s"], "ㅆ": ["ss"], "ㅋ": ["k"], "ㅌ": ["t"], "ㅍ": ["p"], "ㅎ": ["h"],
                  "ㄹ": ["r"]},
        vowels={"ㅏ": ["a"], "ㅐ": ["ä", "e"], "ㅑ": ["ja"], "ㅒ": ["jä"], "ㅓ": ["o"], "ㅔ": ["e"],
                "ㅕ": ["jo"], "ㅖ": ["je"], "ㅗ": ["o"], "ㅘ": ["wa"], "ㅙ": ["wä"], "ㅚ": ["ö", "oe"],
                "ㅛ": ["jo"], "ㅜ": ["u"], "ㅝ": ["wo"], "ㅞ": ["we"], "ㅟ": ["wi", "ü"], "ㅠ": ["ju"],
                "ㅡ": ["ü", "u"], "ㅢ": ["ui"], "ㅣ": ["i"]}),
}
_NATIVE_COMMON = {"ㄲ": ["kk"], "ㄴ": ["n"], "ㄸ": ["tt"], "ㅁ": ["m"], "ㅃ": ["pp"], "ㅇ": [""], "ㅉ": ["čč"]}


def _native(language: str) -> Callable[[Syllable, Ctx], list[str]]:
    spec = NATIVE[language]

    def system(syl: Syllable, ctx: Ctx) -> list[str]:
        entry = spec["initials"].get(syl.initial) or _NATIVE_COMMON[syl.initial]
        if isinstance(entry, tuple):
            heads = [entry[1] if _voiced(ctx) else entry[0]]
        else:
            heads = list(entry)
        if syl.initial == "ㄹ" and ctx.prev_sound == "l":
            heads = ["l", "r"]
        sound = FINAL_SOUND[syl.final]
        finals = ["r", "l"] if sound == "l" and language == "hu" else [LATIN_FINALS[sound]]
        return [h + v + f for v in spec["vowels"][syl.vowel] for h in heads for f in finals]
    return system


# ---------------------------------------------------------------------------------------------
# Surname conventions that the syllable rules do not give (per system; hangul → spellings).
# Everything else is the system's ordinary rendering of the syllable as a word start.

SURNAMES: dict[str, dict[str, list[str]]] = {
    "mr": {"이": ["Yi", "I"], "리": ["Ri", "Yi"]},
    "rr": {"김": ["Gim", "Kim"], "박": ["Bak", "Pak", "Park"], "이": ["I", "Yi", "Lee"], "리": ["Ri", "Yi", "Lee"],
           "최": ["Choe", "Choi"], "정": ["Jeong", "Chong", "Jong"], "강": ["Gang", "Kang"], "고": ["Go", "Ko"],
           "허": ["Heo", "Ho"], "서": ["Seo", "So"], "방": ["Bang", "Pang"], "림": ["Rim", "Lim"],
           "임": ["Im", "Lim"], "조": ["Jo", "Cho"], "장": ["Jang", "Chang"], "노": ["No", "Roh"],
           "로": ["Ro", "No"], "류": ["Ryu", "Yu"], "유": ["Yu", "Yoo"], "문": ["Mun", "Moon"],
           "윤": ["Yun", "Yoon"], "오": ["O", "Oh"], "신": ["Sin", "Shin"], "전": ["Jeon", "Chon"]},
    "dprk": {},
    "rok_popular": {"김": ["Kim"], "박": ["Park", "Pak"], "이": ["Lee", "Yi", "Rhee"], "리": ["Lee", "Ri", "Rhee"],
                    "최": ["Choi", "Choe"], "정": ["Jung", "Chung", "Jeong"], "허": ["Huh", "Hur", "Heo"],
                    "서": ["Suh", "Seo"], "윤": ["Yoon", "Yun"], "문": ["Moon", "Mun"], "고": ["Ko", "Koh"],
                    "오": ["Oh"], "림": ["Lim", "Rim"], "임": ["Lim", "Im"], "노": ["Roh", "Noh"], "로": ["Roh"],
                    "조": ["Cho", "Jo"], "장": ["Jang", "Chang"], "신": ["Shin"], "유": ["Yoo", "Yu"],
                    "류": ["Ryu", "Yoo"], "강": ["Kang"], "방": ["Bang", "Pang"], "무": ["Moo", "Mu"]},
    "kontsevich": {"리": ["Ли"], "이": ["Ли", "И"], "최": ["Чхве", "Цой"], "림": ["Рим", "Лим"], "임": ["Им", "Лим"],
                   "정": ["Чон", "Чжон"], "조": ["Чо", "Чжо"], "장": ["Чан", "Чжан"], "전": ["Чон", "Чжон"],
                   "주": ["Чу", "Чжу"]},
    "soviet_ru": {"최": ["Цой", "Чой", "Чхве"], "리": ["Ли", "Ри"], "이": ["Ли"], "림": ["Лим", "Рим"],
                  "임": ["Лим", "Им"], "류": ["Лю", "Рю"], "유": ["Лю", "Ю"], "로": ["Ро", "Ло", "Но"],
                  "노": ["Но", "Ро"], "량": ["Рян", "Лян"], "양": ["Ян", "Лян"], "라": ["Ра", "На"],
                  "허": ["Хо", "Хе"], "서": ["Со", "Се"], "정": ["Чон", "Чен", "Тен", "Ден", "Чжон"],
                  "조": ["Чо", "Тё", "Чжо"], "장": ["Чан", "Тян", "Чжан"], "전": ["Чон", "Тен"]},
    "hu": {"최": ["Csoe", "Coj"], "리": ["Li", "Ri"]},
    "pl": {"최": ["Coj", "Czoe"], "리": ["Li", "Ri"]},
    "cs": {"최": ["Čche", "Čchö", "Coj"], "리": ["Li", "Ri"]},
    "de": {"최": ["Zoi", "Tschoe"], "리": ["Li", "Ri"]},
    "ro": {"최": ["Ţoi", "Choi"], "리": ["Li", "Ri"]},
}


class System(NamedTuple):
    key: str
    label: str                                       # the system named in words, for readers
    fold_lang: str                                   # folding used for its forms (fold.py)
    syllable: Callable[[Syllable, Ctx], list[str]]
    formats: tuple[str, ...]                         # "hyphen", "spaced", "joined", "spaced_hyphen"
    extra: tuple[Callable[[Syllable, Ctx], list[str]], ...] = ()  # further families (native spellings)


def _strip_mr(s: str) -> str:
    return s.replace("ŏ", "o").replace("ŭ", "u").replace("'", "")


def mr_plain(syl: Syllable, ctx: Ctx) -> list[str]:
    return list(dict.fromkeys(_strip_mr(s) for s in mr(syl, ctx)))


SYSTEMS: dict[str, System] = {s.key: s for s in (
    System("mr", "McCune–Reischauer", "en", mr, ("hyphen",)),
    System("mr_plain", "McCune–Reischauer without diacritics", "en", mr_plain, ("spaced", "hyphen")),
    System("rr", "Revised Romanization", "en", rr, ("hyphen", "joined")),
    System("dprk", "DPRK official romanization", "en", dprk, ("spaced", "hyphen")),
    System("rok_popular", "South Korean everyday spelling", "en", rok_popular, ("hyphen", "spaced")),
    System("kontsevich", "Russian, academic (Kontsevich)", "ru", kontsevich, ("joined", "spaced")),
    System("soviet_ru", "Russian, Soviet practice", "ru", soviet, ("spaced", "spaced_hyphen")),
    System("ru_en", "English transliteration of the Soviet Russian form", "en", _from_russian("ru_en"), ("spaced", "spaced_hyphen")),
    System("bg", "Bulgarian", "bg", _from_russian("bg"), ("spaced", "spaced_hyphen")),
    System("hu", "Hungarian", "hu", _from_russian("hu"), ("spaced", "spaced_hyphen"), (_native("hu"),)),
    System("pl", "Polish", "pl", _from_russian("pl"), ("spaced", "spaced_hyphen"), (_native("pl"),)),
    System("cs", "Czech", "cs", _from_russian("cs"), ("spaced", "spaced_hyphen"), (_native("cs"),)),
    System("ro", "Romanian", "ro", _from_russian("ro"), ("spaced", "spaced_hyphen")),
    System("de", "German", "de", _from_russian("de"), ("spaced", "spaced_hyphen"), (_native("de"),)),
)}
# Every key `renderings()` returns, named in words: pinyin is read from the hanja, not a System.
RENDERING_LABELS: dict[str, str] = {**{key: system.label for key, system in SYSTEMS.items()},
                                    "pinyin": "Chinese reading of the hanja (pinyin)"}


def _contexts(sylls: list[Syllable], n_surname: int) -> list[Ctx]:
    out = []
    for i, syl in enumerate(sylls):
        surname = i < n_surname
        first = i == 0 or i == n_surname
        nxt = sylls[i + 1] if i + 1 < len(sylls) and i + 1 != n_surname else None
        out.append(Ctx(surname, first, sylls[i - 1] if i else None, nxt))
    return out


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def _surname_options(system: System, surname: str, sylls: list[Syllable], ctxs: list[Ctx],
                     family: Callable[[Syllable, Ctx], list[str]]) -> list[str]:
    """A surname's spellings: the system's convention (Цой, Park), the Soviet convention passed
    through a Russian-derived system's transliteration (Цой → Ţoi, Zoi, Coj), else the rules."""
    table = SURNAMES.get(system.key, {})
    if surname in table:
        return [s.lower() for s in table[surname]]
    if system.key in FROM_RUSSIAN and family is system.syllable and surname in SURNAMES["soviet_ru"]:
        convert = FROM_RUSSIAN[system.key]
        return [convert(s.lower()) for s in SURNAMES["soviet_ru"][surname]]
    parts = [family(s, c) for s, c in zip(sylls, ctxs)]
    return ["".join(p) for p in itertools.product(*parts)]


def name_options(hangul: str, system_key: str) -> list[tuple[list[str], list[list[str]]]]:
    """Per family of a system: (surname spellings, spellings per given-name syllable), lower case,
    in preference order. Most systems have one family; hu/pl/cs/de have a Russian-derived one and
    one written straight from Korean."""
    system = SYSTEMS[system_key]
    surname, given = split_name(hangul)
    sylls = syllables(surname + given)
    if not sylls:
        return []
    n_surname = len(surname)
    ctxs = _contexts(sylls, n_surname)
    out = []
    for family in (system.syllable,) + system.extra:
        sur = _surname_options(system, surname, sylls[:n_surname], ctxs[:n_surname], family)
        giv = [list(dict.fromkeys(family(s, c))) for s, c in zip(sylls[n_surname:], ctxs[n_surname:])]
        out.append((list(dict.fromkeys(sur)), giv))
    return out


def surname_options(surname: str, system_key: str) -> list[str]:
    """Spellings of a hangul surname alone (one or two syllables) in one system, lower case."""
    system = SYSTEMS[system_key]
    sylls = syllables(surname)
    if not sylls:
        return []
    ctxs = _contexts(sylls, len(sylls))
    out: list[str] = []
    for family in (system.syllable,) + system.extra:
        out.extend(_surname_options(system, surname, sylls, ctxs, family))
    return list(dict.fromkeys(out))


def format_name(surname: str, given: list[str], style: str) -> str:
    """Write a name in one of the house styles: hyphen (Kim Il-sŏng), spaced (Kim Il Song),
    joined (Ким Ильсон), spaced_hyphen (Ким Ир-сен)."""
    sur = _capital(surname)
    if not given:
        return sur
    if style == "hyphen":
        g = _capital("-".join(given))
    elif style == "joined":
        g = _capital("".join(given))
    elif style == "spaced_hyphen":
        g = " ".join([_capital(given[0])] + (["-".join(given[1:])] if len(given) > 1 else []))
        g = g.replace(" ", "-", 1) if len(given) > 1 else g
    else:
        g = " ".join(_capital(p) for p in given)
    return f"{sur} {g}"


def _combos(surnames: list[str], given: list[list[str]], limit: int) -> list[tuple[str, list[str]]]:
    """Preferred combination first, then each position varied alone: a readable short list."""
    base = [g[0] for g in given]
    out = [(surnames[0], base)]
    for s in surnames[1:]:
        out.append((s, base))
    for i, alts in enumerate(given):
        for a in alts[1:]:
            out.append((surnames[0], base[:i] + [a] + base[i + 1:]))
    return out[:limit]


def _official_forms() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    path = DATA / "dprk_official.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                hangul_name, form = line.split("\t")[:2]
                table.setdefault(hangul_name, []).append(form)
    return table


OFFICIAL_FORMS = _official_forms()


def renderings(hangul: str, hanja: str = "", limit: int = 8) -> dict[str, list[str]]:
    """Display forms of a hangul name in every system (see the module docstring for the keys).

    >>> r = renderings("김일성", "金日成")
    >>> r["mr"][0], r["dprk"][0], r["soviet_ru"][0], r["hu"][0], r["pinyin"][0]
    ('Kim Il-sŏng', 'Kim Il Sung', 'Ким Ир Сен', 'Kim Ir Szen', 'Jin Richeng')
    """
    hangul = "".join(c for c in hangul if is_syllable(c))
    out: dict[str, list[str]] = {}
    for key, system in SYSTEMS.items():
        forms: list[str] = list(OFFICIAL_FORMS.get(hangul, [])) if key == "dprk" else []
        families = name_options(hangul, key)
        share = max(2, limit // max(1, len(families)))
        for surnames, given in families:
            combos = _combos(surnames, given, share)
            family_forms = [format_name(sur, giv, style) for sur, giv in combos[:max(1, share // len(system.formats))]
                            for style in system.formats]
            forms.extend(list(dict.fromkeys(family_forms))[:share])
        out[key] = list(dict.fromkeys(forms))[:limit]
    rok = to_rok(hangul)
    if rok != hangul:  # ROK spelling of the same name, in the ROK systems
        for key in ("mr", "mr_plain", "rr", "rok_popular"):
            for surnames, given in name_options(rok, key):
                extra = format_name(surnames[0], [g[0] for g in given], SYSTEMS[key].formats[0])
                if extra not in out[key]:
                    out[key].append(extra)
    if hanja:
        out["pinyin"] = hanja_mod.pinyin_forms(hanja)
    return out
