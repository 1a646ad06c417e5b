"""The frame lexicon (`frames.json`): what the shipped one promises, its examples, and clear
errors for broken ones.

Test fixtures: the example sentences below were written for these tests; not archival text.
"""
import copy
import json

import pytest

from mosaic.lib.markers.errors import LexiconError
from mosaic.lib.markers.lexicon import default_lexicon
from mosaic.lib.markers.voice import DEFAULT_FRAMES_PATH, default_frames, frame_example_failures, load_frames

SHIPPED = json.loads(DEFAULT_FRAMES_PATH.read_text(encoding="utf-8"))


def broken(tmp_path, change):
    data = copy.deepcopy(SHIPPED)
    change(data)
    path = tmp_path / "frames.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LexiconError) as raised:
        load_frames(path)
    return str(raised.value), raised.value, path


def test_the_shipped_frames_load_with_a_version_and_a_changelog():
    frames = default_frames()
    assert frames.version == SHIPPED["version"] == "2026.12-2"
    assert SHIPPED["changelog"][-1].startswith(frames.version)


def test_every_language_with_marker_rules_has_frames_with_examples():
    frames = default_frames()
    assert default_lexicon().languages() <= set(frames.languages)
    assert all(language.examples for language in frames.languages.values())
    # English is reviewed; the other languages' frames are seed cues, as their marker rules are.
    assert {code for code, language in frames.languages.items() if not language.experimental} == {"en"}


def test_every_frame_example_gets_the_voice_and_speaker_it_states():
    assert frame_example_failures() == []


def test_a_wrong_expectation_is_reported_with_language_and_example(tmp_path):
    data = copy.deepcopy(SHIPPED)
    data["languages"]["de"]["examples"][0]["speaker"] = "Genosse Kim"
    path = tmp_path / "frames.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    failures = frame_example_failures(load_frames(path))
    assert len(failures) == 1 and "language “de”, example 1" in failures[0] and "'Genosse Kim'" in failures[0]


def test_a_bad_regular_expression_names_the_file_the_language_and_the_item(tmp_path):
    message, error, path = broken(tmp_path, lambda d: d["languages"]["ru"]["speech_verbs"].append("сказал(а"))
    assert str(path) in message
    assert "language “ru”: speech_verbs item 23 ('сказал(а') is not a valid regular expression" in message


def test_every_problem_is_listed_at_once(tmp_path):
    def several(data):
        data["languages"]["pl"]["examples"][0]["at"] = "nowhere in the text"
        data["languages"]["cs"]["examples"][0]["voice"] = "narration"
        data["languages"]["hu"].pop("complement")
        data["languages"]["en"]["turn_verb"] = ["said"]
        data.pop("version")
    message, error, _ = broken(tmp_path, several)
    assert len(error.problems) == 5, error.problems
    assert "language “pl”: example 1: “at” must be words that occur in the text" in message
    assert "language “cs”: example 1: unknown voice “narration”" in message
    assert "language “hu”: missing “complement”" in message
    assert "language “en”: unknown key “turn_verb”" in message
    assert "“version” must be a non-empty string" in message


def test_a_language_needs_examples(tmp_path):
    message, *_ = broken(tmp_path, lambda d: d["languages"]["bg"].update(examples=[]))
    assert "language “bg”: “examples” must be a non-empty list" in message


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(LexiconError, match="nowhere.json"):
        load_frames(tmp_path / "nowhere.json")


def test_the_frames_share_the_lexicons_version():
    # Stored markers record only the lexicon version: a change of voice rules must raise it too,
    # or `lens_markers refresh` would not recompute the layers it affects.
    assert default_frames().version == default_lexicon().version
