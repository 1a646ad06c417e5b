"""A Soviet surname held in English, as Russian writes and declines it."""
import re

import pytest

from mosaic.lib.names.russian import cyrillic_surname, declined


@pytest.mark.parametrize("latin, russian", [("Puzanov", "Пузанов"), ("Shtykov", "Штыков"), ("Moskovsky", "Московский"),
                                            ("Khrushchev", "Хрущев"), ("Gromyko", "Громыко"), ("Mikoyan", "Микоян"),
                                            ("Kapitsa", "Капица"), ("Shevardnadze", "Шеварднадзе")])
def test_an_english_transliteration_back_in_cyrillic(latin, russian):
    assert cyrillic_surname(latin) == russian


def test_letters_english_transliteration_does_not_use_give_nothing():
    assert cyrillic_surname("Kádár") is None


def test_a_surname_in_every_case():
    pattern = re.compile(declined("Пузанов"))
    assert all(pattern.fullmatch(form) for form in ("Пузанов", "Пузанова", "Пузанову", "Пузановым", "Пузанове"))
    assert not pattern.fullmatch("Пузановская")
    adjectival = re.compile(declined("Московский"))
    assert all(adjectival.fullmatch(form) for form in ("Московский", "Московского", "Московскому", "Московским"))
    assert re.compile(declined("Громыко")).fullmatch("Громыко")
