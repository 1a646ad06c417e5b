"""Scanning a rule only around its required words finds exactly what a scan of the whole text finds.

The engine runs each rule only over the sentences (with their neighbours) that hold one of the
words every match of the rule must contain (`engine._scan_windows`). These tests compare that
with a whole-text scan on every passage of the development set and the frozen test set (their
texts only: no annotation is read), on the test fixtures, and on texts whose case folding
changes their length. Test fixtures: written for these tests; not archival text.
"""
import pytest

from mosaic.lib.markers import engine
from mosaic.lib.markers.evaluation import DEVSET_DIR, HELD_OUT_DIR, load_passages
from mosaic.lib.markers.tests.fixtures import CATEGORY_VOICES, MEMORANDUM

TEXTS = (
    [passage.text for passage in load_passages(DEVSET_DIR / "passages.jsonl").values()]
    + [passage.text for passage in load_passages(HELD_OUT_DIR / "passages.jsonl").values()]
    + [MEMORANDUM] + [passage for *_, passage, _ in CATEGORY_VOICES]
    + ["STRASSE. Die Straße ist breit. The Koreans must learn from the Soviet comrades, according to Ri."]
)


def whole_text_scan(words, sites):
    return [(0, len(sites.text))]


def test_windows_find_what_the_whole_text_scan_finds(monkeypatch):
    windowed = [engine.find_markers(text, "en", include_unflagged=True) for text in TEXTS]
    monkeypatch.setattr(engine, "_scan_windows", whole_text_scan)
    whole = [engine.find_markers(text, "en", include_unflagged=True) for text in TEXTS]
    assert sum(len(found) for found in whole) > 500  # the comparison covers many markers
    assert windowed == whole


def test_a_rule_is_scanned_only_near_its_words():
    text = "The harvest was good. " * 40 + "The Koreans are backward in technology. " + "The dam was built. " * 40
    [rule] = [rule for rule in engine.default_lexicon().rules if rule.id == "DEF-001"]
    windows = engine._scan_windows(engine.folded_words(rule.pattern), engine._Sites.of(text, engine.analyse(text, "en")))
    assert len(windows) == 1 and windows[0][1] - windows[0][0] < 120


@pytest.mark.parametrize("text", ["İstanbul: the Koreans are backward.", "ﬁnally the Koreans are backward."])
def test_case_folding_that_changes_the_length_falls_back_to_the_whole_text(text):
    assert len(text.casefold()) != len(text)
    [rule] = [rule for rule in engine.default_lexicon().rules if rule.id == "DEF-001"]
    assert engine._scan_windows(engine.folded_words(rule.pattern), engine._Sites.of(text, engine.analyse(text, "en"))) == [(0, len(text))]
    assert [m.category for m in engine.find_markers(text, "en") if "backward" in m.text] == ["deficit_othering"]


def test_frame_patterns_skipped_where_their_words_are_absent_change_no_voice(monkeypatch):
    from mosaic.lib.markers.required_words import WordSites
    from mosaic.lib.markers.voice import analyse

    def voices(text):
        voice_map = analyse(text, "en")
        return voice_map.reported, voice_map.quotations, [voice_map.voice_at(at) for at in range(0, len(text), 5)]

    sieved = [voices(text) for text in TEXTS]
    monkeypatch.setattr(WordSites, "candidate_sentences", lambda sites, pattern: None)
    everywhere = [voices(text) for text in TEXTS]
    assert sum(len(reported) for reported, _, _ in everywhere) > 400  # the comparison covers many frames
    assert sieved == everywhere


def test_a_dotless_i_does_not_hide_a_match_from_the_word_check(monkeypatch):
    # A case-insensitive "i" matches "ı", which case folding leaves as it is.
    text = "The embassy considers it expedıent to recommend a visit. The plan is good."
    found = engine.find_markers(text, "en", include_unflagged=True)
    assert "PRESC-008" in [marker.rule_id for marker in found]
    monkeypatch.setattr(engine, "_may_match", lambda words, sites: True)
    monkeypatch.setattr(engine, "_scan_windows", whole_text_scan)
    assert engine.find_markers(text, "en", include_unflagged=True) == found
