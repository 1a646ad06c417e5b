"""OCR languages: the pack for each language, and detection among only those languages.
The sentences below are invented for these tests."""
import pytest

from mosaic.lib.ocr_languages import (
    SUPPORTED_LANGUAGES,
    TESSERACT_PACKS,
    combined_pack,
    debian_package,
    detect_language,
    pack_for,
)
from mosaic.lib.vocabularies import LANGUAGES


def test_every_archive_language_read_by_ocr_has_a_pack():
    assert TESSERACT_PACKS == {"ru": "rus", "hu": "hun", "de": "deu", "pl": "pol", "cs": "ces", "ro": "ron", "bg": "bul",
                               "sq": "sqi", "en": "eng", "zh": "chi_sim", "ko": "kor"}
    assert set(SUPPORTED_LANGUAGES) <= set(LANGUAGES)
    assert pack_for("ru") == "rus" and pack_for("ja") is None and pack_for("") is None


def test_combined_pack_and_debian_package_names():
    assert combined_pack() == "rus+hun+deu+pol+ces+ron+bul+sqi+eng+chi_sim+kor"
    assert combined_pack(["ru", "bg"]) == "rus+bul"
    assert debian_package("chi_sim") == "tesseract-ocr-chi-sim"
    assert debian_package("rus") == "tesseract-ocr-rus"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Посол сообщил, что переговоры о поставках зерна продолжатся в следующем месяце в Пхеньяне.", "ru"),
        ("Посланикът съобщи, че преговорите за доставките на зърно ще продължат следващия месец.", "bg"),
        ("A nagykövet jelentette, hogy a gabonaszállításról szóló tárgyalások jövő hónapban folytatódnak.", "hu"),
        ("Velvyslanec oznámil, že jednání o dodávkách obilí budou pokračovat příští měsíc v Pchjongjangu.", "cs"),
        ("Ambasador poinformował, że rozmowy w sprawie dostaw zboża będą kontynuowane w przyszłym miesiącu.", "pl"),
        ("Der Botschafter teilte mit, dass die Verhandlungen über die Getreidelieferungen im nächsten Monat weitergehen.", "de"),
        ("Ambasadorul a comunicat că negocierile privind livrările de cereale vor continua luna viitoare.", "ro"),
    ],
)
def test_detects_the_language_of_a_page(text, expected):
    detection = detect_language(text)
    assert detection.language == expected
    assert 0.5 < detection.confidence <= 1
    assert detection.describe().startswith(f"{expected} (")


def test_answers_only_with_languages_mosaic_can_ocr():
    slovak = "Veľvyslanec oznámil, že rokovania o dodávkach obilia budú pokračovať budúci mesiac v Pchjongjangu."
    assert detect_language(slovak).language in SUPPORTED_LANGUAGES
    assert detect_language(slovak, candidates=("ru", "hu")).language == "hu"


def test_too_little_text_is_not_guessed():
    assert detect_language("") is None
    assert detect_language("Ким Ир Сен, 1957") is None
