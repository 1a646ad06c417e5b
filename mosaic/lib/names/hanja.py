"""Hanja (Chinese characters) in Korean names: Mandarin pinyin, Korean readings, simplified forms.

Three jobs, all needed because Chinese-language sources (and PRC press) write our people in
characters or in pinyin:

* hanja → pinyin with pypinyin, except for the surname: pypinyin reads 朴 as the common word pǔ,
  but as a Korean surname it is Piáo (朴憲永 = Piao Xianyong). `SURNAME_PINYIN` fixes that.
* hanja → hangul (金昌奉 → 김창봉) from the Unicode Unihan kHangul readings shipped in
  data/hanja_hangul.tsv, so a name written in characters finds a person whose hanja are unknown.
* hangul → the Mandarin readings of every hanja with that Korean reading (창 → chang, cang, …),
  so "Jin Changman" can be matched to 김창만 even though the authority has no hanja for him.

Simplified characters are mapped to the traditional form used in Korea (宪 → 憲) by
data/simplified_traditional.tsv, but only for characters that have no Korean reading of their own:
朴 stays 朴 although Unihan lists 樸 as its traditional variant.

The two data files are derived from Unihan 14.0 (© Unicode, Inc., Unicode License v3); rebuild
them with `python -m mosaic.lib.names.hanja UNIHAN_DIR`.
"""
from __future__ import annotations

import functools
import itertools
import re
import sys
import unicodedata
from pathlib import Path

DATA = Path(__file__).with_name("data")

# Korean surname hanja whose Mandarin reading as a surname differs from pypinyin's default
# reading of the character (or where we want to be explicit). Value: toneless, tone-marked.
SURNAME_PINYIN: dict[str, tuple[str, str]] = {
    "朴": ("piao", "piáo"), "金": ("jin", "jīn"), "崔": ("cui", "cuī"), "李": ("li", "lǐ"),
    "許": ("xu", "xǔ"), "许": ("xu", "xǔ"), "姜": ("jiang", "jiāng"), "康": ("kang", "kāng"),
    "林": ("lin", "lín"), "鄭": ("zheng", "zhèng"), "郑": ("zheng", "zhèng"), "南": ("nan", "nán"),
    "吳": ("wu", "wú"), "吴": ("wu", "wú"), "尹": ("yin", "yǐn"), "徐": ("xu", "xú"),
    "沈": ("shen", "shěn"), "單": ("shan", "shàn"), "单": ("shan", "shàn"), "區": ("ou", "ōu"),
    "仇": ("qiu", "qiú"), "查": ("zha", "zhā"), "解": ("xie", "xiè"), "曾": ("zeng", "zēng"),
    "樂": ("yue", "yuè"), "乐": ("yue", "yuè"), "覃": ("qin", "qín"), "蓋": ("ge", "gě"),
    "车": ("che", "chē"), "車": ("che", "chē"), "黃": ("huang", "huáng"), "洪": ("hong", "hóng"),
    "趙": ("zhao", "zhào"), "張": ("zhang", "zhāng"), "韓": ("han", "hán"), "文": ("wen", "wén"),
    "方": ("fang", "fāng"), "武": ("wu", "wǔ"), "高": ("gao", "gāo"), "玄": ("xuan", "xuán"),
}

# Mandarin readings of Korean surnames, keyed by the hangul surname, for people whose hanja are
# unknown: 김 is almost always 金 (Jin), 박 is 朴 (Piao). Several surnames have more than one
# common character (정 鄭/丁, 강 姜/康, 전 全/田/錢).
SURNAME_PINYIN_BY_HANGUL: dict[str, tuple[str, ...]] = {
    "김": ("jin",), "박": ("piao",), "리": ("li",), "이": ("li",), "최": ("cui",), "허": ("xu",),
    "서": ("xu",), "강": ("jiang", "kang"), "정": ("zheng", "ding"), "림": ("lin",), "임": ("lin", "ren"),
    "남": ("nan",), "윤": ("yin",), "무": ("wu",), "고": ("gao",), "문": ("wen",), "방": ("fang", "pang"),
    "오": ("wu",), "한": ("han",), "조": ("zhao", "cao"), "장": ("zhang", "jiang"), "황": ("huang",),
    "안": ("an",), "송": ("song",), "류": ("liu",), "유": ("liu", "yu"), "전": ("quan", "tian", "qian"),
    "홍": ("hong",), "량": ("liang",), "양": ("liang", "yang"), "손": ("sun",), "배": ("pei",),
    "백": ("bai",), "심": ("shen",), "로": ("lu",), "노": ("lu",), "하": ("he",), "곽": ("guo",),
    "성": ("cheng",), "차": ("che",), "주": ("zhu", "zhou"), "우": ("yu",), "구": ("ju", "qiu"),
    "라": ("luo",), "나": ("luo",), "민": ("min",), "진": ("chen", "jin", "qin"), "지": ("chi", "ji"),
    "엄": ("yan",), "채": ("cai",), "원": ("yuan",), "천": ("qian",), "공": ("kong",), "현": ("xuan",),
    "함": ("xian",), "변": ("bian",), "염": ("lian", "yan"), "렴": ("lian",), "태": ("tai",),
    "석": ("shi",), "명": ("ming",), "탁": ("zhuo",), "계": ("gui",), "연": ("yan",), "마": ("ma",),
    "길": ("ji",), "위": ("wei",), "표": ("biao",), "기": ("qi",), "반": ("pan",), "왕": ("wang",),
    "금": ("qin",), "옥": ("yu",), "육": ("lu",), "륙": ("lu",), "인": ("yin",), "맹": ("meng",),
    "모": ("mao",), "국": ("ju",), "어": ("yu",), "은": ("yin",), "경": ("jing",), "봉": ("feng",),
    "두": ("du",), "동": ("dong",), "호": ("hu",), "설": ("xue",), "남궁": ("nangong",),
    "제갈": ("zhuge",), "선우": ("xianyu",), "황보": ("huangfu",), "독고": ("dugu",), "사공": ("sikong",),
}

