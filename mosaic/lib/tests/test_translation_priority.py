import math

import pytest

from mosaic.lib.translation_priority import (
    DEFAULT_WEIGHTS,
    FACTORS,
    PAGES_FROM_FOLIOS,
    PAGES_FROM_TEXT,
    Candidate,
    PriorityConfig,
    Wording,
    estimate_pages,
    rank,
    score,
)

MUCH_REQUESTED_BUT_LONG = Candidate(reader_requests=8, collection_priority=0, pages=45, translated_in_same_country_year=9)
SHORT_AND_IN_A_GAP = Candidate(reader_requests=0, collection_priority=0, pages=2, translated_in_same_country_year=0)


def test_breakdown_sums_to_the_score_and_names_every_factor():
    candidate = Candidate(reader_requests=3, collection_priority=4, pages=10, pages_estimated_from=PAGES_FROM_FOLIOS,
                          translated_in_same_country_year=2, country_year="USSR, 1956")
    priority = score(candidate)
    assert [f.factor for f in priority.factors] == list(FACTORS)
    assert math.isclose(sum(f.contribution for f in priority.factors), priority.score)
    for part in priority.factors:
        assert 0 <= part.normalised <= 1
        assert math.isclose(part.contribution, part.normalised * part.weight)
        assert part.weight == DEFAULT_WEIGHTS[part.factor]
        assert part.explanation and part.label
    assert 0 <= priority.score <= 1


def test_each_factor_moves_the_score_the_stated_way():
    base = Candidate(reader_requests=1, collection_priority=1, pages=10, translated_in_same_country_year=5)
    assert score(Candidate(**{**base.__dict__, "reader_requests": 5})).score > score(base).score
    assert score(Candidate(**{**base.__dict__, "collection_priority": 5})).score > score(base).score
    assert score(Candidate(**{**base.__dict__, "pages": 40})).score < score(base).score  # longer is costlier
    assert score(Candidate(**{**base.__dict__, "translated_in_same_country_year": 0})).score > score(base).score


def test_factors_saturate_at_their_stated_points():
    config = PriorityConfig()
    assert score(Candidate(reader_requests=10)).factor("reader_requests").normalised == 1
    assert score(Candidate(reader_requests=500)).factor("reader_requests").normalised == 1
    assert score(Candidate(collection_priority=5)).factor("collection_priority").normalised == 1
    assert score(Candidate(pages=config.pages_for_zero_score * 2)).factor("length_cost").normalised == 0
    assert score(Candidate(translated_in_same_country_year=50)).factor("coverage_gap").normalised == 0
    assert score(Candidate(translated_in_same_country_year=0)).factor("coverage_gap").normalised == 1


def test_the_cost_is_pages_times_cost_per_page_and_explained():
    part = score(Candidate(pages=12, pages_estimated_from=PAGES_FROM_FOLIOS), PriorityConfig(cost_per_page=25)).factor("length_cost")
    assert part.raw == 300
    assert part.explanation.startswith("About 12 pages (from the folio range), an estimated cost of 300.00 at 25.00 a page.")
    assert "score lower" in part.explanation


def test_unknown_facts_count_as_middling_and_say_so():
    priority = score(Candidate())
    assert priority.factor("length_cost").raw is None and priority.factor("length_cost").normalised == 0.5
    assert priority.factor("coverage_gap").raw is None and priority.factor("coverage_gap").normalised == 0.5
    assert "not known" in priority.factor("length_cost").explanation
    assert "cannot be measured" in priority.factor("coverage_gap").explanation


def test_the_ranking_changes_when_the_weights_change():
    candidates = [("requested", MUCH_REQUESTED_BUT_LONG), ("gap", SHORT_AND_IN_A_GAP)]
    readers_first = PriorityConfig.with_overrides({"weights": {"reader_requests": 1, "collection_priority": 0, "length_cost": 0, "coverage_gap": 0}})
    gaps_first = PriorityConfig.with_overrides({"weights": {"reader_requests": 0.1, "coverage_gap": 1, "length_cost": 0.5}})
    assert [key for key, _ in rank(candidates, readers_first)] == ["requested", "gap"]
    assert [key for key, _ in rank(candidates, gaps_first)] == ["gap", "requested"]


