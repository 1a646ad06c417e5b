"""The languages Mosaic can OCR: which Tesseract pack reads each, and telling them apart.

Scans arrive in the languages of the archives that hold them (Soviet, East German, Polish,
Czechoslovak, Hungarian, Romanian, Bulgarian, Albanian, Chinese and Korean papers, and English
for the rest). Tesseract reads best with the one pack of the page's language, so a page whose
language is not recorded is first read with all of them together and the result identified
with lingua, which is told to choose only among these languages.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# ISO 639-1 -> Tesseract pack, most frequent in the archive first: Tesseract prefers the earlier
# packs of a combination when a word reads equally well in several.
TESSERACT_PACKS: dict[str, str] = {
    "ru": "rus",
    "hu": "hun",
    "de": "deu",
    "pl": "pol",
    "cs": "ces",
    "ro": "ron",
    "bg": "bul",
    "sq": "sqi",
    "en": "eng",
    "zh": "chi_sim",
    "ko": "kor",
}
SUPPORTED_LANGUAGES = tuple(TESSERACT_PACKS)
# Below this many letters lingua's guess between related languages (Czech and Polish, Russian
# and Bulgarian) is little better than chance.
MIN_LETTERS_TO_DETECT = 40


def pack_for(language: str) -> str | None:
    return TESSERACT_PACKS.get(language)


def combined_pack(languages=SUPPORTED_LANGUAGES) -> str:
    """The `-l` argument that reads all these languages at once: "rus+hun+deu+…"."""
    return "+".join(TESSERACT_PACKS[code] for code in languages)


def debian_package(pack: str) -> str:
    return f"tesseract-ocr-{pack.replace('_', '-')}"


@dataclass(frozen=True)
class Detection:
    language: str  # ISO 639-1
    confidence: float  # lingua's share for that language among the candidates, 0–1

    def describe(self) -> str:
        return f"{self.language} ({self.confidence:.2f})"


def letter_count(text: str) -> int:
    return sum(character.isalpha() for character in text)


def detect_language(text: str, candidates=SUPPORTED_LANGUAGES) -> Detection | None:
    """The most likely of the candidate languages for this text, or None when the text is too
    short to tell or lingua recognises none of them."""
    if letter_count(text) < MIN_LETTERS_TO_DETECT:
        return None
    ranked = _detector(tuple(sorted(candidates))).compute_language_confidence_values(text)
    if not ranked or ranked[0].value <= 0:
        return None
    return Detection(ranked[0].language.iso_code_639_1.name.lower(), round(ranked[0].value, 4))


@cache
def _detector(candidates: tuple[str, ...]):
    # Built once per set of candidates: lingua loads its language models on first use.
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in candidates]
    return LanguageDetectorBuilder.from_languages(*languages).build()
