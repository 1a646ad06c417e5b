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


_CJK = re.compile(
    "[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002fa1f]"
)


def is_cjk(char: str) -> bool:
    """Hangul, CJK ideographs and kana: scripts written without spaces between words."""
    return _CJK.match(char) is not None


def has_cjk(text: str) -> bool:
    """Whether any character is Hangul, a CJK ideograph or kana."""
    return _CJK.search(text) is not None