def test_ties_keep_the_given_order():
    same = Candidate(reader_requests=1)
    assert [key for key, _ in rank([("b", same), ("a", same), ("c", same)])] == ["b", "a", "c"]


def test_overrides_merge_with_the_defaults():
    config = PriorityConfig.with_overrides({"weights": {"reader_requests": 2}, "requests_for_full_score": 4}, cost_per_page=12.5)
    assert config.weights == {**DEFAULT_WEIGHTS, "reader_requests": 2}
    assert config.requests_for_full_score == 4 and config.cost_per_page == 12.5
    assert score(Candidate(reader_requests=2), config).factor("reader_requests").contribution == 1.0
    # A cost named among the priority overrides wins over the separate setting.
    assert PriorityConfig.with_overrides({"cost_per_page": 40}, cost_per_page=12.5).cost_per_page == 40


@pytest.mark.parametrize("overrides, message", [
    ({"wieghts": {}}, "unknown translation priority setting"),
    ({"weights": {"popularity": 1}}, "unknown priority factor"),
    ({"weights": {"reader_requests": -1}}, "must be a number of 0 or more"),
    ({"weights": dict.fromkeys(FACTORS, 0)}, "at least one priority weight"),
    ({"requests_for_full_score": 0}, "must be a number above 0"),
    ({"unknown_value": 2}, "between 0 and 1"),
])
def test_bad_settings_are_refused_plainly(overrides, message):
    with pytest.raises(ValueError, match=message):
        PriorityConfig.with_overrides(overrides)


def test_pages_come_from_the_folios_then_the_text():
    assert estimate_pages([(301, 303), (12, None)], [100_000]) == (4.0, PAGES_FROM_FOLIOS)
    assert estimate_pages([], [0, 3700], characters_per_page=1800) == (3, PAGES_FROM_TEXT)
    explained = score(Candidate(pages=3, pages_estimated_from=PAGES_FROM_TEXT), PriorityConfig(characters_per_page=1800))
    assert "(from the text's length at 1,800 characters a page)" in explained.factor("length_cost").explanation
    assert estimate_pages([], []) == (None, "")


def test_explanations_read_as_plain_words():
    priority = score(Candidate(reader_requests=1, collection_priority=3, translated_in_same_country_year=1, country_year="Hungary, 1957"))
    assert priority.factor("reader_requests").explanation.startswith("1 reader asked")
    assert "priority 3 of 5" in priority.factor("collection_priority").explanation
    assert "1 document from Hungary, 1957 is translated already" in priority.factor("coverage_gap").explanation


def test_explanations_are_whole_sentences_in_the_wording_given():
    # A caller's gettext and ngettext (Django's, on a Korean page) receive whole messages with named values.
    asked = []

    def gettext(message):
        asked.append(message)
        return "«" + message + "»"

    def ngettext(singular, plural, number):
        asked.append(singular)
        return "«" + (singular if number == 1 else plural) + "»"

    priority = score(Candidate(reader_requests=2, collection_priority=3, pages=1, pages_estimated_from=PAGES_FROM_FOLIOS,
                               translated_in_same_country_year=0, country_year="Hungary, 1957"), words=Wording(gettext, ngettext))
    assert priority.factor("reader_requests").explanation == "«2 readers asked for a translation.» «10 requests count in full.»"
    assert priority.factor("collection_priority").label == "«Collection priority»"
    assert priority.factor("coverage_gap").explanation == "«No document from Hungary, 1957 is translated yet: a gap in the record.»"
    assert not any(message.startswith(" ") or message.endswith(" ") for message in asked)
