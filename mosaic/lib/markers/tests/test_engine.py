"""The marker engine on passages written for these tests (test fixtures, not archival text):
each category fires in each voice, the listed negatives stay silent, and every lexicon rule
holds to its own examples."""
import re

import pytest

from mosaic.lib.markers import find_markers, rates, word_count
from mosaic.lib.markers.engine import count_by_category, example_failures, rule_example_failures
from mosaic.lib.markers.lexicon import default_lexicon
from mosaic.lib.markers.tests.fixtures import CATEGORY_VOICES, FIXTURE_NOTE, MEMORANDUM, NEGATIVES
from mosaic.lib.markers.voice import AUTHOR, QUOTATION, REPORTED

LEXICON = default_lexicon()


def test_fixtures_say_what_they_are():
    assert FIXTURE_NOTE == "Passages written for these tests; not archival text."


@pytest.mark.parametrize("category, voice, speaker, passage, wording", CATEGORY_VOICES,
                         ids=[f"{c}-{v}" for c, v, *_ in CATEGORY_VOICES])
def test_each_category_fires_in_each_voice(category, voice, speaker, passage, wording):
    hits = [m for m in find_markers(passage, "en") if m.category == category]
    assert [(m.text, m.voice, m.speaker) for m in hits if m.text == wording] == [(wording, voice, speaker)], hits


def test_every_category_and_voice_is_covered_by_the_fixtures():
    flagged = {c.id for c in LEXICON.categories.values() if c.flagged}
    assert {(c, v) for c, v, *_ in CATEGORY_VOICES} == {(c, v) for c in flagged for v in (AUTHOR, REPORTED, QUOTATION)}


@pytest.mark.parametrize("passage, reason", NEGATIVES, ids=[reason for _, reason in NEGATIVES])
def test_negatives_do_not_fire(passage, reason):
    assert find_markers(passage, "en") == []


@pytest.mark.parametrize("rule", LEXICON.rules, ids=[rule.id for rule in LEXICON.rules])
def test_every_rule_holds_to_its_own_examples(rule):
    assert rule_example_failures(rule, LEXICON.version) == []


def test_the_shipped_lexicon_has_no_failing_example():
    assert example_failures() == []


def test_a_memorandum_keeps_the_officials_words_apart_from_the_diplomats():
    found = [(m.category, m.text, m.voice, m.speaker) for m in find_markers(MEMORANDUM, "en")]
    assert found == [
        ("attributed", "informed us", REPORTED, "Deputy Minister Ri"),
        ("prescriptive", "must", REPORTED, "Deputy Minister Ri"),
        ("deficit_othering", "backward", REPORTED, "Deputy Minister Ri"),
        ("prescriptive", "must", REPORTED, "Deputy Minister Ri"),
        ("attributed", "According to", REPORTED, "the Korean comrades"),
        ("disputing", "in reality", AUTHOR, None),
        ("deficit_othering", "immature", QUOTATION, "Ri"),
        ("prescriptive", "must", QUOTATION, "Ri"),
        ("hierarchy", "learn from the Soviet", QUOTATION, "Ri"),
        ("prescriptive", "should be advised", AUTHOR, None),
    ]
    # "must have arrived" (inference), "fraternal" and "Korean comrades" (formulae) are not flags.
    assert all(m.text != "must" or m.end < MEMORANDUM.index("must have") for m in find_markers(MEMORANDUM, "en"))


def test_every_marker_carries_its_rule_version_and_lexicon_version():
    marker = find_markers("The Koreans must reorganise the cooperatives.", "en")[0]
    assert (marker.rule_id, marker.rule_version, marker.lexicon_version, marker.experimental) == ("PRESC-002", LEXICON.rule("PRESC-002").version, LEXICON.version, False)
    assert marker.as_dict()["start"] == marker.start and "must" == "The Koreans must reorganise"[marker.start:marker.end]


def test_the_longer_wording_wins_within_a_category():
    markers = find_markers("The ambassador should be instructed to raise the question.", "en")
    assert [(m.text, m.rule_id) for m in markers] == [("should be instructed", "PRESC-009")]


def test_markers_of_different_categories_may_overlap():
    text = "The Koreans are by nature backward."
    assert {m.category for m in find_markers(text, "en")} == {"deficit_othering"}
    text = "According to the Korean comrades, they must be advised to wait."
    assert [m.category for m in find_markers(text, "en")] == ["attributed", "prescriptive"]


