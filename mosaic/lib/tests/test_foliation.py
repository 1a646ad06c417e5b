import pytest

from mosaic.lib.foliation import FolioError, count, difference, format_folios, gaps, intersection, overlaps, parse_folios


def test_folios_are_parsed_merged_and_formatted():
    assert parse_folios("153-164, 44–45; ll. 46") == [(44, 46), (153, 164)]
    assert format_folios(parse_folios("1,2,3, 7")) == "1–3, 7"
    assert count(parse_folios("44-45, 153-164")) == 14
    for bad in ("44a", "45-44", "0-3", "ll. x"):
        with pytest.raises(FolioError):
            parse_folios(bad)


def test_the_gap_between_two_documents_of_one_delo():
    held = parse_folios("44-45") + parse_folios("153-164")
    assert gaps(held) == [(46, 152)]
    assert gaps(held, first=1, last=170) == [(1, 43), (46, 152), (165, 170)]
    assert gaps([]) == []


def test_a_recopied_reel_lacks_what_the_older_copy_has():
    older, newer = parse_folios("1-200"), parse_folios("1-120, 126-200")
    assert difference(older, newer) == [(121, 125)]
    assert difference(newer, older) == []
    assert intersection(older, newer) == [(1, 120), (126, 200)]


def test_overlapping_holdings_are_named():
    found = overlaps({"doc A": [(44, 46)], "doc B": [(46, 50)], "doc C": [(60, 61)]})
    assert found == [((46, 46), ["doc A", "doc B"])]