# Hangul readings of surname hanja where the general table's first reading is not the surname one.
SURNAME_HANGUL: dict[str, tuple[str, ...]] = {
    "金": ("김",), "李": ("리", "이"), "林": ("림", "임"), "柳": ("류", "유"), "劉": ("류", "유"),
    "盧": ("로", "노"), "羅": ("라", "나"), "梁": ("량", "양"), "呂": ("려", "여"), "廉": ("렴", "염"),
    "陸": ("륙", "육"), "龍": ("룡", "용"), "朴": ("박",), "車": ("차",), "沈": ("심",), "許": ("허",),
}


def is_han(ch: str) -> bool:
    """A CJK unified ideograph (basic block, extension A, compatibility ideographs)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2A6DF


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002a6df]")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def _read_tsv(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    with open(DATA / name, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            key, _, value = line.rstrip("\n").partition("\t")
            table[key] = value
    return table


@functools.cache
def hangul_readings_table() -> dict[str, tuple[str, ...]]:
    """hanja → its Korean readings (金 → 금, 김)."""
    return {k: tuple(v.split()) for k, v in _read_tsv("hanja_hangul.tsv").items()}


@functools.cache
def _traditional_table() -> dict[str, str]:
    return _read_tsv("simplified_traditional.tsv")


def to_traditional(text: str) -> str:
    """Simplified → traditional for characters that Korean does not use itself (宪 → 憲)."""
    table = _traditional_table()
    return "".join(table.get(ch, ch) for ch in text)


def _strip_tone(syllable: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", syllable) if not unicodedata.combining(c)).replace("ü", "v")


def pinyin_readings(hanja: str, toned: bool = False, heteronyms: bool = False) -> list[list[str]]:
    """Per character, its pinyin readings; the first character read as a Korean surname."""
    from pypinyin import Style, pinyin

    chars = [c for c in hanja if is_han(c)]
    if not chars:
        return []
    style = Style.TONE if toned else Style.NORMAL
    out = [list(dict.fromkeys(r)) for r in pinyin("".join(chars), style=style, heteronym=heteronyms, errors="ignore")]
    if not toned:
        out = [list(dict.fromkeys(_strip_tone(s) for s in r)) for r in out]
    first = chars[0]
    if first in SURNAME_PINYIN and out:
        override = SURNAME_PINYIN[first][1 if toned else 0]
        out[0] = [override] + ([r for r in out[0] if r != override] if heteronyms else [])
    return out


def _format_pinyin(parts: list[str]) -> str:
    """"jin", "ri", "cheng" → "Jin Richeng"; an apostrophe before a/o/e-initial syllables (Zheng'ai)."""
    if not parts:
        return ""
    given = parts[0 + 1:]
    joined = ""
    for i, p in enumerate(given):
        joined += ("'" if i and p[:1] in "aoe" else "") + p
    return parts[0].capitalize() + (" " + joined.capitalize() if joined else "")


def pinyin_forms(hanja: str, limit: int = 4) -> list[str]:
    """Display forms: "Piao Xianyong", then pypinyin's plain reading of the surname ("Pu
    Xianyong", a common slip) and other readings of polyphonic given-name characters."""
    readings = pinyin_readings(hanja, heteronyms=True)
    if not readings:
        return []
    main = [r[0] for r in readings]
    forms = [_format_pinyin(main)]
    plain = pinyin_readings(hanja[0]) and lazy_surname(hanja[0])
    if plain and plain != main[0]:
        forms.append(_format_pinyin([plain] + main[1:]))
    for combo in itertools.islice(itertools.product(*readings[1:]), limit * 4):
        forms.append(_format_pinyin([main[0], *combo]))
    return list(dict.fromkeys(forms))[:limit]


def lazy_surname(char: str) -> str:
    """pypinyin's everyday reading of a character, ignoring the surname table (朴 → pu)."""
    from pypinyin import lazy_pinyin

    out = lazy_pinyin(char, errors="ignore")
    return out[0] if out else ""


def toned_key(hanja: str) -> str:
    """Tone-marked pinyin of a hanja name: equal for its simplified and traditional spellings."""
    return " ".join(r[0] for r in pinyin_readings(hanja, toned=True))


def hangul_spellings(hanja: str, limit: int = 16) -> list[str]:
    """Hangul readings of a hanja name (金昌奉 → 김창봉, 금창봉 …), surname reading first."""
    table = hangul_readings_table()
    chars = [c for c in to_traditional(hanja) if is_han(c)]
    options: list[tuple[str, ...]] = []
    for i, c in enumerate(chars):
        readings = (SURNAME_HANGUL.get(c) if i == 0 else None) or table.get(c)
        if not readings:
            return []
        options.append(readings)
    return ["".join(p) for p in itertools.islice(itertools.product(*options), limit)]


@functools.cache
def _hangul_to_pinyin() -> dict[str, dict[str, float]]:
    """hangul syllable → {Mandarin reading: weight}: the readings (toneless) of every hanja with
    that Korean reading, weighted by how many of those hanja have it, the commonest being 1.0
    (의 → yi 1.0 …, 완 → wan 1.0, yu small), so that a rare reading ranks below a common one."""
    from pypinyin.pinyin_dict import pinyin_dict  # code point → "tone-marked,readings"

    counts: dict[str, dict[str, int]] = {}
    for ch, readings in hangul_readings_table().items():
        raw = pinyin_dict.get(ord(ch))
        if not raw:
            continue
        mandarin = {_strip_tone(r) for r in raw.split(",")}
        for h in readings:
            slot = counts.setdefault(h, {})
            for m in mandarin:
                slot[m] = slot.get(m, 0) + 1
    out = {}
    for h, slot in counts.items():
        top = max(slot.values())
        out[h] = {m: n / top for m, n in slot.items()}
    return out


def mandarin_readings(syllable: str) -> dict[str, float]:
    """Mandarin readings of the hanja a Korean syllable may stand for, with weights in (0, 1]
    (창 → {chang: 1.0, cang: …})."""
    return _hangul_to_pinyin().get(syllable, {})


@functools.cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (about 410), for telling pinyin from other romanizations."""
    from pypinyin.pinyin_dict import pinyin_dict

    found = set()
    for raw in pinyin_dict.values():
        for r in raw.split(","):
            s = _strip_tone(r)
            if s.isascii() and s.isalpha():
                found.add(s)
    found -= {"m", "n", "ng", "hm", "hng", "r", "ê"}  # interjections, not name syllables
    return frozenset(found)


@functools.cache
def _pinyin_word() -> re.Pattern:
    syllables = sorted(pinyin_syllables(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(syllables) + ")+")


def is_pinyin_word(word: str) -> bool:
    """True when a run-together word splits into pinyin syllables ("changman", "zhengai")."""
    return _pinyin_word().fullmatch(word) is not None


def segment_pinyin(word: str) -> list[str] | None:
    """Split a run-together pinyin word into syllables ("changman" → chang man), or None."""
    valid = pinyin_syllables()
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(min(n, i + 6), i, -1):
            if word[i:j] in valid and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = best[i] + [word[i:j]]
    return best[n]


# ---------------------------------------------------------------------------------------------
# Rebuilding the data files from Unihan (development only; run time never downloads anything).

def build_tables(unihan_dir: str) -> None:
    """Write data/hanja_hangul.tsv and data/simplified_traditional.tsv from Unihan text files."""
    src = Path(unihan_dir)
    readings: dict[str, list[str]] = {}
    with open(src / "Unihan_Readings.txt", encoding="utf-8") as fh:
        for line in fh:
            if "\tkHangul\t" in line:
                cp, _, value = line.rstrip("\n").split("\t")
                readings[chr(int(cp[2:], 16))] = [r.partition(":")[0] for r in value.split()]
    traditional: dict[str, str] = {}
    with open(src / "Unihan_Variants.txt", encoding="utf-8") as fh:
        for line in fh:
            if "\tkTraditionalVariant\t" in line:
                cp, _, value = line.rstrip("\n").split("\t")
                simp = chr(int(cp[2:], 16))
                trads = [chr(int(v[2:], 16)) for v in value.split()]
                trad = next((t for t in trads if t in readings), None)
                if simp not in readings and trad and trad != simp:
                    traditional[simp] = trad
    header = "# Derived from Unicode Unihan 14.0 (Unicode, Inc.; Unicode License v3). "
    with open(DATA / "hanja_hangul.tsv", "w", encoding="utf-8") as out:
        out.write(header + "kHangul: hanja<TAB>Korean readings\n")
        for ch in sorted(readings):
            out.write(f"{ch}\t{' '.join(dict.fromkeys(readings[ch]))}\n")
    with open(DATA / "simplified_traditional.tsv", "w", encoding="utf-8") as out:
        out.write(header + "kTraditionalVariant, for characters without a Korean reading\n")
        for ch in sorted(traditional):
            out.write(f"{ch}\t{traditional[ch]}\n")


if __name__ == "__main__":  # pragma: no cover
    build_tables(sys.argv[1])
