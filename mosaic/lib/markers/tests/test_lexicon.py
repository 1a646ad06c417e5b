"""The lexicon file: what the shipped one promises, and clear errors for broken ones.

Test fixtures: the example sentences below were written for these tests; not archival text.
"""
import copy
import json

import pytest

from mosaic.lib.markers.lexicon import DEFAULT_LEXICON_PATH, LexiconError, default_lexicon, load_lexicon
from mosaic.lib.markers.sense import SENSE_FILTERS

SHIPPED = json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))


def write(tmp_path, data, name="markers.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def broken(tmp_path, change):
    """The shipped lexicon with one change, written to a file; returns the error loading it gives."""
    data = copy.deepcopy(SHIPPED)
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(LexiconError) as raised:
        load_lexicon(path)
    return str(raised.value), raised.value, path


def rule_entry(data, rule_id):
    return next(rule for rule in data["rules"] if rule["id"] == rule_id)


def test_the_shipped_lexicon_loads():
    lexicon = default_lexicon()
    assert lexicon.version == SHIPPED["version"] == "2026.12-2"
    assert set(lexicon.categories) == {"prescriptive", "hierarchy", "deficit_othering", "attributed", "disputing", "bloc_formula"}
    assert [c.id for c in lexicon.categories.values() if not c.flagged] == ["bloc_formula"]


def test_a_held_out_figure_is_checked_like_a_measured_one(tmp_path):
    def bad_held_out(data):
        data["categories"]["prescriptive"]["held_out"] = {"precision": 0.9, "recall": 0.8, "n_spans": 0,
                                                          "n_documents": 40, "test_set": "testset-2026.12"}
    message, error, path = broken(tmp_path, bad_held_out)
    assert "(held out)" in message and "n_spans" in message


def test_every_english_rule_has_positive_and_negative_examples():
    for rule in default_lexicon().rules_for("en"):
        assert rule.positive and rule.negative, rule.id
        assert not rule.experimental, rule.id


def test_original_language_cues_ship_experimental():
    others = [rule for rule in default_lexicon().rules if rule.language != "en"]
    assert {rule.language for rule in others} == {"ru", "hu", "de", "pl", "cs", "ro", "bg"}
    assert all(rule.experimental for rule in others)


def test_every_named_filter_exists_and_every_filter_is_used():
    used = {name for rule in default_lexicon().rules for name in rule.sense_filters}
    assert used == set(SENSE_FILTERS)


def test_rules_cite_themselves_with_their_version():
    assert default_lexicon().rule("HIER-001").ref == "HIER-001@v1"
    assert default_lexicon().rule("PRESC-002").ref == "PRESC-002@v2"  # changed in 2026.12-1: inference vs obligation


def test_a_bad_regular_expression_names_the_file_and_the_rule(tmp_path):
    message, error, path = broken(tmp_path, lambda d: rule_entry(d, "PRESC-002").update(pattern=r"\bmust(\b"))
    assert str(path) in message and "rule PRESC-002: the pattern is not a valid regular expression" in message
    assert error.problems == [error.problems[0]]


def test_an_unknown_category_is_named(tmp_path):
    message, *_ = broken(tmp_path, lambda d: rule_entry(d, "HIER-001").update(category="paternalism"))
    assert "rule HIER-001: unknown category “paternalism”" in message


def test_missing_examples_are_refused_for_english_rules(tmp_path):
    message, *_ = broken(tmp_path, lambda d: rule_entry(d, "DISP-001")["examples"].update(negative=[]))
    assert "rule DISP-001: needs at least one negative example" in message
    message, *_ = broken(tmp_path, lambda d: rule_entry(d, "DISP-002").pop("examples"))
    assert "rule DISP-002: missing “examples”" in message


def test_an_unknown_sense_filter_is_refused(tmp_path):
    message, *_ = broken(tmp_path, lambda d: rule_entry(d, "PRESC-003")["sense_filters"].append("not_epistemc"))
    assert "rule PRESC-003: unknown sense filter “not_epistemc”" in message


def test_a_pattern_that_matches_nothing_at_every_position_is_refused(tmp_path):
    message, *_ = broken(tmp_path, lambda d: rule_entry(d, "ATTR-005").update(pattern=r"(?:reportedly)?"))
    assert "rule ATTR-005: the pattern matches an empty string" in message


def test_ids_are_never_reused(tmp_path):
    message, *_ = broken(tmp_path, lambda d: rule_entry(d, "DISP-004").update(id="DISP-003"))
    assert "rule DISP-003: the id is used by another rule" in message


def test_every_problem_is_listed_at_once(tmp_path):
    def several(data):
        rule_entry(data, "PRESC-001").update(version=0)
        rule_entry(data, "HIER-002").update(language="English")
        data["categories"]["disputing"].pop("what_it_cannot_tell")
    message, error, _ = broken(tmp_path, several)
    assert len(error.problems) == 3
    assert "rule PRESC-001: “version” must be a whole number of at least 1" in message
    assert "rule HIER-002: “language” must be an ISO 639-1 code" in message
    assert "category “disputing”: missing “what_it_cannot_tell”" in message


def test_a_measurement_needs_its_test_set_and_size(tmp_path):
    message, *_ = broken(tmp_path, lambda d: d["categories"]["prescriptive"].update(measured={"precision": 0.8, "recall": 0.5}))
    assert "category “prescriptive”: “measured” lacks n_documents, n_spans, test_set" in message
    message, *_ = broken(tmp_path, lambda d: d["categories"]["prescriptive"].update(
        measured={"precision": 80, "recall": 0.5, "n_spans": 64, "n_documents": 30, "test_set": "ts-1"}))
    assert "measured “precision” must be a number from 0 to 1" in message


def test_invalid_json_gives_the_line(tmp_path):
    path = tmp_path / "markers.json"
    path.write_text('{\n  "version": "x",\n  "rules": [,]\n}', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"(?s)markers\.json: .*the file is not valid JSON: .* at line 3"):
        load_lexicon(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(LexiconError, match="nowhere.json"):
        load_lexicon(tmp_path / "nowhere.json")


def test_a_minimal_valid_lexicon(tmp_path):
    data = {
        "version": "test-1",
        "categories": {"prescriptive": {"label": "Prescriptive", "what_it_can_tell": "a", "what_it_cannot_tell": "b", "measured": None}},
        "rules": [{"id": "T-001", "version": 1, "category": "prescriptive", "language": "en", "term": "must",
                   "pattern": r"\bmust\b", "sense_filters": [], "rationale": "test", "experimental": False,
                   "examples": {"positive": ["They must go."], "negative": ["They went."]}}],
    }
    lexicon = load_lexicon(write(tmp_path, data))
    assert lexicon.version == "test-1" and lexicon.rule("T-001").pattern.search("MUST")  # case-insensitive by default
