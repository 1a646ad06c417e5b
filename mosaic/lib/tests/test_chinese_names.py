"""A Chinese person's name in the forms the reports wrote it, and names read as Chinese first."""
from pathlib import Path

from mosaic.lib.names import ForeignPerson, NameMatcher, load_authority
from mosaic.lib.names.chinese import all_pinyin, chinese_forms, syllables

NAMES = Path(__file__).resolve().parents[2] / "data" / "names"


def test_the_forms_of_a_chinese_name_in_every_system():
    forms = dict(chinese_forms("Zhou Enlai", "周恩來"))
    assert {"Zhou Enlai", "Zhou En-lai", "Chou En-lai", "Чжоу Эньлай", "周恩來"} <= set(forms)
    assert forms["Чжоу Эньлай"] == "ru" and forms["Chou En-lai"] == "en"
    wade_giles = {form for form, _ in chinese_forms("Mao Zedong", "毛澤東")}
    assert "Mao Tse-tung" in wade_giles
    assert {"Ch'en I", "Chen I", "Чэнь И"} <= {form for form, _ in chinese_forms("Chen Yi", "陳毅")}


def test_the_pinyin_as_written_settles_a_character_of_two_readings():
    assert syllables("Zhou Enlai", "周恩來") == ["zhou", "en", "lai"]
    assert syllables("Wrong Name", "周恩來") is None
    # Characters and pinyin that do not agree give only the form as written.
    assert chinese_forms("Wrong Name", "周恩來") == [("Wrong Name", "zh-Latn"), ("周恩來", "zh")]


def test_a_name_that_spells_pinyin():
    assert all_pinyin("Chen Yi") and all_pinyin("Zhou Enlai") and all_pinyin("Deng Xiaoping")
    assert not all_pinyin("Kim Il") and not all_pinyin("Ri Chu Yon") and not all_pinyin("Nam Il")
    assert not all_pinyin("Ким Ир Сен") and not all_pinyin("")


def seed_matcher(foreign=()):
    return NameMatcher(load_authority(NAMES / "authority_seed.tsv", NAMES / "aliases.tsv"), foreign)


def test_a_pinyin_name_no_korean_form_matches_whole_is_not_a_confident_korean_reading():
    matcher = seed_matcher()
    # "Chen Yi" sounds like Ri Chu-yŏn's Russian-derived forms, but no form of his matches it whole.
    assert matcher.resolve("Chen Yi").candidates[0].score < 0.9
    # Korean names, and Korean names in pinyin from their hanja, are read as before.
    assert matcher.resolve("Nam Il").candidates[0].score >= 0.95
    assert matcher.resolve("Jin Richeng").candidates[0].person_id == "P001"


def test_a_foreign_person_claims_his_own_name_in_every_form():
    chen = ForeignPerson("X-chen", "Chen Yi", tuple(chinese_forms("Chen Yi", "陳毅")))
    puzanov = ForeignPerson("X-puzanov", "Aleksandr Puzanov", (("Пузанов Александр Михайлович", "ru"),))
    matcher = seed_matcher([chen, puzanov])
    for written in ("Chen Yi", "Marshal Chen Yi", "Чэнь И", "陈毅", "陳毅", "Ch'en I"):
        resolution = matcher.resolve(written)
        assert resolution.candidates[0].person_id == "X-chen" and not resolution.ambiguous, written
    assert matcher.resolve("Aleksandr Puzanov").candidates[0].person_id == "X-puzanov"
    assert matcher.resolve("Kim Il Sung").candidates[0].person_id == "P001"
    assert {form for form, _system, _kind in matcher.forms("X-chen")} >= {"Chen Yi", "Чэнь И"}
