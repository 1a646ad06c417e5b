"""Folding text for search so that "Stefanescu" finds "Ştefănescu" and "Lodz" finds "Łódź".

Most diacritics decompose in Unicode (ş = s + cedilla) and a search tokenizer can drop the mark.
A few letters do not decompose (ł, đ, ø, ı, ħ) or are not folded by the search tokenizer (ё): `fold_letters` maps those one-to-one, keeping the
text's length, so a position in the folded text is the same position in the original and a
snippet found in one can be shown from the other.
"""
from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ı": "i", "ħ": "h", "Ħ": "H",
    "ŀ": "l", "Ŀ": "L", "ŧ": "t", "Ŧ": "T", "ʼ": "'", "’": "'",
    # Russian print mostly writes ё as е; FTS5 drops marks from Latin letters only.
    "ё": "е", "Ё": "Е",
})


def fold_letters(text: str) -> str:
    """Map letters without a Unicode decomposition to their base letter; length is unchanged."""
    return text.translate(_LETTERS)


def fold(text: str) -> str:
    """Full folding for comparisons: letters mapped, marks removed, case folded."""
    decomposed = unicodedata.normalize("NFKD", fold_letters(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def is_cjk(char: str) -> bool:
    """Hangul, CJK ideographs and kana: scripts written without spaces between words."""
    code = ord(char)
    return (
        0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xAC00 <= code <= 0xD7AF  # hangul
        or 0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF  # han
        or 0x20000 <= code <= 0x2FA1F
    )


_CJK = re.compile(
    "[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002fa1f]"
)


def has_cjk(text: str) -> bool:
    """Whether any character is Hangul, a CJK ideograph or kana (the same ranges as `is_cjk`)."""
    return _CJK.search(text) is not None
