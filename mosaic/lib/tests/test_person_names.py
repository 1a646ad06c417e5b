import pytest

from mosaic.lib.person_names import split_name


@pytest.mark.parametrize(
    "name, expected",
    [
        ("James F. Person", ("James F.", "Person", "")),
        ("Ivanov, V. I.", ("V. I.", "Ivanov", "")),
        ("Kim Il Sung", ("", "", "Kim Il Sung")),
        ("Zhou Enlai", ("", "", "Zhou Enlai")),
        ("Pak Heon-yeong", ("", "", "Pak Heon-yeong")),
        ("Stalin", ("", "", "Stalin")),
        ("Balazs Szalontai", ("Balazs", "Szalontai", "")),
        ("Henry A. Kissinger", ("Henry A.", "Kissinger", "")),
    ],
)
def test_split_name(name, expected):
    assert split_name(name) == expected


def test_organisations_stay_whole():
    assert split_name("Leon Levy Foundation", is_person=False) == ("", "", "Leon Levy Foundation")
