"""Numeric claims. The sentences are written for these tests; they are not archival text."""
from mosaic.lib.claims import extract_claims, match_claims, sentences

OFFICIAL = ("In 1957 the grain harvest reached 3.2 million tons, and industrial output grew by 44 per cent "
            "compared with 1956. The cooperatives now unite 1,200,000 peasant households.")
REPORT = ("According to the Korean comrades, the grain harvest in 1957 was 3,200,000 tons. "
          "Industrial output rose by 44% in 1957. The embassy counted 12 tractors at the station.")


def test_figures_with_units_scales_and_years():
    claims = extract_claims(OFFICIAL)
    assert [(c.value, c.unit) for c in claims] == [(3.2e6, "tonne"), (44.0, "percent"), (1.2e6, "people")]
    assert claims[0].years == (1956, 1957) and "grain" in claims[0].words and "harvest" in claims[0].words
    assert OFFICIAL[claims[1].start:claims[1].end] == "44 per cent"


def test_a_repeated_figure_about_the_same_thing_matches_and_others_do_not():
    matches = match_claims(extract_claims(REPORT), extract_claims(OFFICIAL))
    assert [(m.report.figure, m.official.figure) for m in matches] == [("3,200,000 tons", "3.2 million tons"),
                                                                       ("44%", "44 per cent")]
    assert "harvest" in matches[0].shared_words


def test_same_number_different_subject_or_year_is_not_an_echo():
    other = extract_claims("Steel production in 1957 was 3.2 million tons.")
    assert match_claims(other, extract_claims(OFFICIAL)) == []
    wrong_year = extract_claims("The grain harvest in 1959 was 3.2 million tons.")
    assert match_claims(wrong_year, extract_claims(OFFICIAL)) == []
    assert extract_claims("In 1958 workers met.") == []


def test_sentence_offsets_point_into_the_text():
    for offset, sentence in sentences(REPORT):
        assert REPORT[offset:offset + len(sentence)] == sentence
