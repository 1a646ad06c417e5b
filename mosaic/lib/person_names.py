"""Splitting a person's name into given and family parts for citations.

"James F. Person" → given "James F.", family "Person"; "Ivanov, V. I." → family "Ivanov",
given "V. I.". East Asian names written family-first ("Kim Il Sung", "Zhou Enlai") are kept whole:
turning them into "Sung, Kim Il" would be wrong, so citation styles get them as one literal name.
"""
from __future__ import annotations

import re

# Family names that open East Asian names as our sources write them (Korean in MR, RR and the
# forms the bloc archives used; common Chinese ones in pinyin and Wade-Giles).
FAMILY_FIRST = {
    "kim", "ri", "li", "lee", "yi", "rhee", "pak", "park", "bak", "choe", "choi", "chong", "chung", "jeong", "jong",
    "ho", "heo", "han", "nam", "o", "oh", "yun", "yoon", "kang", "cho", "jo", "chang", "jang", "hong", "hwang",
    "song", "an", "ahn", "im", "rim", "lim", "yu", "ryu", "yang", "paek", "baek", "mun", "moon", "seo", "so", "shin",
    "sin", "kwon", "gwon", "ko", "go", "hyon", "hyeon", "chon", "jeon", "chun", "ch'oe", "ch'oi",
    "mao", "zhou", "chou", "deng", "teng", "liu", "peng", "zhu", "chu", "chen", "wang", "zhang", "lin",
    "qiao", "ch'iao", "kang", "song", "guo", "kuo", "huang", "wu", "xu", "hsu", "zhao", "chao", "ye", "yeh",
    "tsedenbal", "batmunkh",
}


def split_name(name: str, is_person: bool = True) -> tuple[str, str, str]:
    """(given, family, literal): literal is set, and the others empty, when the name stays whole."""
    name = " ".join(name.split())
    if not is_person or not name:
        return "", "", name
    if "," in name:
        family, _, given = name.partition(",")
        if given.strip() and family.strip() and not any(s in given for s in ("Jr", "Sr", "II")):
            return given.strip(), family.strip(), ""
        return "", "", name
    words = name.split(" ")
    if len(words) == 1 or words[0].casefold().rstrip(".") in FAMILY_FIRST:
        return "", "", name
    return " ".join(words[:-1]), words[-1], ""


def natural_name(indexed: str) -> str:
    """'Nixon, Richard M.' → 'Richard M. Nixon'; 'Kim Il Sung (Kim Il-sung)' → 'Kim Il Sung'.

    The volume's index inverts Western names; East Asian names are printed family name first
    with a romanisation variant in parentheses, which we drop.
    """
    name = re.sub(r"\s*\([^)]*\)\s*$", "", indexed.strip())
    parts = [part.strip() for part in name.split(",")]
    if len(parts) < 2 or not parts[1]:
        return name
    surname, given, *suffixes = parts
    natural = f"{given} {surname}"
    for suffix in suffixes:
        # FRUS prints "John S. McCain, Jr." but "John N. Irwin II".
        natural += f", {suffix}" if suffix in {"Jr.", "Sr."} else f" {suffix}"
    return natural