def test_bloc_formulae_are_counted_only_on_request():
    text = "The ambassador conveyed fraternal greetings to the Korean comrades."
    assert find_markers(text, "en") == []
    counted = find_markers(text, "en", include_unflagged=True)
    assert [(m.category, m.text) for m in counted] == [("bloc_formula", "fraternal"), ("bloc_formula", "Korean comrades")]


@pytest.mark.parametrize("language, text, wording, category", [
    ("ru", "Корейским товарищам следует усилить работу в деревне.", "следует", "prescriptive"),
    ("de", "Die Sowjetunion gilt hier als großer Bruder.", "großer Bruder", "hierarchy"),
    ("hu", "A termés állítólag megkétszereződött.", "állítólag", "attributed"),
    ("pl", "Należy wyjaśnić koreańskim towarzyszom nasze stanowisko.", "Należy", "prescriptive"),
    ("cs", "Korejští soudruzi by měli zlepšit plánování.", "by měli", "prescriptive"),
    ("ro", "Tovarășii coreeni ar trebui să acorde mai multă atenție agriculturii.", "ar trebui", "prescriptive"),
    ("bg", "Корейските другари трябва да подобрят планирането.", "трябва", "prescriptive"),
    ("ru", "На самом деле урожай был средним.", "На самом деле", "disputing"),
])
def test_original_language_cues_fire_marked_experimental(language, text, wording, category):
    markers = find_markers(text, language)
    assert [(m.text, m.category, m.experimental) for m in markers] == [(wording, category, True)]


def test_russian_reported_speech_keeps_the_speaker():
    markers = find_markers("По словам корейских товарищей, урожай якобы удвоился.", "ru")
    assert [(m.text, m.voice, m.speaker) for m in markers] == [
        ("По словам", REPORTED, "корейских товарищей"), ("якобы", REPORTED, "корейских товарищей")]


def test_a_language_without_rules_finds_nothing_and_says_so_through_the_lexicon():
    assert "fr" not in LEXICON.languages()
    assert find_markers("Les camarades coréens doivent travailler.", "fr") == []


def test_language_tags_are_normalised():
    assert find_markers("The Koreans must reorganise the cooperatives.", "en-GB")[0].rule_id == "PRESC-002"


def test_word_count_counts_words_as_readers_do():
    assert word_count("Pak Kum-chol didn't say: “No. 5 is late.”") == 8
    assert word_count("") == 0
    assert word_count("Ким Ир Сен сказал") == 4


def test_rates_per_thousand_words():
    markers = find_markers("The Koreans must reorganise. They must hurry. It is doubtful.", "en")
    assert count_by_category(markers, ["hierarchy"]) == {"hierarchy": 0, "prescriptive": 2, "disputing": 1}
    assert rates(markers, 500, ["hierarchy"]) == {"hierarchy": 0.0, "prescriptive": 4.0, "disputing": 2.0}
    assert rates(markers, 0) == {"prescriptive": None, "disputing": None}


def test_hostile_text_is_only_text():
    text = "<script>alert('must')</script> The Koreans must <b>reorganise</b>."
    assert [m.text for m in find_markers(text, "en")] == ["must", "must"]


def test_the_marker_library_needs_no_django():
    import subprocess
    import sys

    probe = ("import sys, mosaic.lib.markers as m; m.find_markers('They must go.', 'en'); "
             "assert not any(name == 'django' or name.startswith('django.') for name in sys.modules), 'imports Django'")
    subprocess.run([sys.executable, "-c", probe], check=True)


def test_the_words_a_pattern_requires_are_read_off_the_pattern():
    from mosaic.lib.markers.required_words import required_words
    assert required_words(re.compile(r"\b(?:baseless|groundless)\b", re.I)) == ("baseless", "groundless")
    assert required_words(re.compile(r"(?:\bthe\s+)?\bKoreans\s+(?:are|were)\b", re.I)) == ("koreans",)
    assert required_words(re.compile(r"\b(?:has|have)\s+to\b", re.I)) is None  # no word of three letters is certain
    assert required_words(re.compile(r"\bGroß\w*", re.I)) == ("gross",)  # compared case-folded


def test_skipping_rules_whose_words_are_absent_changes_no_result(monkeypatch):
    from mosaic.lib.markers import engine
    texts = [MEMORANDUM] + [passage for *_, passage, _ in CATEGORY_VOICES] + [passage for passage, _ in NEGATIVES]
    texts += [example.text for rule in LEXICON.rules for example in rule.positive + rule.negative]
    languages = sorted(LEXICON.languages())
    with_skip = [find_markers(text, language) for text in texts for language in languages]
    monkeypatch.setattr(engine, "_may_match", lambda words, sites: True)
    assert [find_markers(text, language) for text in texts for language in languages] == with_skip
