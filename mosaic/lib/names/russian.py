"""A Soviet surname as Russian texts write it, from its English transliteration, with the case
endings Russian gives it: "Puzanov" → Пузанов, Пузанова, Пузанову, Пузановым, Пузанове.

English transliterations lose little of a Russian surname (kh, zh, ts, ch, sh, shch, ya, yu,
-sky); this reverses the common ones, which is enough to find a surname the authority holds in
English when a Russian document declines it. A heuristic: forms it cannot settle (e/э, i/й)
take the usual choice inside a word.
"""
from __future__ import annotations

import re

_SEQUENCES = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"),
              ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("iy", "ий"), ("yi", "ый")]
_LETTERS = dict(zip("abvgdezijklmnoprstufy", "абвгдезийклмнопрстуфы"))
_LETTERS.update({"c": "к", "h": "х", "w": "в", "x": "кс", "q": "к"})


def cyrillic_surname(latin: str) -> str | None:
    """The Russian spelling of an English-transliterated surname, or None if it has letters
    English transliteration does not use."""
    word = latin.lower()
    if not re.fullmatch(r"[a-z'-]+", word):
        return None
    if word.endswith("sky") or word.endswith("skiy") or word.endswith("skii"):
        word = re.sub(r"sk(?:y|iy|ii)$", "", word) + "\0"  # \0 marks the -ский ending
    out, at = [], 0
    while at < len(word):
        if word[at] == "\0":
            out.append("ский")
            at += 1
            continue
        for latin_letters, cyrillic in _SEQUENCES:
            if word.startswith(latin_letters, at):
                out.append(cyrillic)
                at += len(latin_letters)
                break
        else:
            char = word[at]
            if char == "e" and at == 0:
                out.append("э")
            elif char == "y" and at + 1 < len(word) and word[at + 1] not in "aeiouy":
                out.append("ы")
            elif char == "y":
                out.append("й")
            elif char in "'-":
                out.append("ь" if char == "'" else "-")
            else:
                out.append(_LETTERS.get(char, ""))
            at += 1
    cyrillic = "".join(out)
    return cyrillic[0].upper() + cyrillic[1:] if cyrillic else None


def declined(surname: str) -> str:
    """A regular expression for the surname in any case: -ов/-ев/-ин take а, у, ым, е; -ский
    takes ого, ому, им, ом; others are left as written."""
    if surname.endswith("ский"):
        return re.escape(surname[:-2]) + "(?:ий|ого|ому|им|ом)"
    if re.search(r"(?:ов|ев|ёв|ин|ын)$", surname):
        return re.escape(surname) + "(?:а|у|ым|е)?"
    return re.escape(surname)
