"""The measuring instrument: loading the dev set, matching, intervals, the keyword baseline.

Test fixtures: the passages below were written for these tests; not archival text.
"""
import json

import pytest

from mosaic.lib.markers.evaluation import (
    DevsetError, Passage, Span, agreement, baseline_keywords, baseline_predict, evaluate, find_occurrence,
    load_annotations, load_devset, load_passages, match, measured_entries, speakers_agree, term_keywords,
    wilson_interval,
)
from mosaic.lib.markers.engine import word_count
from mosaic.lib.markers.lexicon import DEFAULT_LEXICON_PATH, LexiconError, default_lexicon, parse_lexicon

CATEGORIES = ["prescriptive", "attributed", "disputing"]


def span(start, end, category="prescriptive", voice="author", speaker=None, passage="p1"):
    return Span(passage, start, end, category, voice, speaker)


def write_lines(path, rows):
    path.write_text("\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


# --- matching -----------------------------------------------------------------------------------

def test_overlap_of_the_same_category_matches_and_touching_spans_do_not():
    gold = [span(10, 20)]
    assert match(gold, [span(15, 30)]) == [(gold[0], span(15, 30))]
    assert match(gold, [span(20, 25)]) == []          # touching at the boundary is no overlap
    assert match(gold, [span(10, 20, "attributed")]) == []
    assert match(gold, [span(10, 20, passage="p2")]) == []


def test_matching_is_one_to_one_and_prefers_the_largest_overlap():
    # One long prediction over two gold spans pairs with the one it covers most; the other is missed.
    gold = [span(0, 4), span(6, 20)]
    predicted = [span(2, 18)]
    assert match(gold, predicted) == [(gold[1], predicted[0])]
    result = evaluate(gold, predicted, CATEGORIES)
    score = result.categories["prescriptive"]
    assert (score.tp, score.fp, score.fn) == (1, 0, 1)
    assert result.false_negatives == [gold[0]]

    # Two predictions on one gold span: one pairs, the other is a false positive.
    result = evaluate([span(0, 10)], [span(0, 3), span(2, 10)], CATEGORIES)
    assert [(p.start, p.end) for _, p in result.pairs] == [(2, 10)]
    assert [(p.start, p.end) for p in result.false_positives] == [(0, 3)]


def test_greedy_by_overlap_does_not_let_an_early_small_overlap_steal_a_gold_span():
    gold = [span(0, 10), span(12, 14)]
    predicted = [span(8, 13), span(0, 9)]
    pairs = {(g.start, p.start) for g, p in match(gold, predicted)}
    assert pairs == {(0, 0), (12, 8)}


def test_scores_precision_recall_and_empty_cases():
    gold = [span(0, 5), span(10, 15), span(20, 25, "attributed")]
    predicted = [span(0, 5), span(30, 35), span(40, 45, "disputing")]
    result = evaluate(gold, predicted, CATEGORIES)
    presc, attr, disp = (result.categories[c] for c in CATEGORIES)
    assert (presc.precision, presc.recall) == (0.5, 0.5)
    assert attr.precision is None and attr.recall == 0.0 and attr.precision_interval is None   # nothing predicted
    assert disp.recall is None and disp.precision == 0.0 and disp.recall_interval is None      # nothing to find
    assert evaluate([], [], CATEGORIES).categories["prescriptive"].f1 is None


def test_voice_accuracy_and_loose_speaker_agreement():
    gold = [span(0, 5, voice="reported_speech", speaker="Deputy Minister Ri"),
            span(10, 15, voice="reported_speech", speaker="Pak Song-chol"),
            span(20, 25, voice="author"),
            span(30, 35, voice="quotation", speaker="Kim Il Sung")]
    predicted = [span(0, 5, voice="reported_speech", speaker="Ri"),
                 span(10, 15, voice="reported_speech", speaker="he"),      # a pronoun names nobody
                 span(20, 25, voice="reported_speech", speaker="Pak"),
                 span(30, 35, voice="quotation", speaker="Kim Chang-man")]
    voice = evaluate(gold, predicted, CATEGORIES).voice
    assert (voice.matched, voice.same) == (4, 3)
    assert voice.by_voice["author"] == [1, 0] and voice.by_voice["reported_speech"] == [2, 2]
    assert (voice.speakers_compared, voice.speakers_agreeing) == (2, 1)


@pytest.mark.parametrize("first, second, agree", [
    ("Ri", "Deputy Minister Ri", True),
    ("KIM IL SUNG", "Comrade Kim", True),
    ("Kim Il Sung", "Kim Chang-man", False),
    ("Ri", "Pak Ri-son", False),          # whole words: "Ri" is not inside "Ri-son"
    ("the Secretary", "The Secretary", True),
])
def test_speaker_agreement_is_loose_but_by_whole_names(first, second, agree):
    assert speakers_agree(first, second) is agree


# --- intervals ------------------------------------------------------------------------------------

@pytest.mark.parametrize("successes, n, low, high", [
    # Newcombe, Statistics in Medicine 17 (1998), 857-872, table I (Wilson score method).
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_published_values(successes, n, low, high):
    interval = wilson_interval(successes, n)
    assert interval == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_edges():
    assert wilson_interval(0, 0) is None
    assert wilson_interval(10, 10)[1] == 1.0 and wilson_interval(0, 10)[0] == 0.0
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


# --- loading --------------------------------------------------------------------------------------

PASSAGE = {"id": "t-1", "text": "He said the embassy must wait; it must not hurry.", "genre": "test",
           "provenance": "written for this test", "split": "dev"}


def test_quotes_resolve_to_offsets_by_occurrence(tmp_path):
    passages = load_passages(write_lines(tmp_path / "p.jsonl", [PASSAGE]))
    path = write_lines(tmp_path / "a.jsonl", [
        {"passage": "t-1", "quote": "must", "occurrence": 2, "category": "prescriptive", "voice": "author", "speaker": None},
    ])
    [gold] = load_annotations(path, passages, CATEGORIES)
    assert (gold.start, gold.end, gold.text) == (34, 38, "must")
    assert PASSAGE["text"][gold.start:gold.end] == "must"
    assert find_occurrence("aaa", "aa", 2) == 1 and find_occurrence("abc", "x", 1) is None


def test_a_quote_not_found_is_refused_naming_file_and_line(tmp_path):
    passages = load_passages(write_lines(tmp_path / "p.jsonl", [PASSAGE]))
    path = write_lines(tmp_path / "a.jsonl", [
        {"passage": "t-1", "quote": "must", "occurrence": 1, "category": "prescriptive", "voice": "author"},
        {"passage": "t-1", "quote": "must", "occurrence": 3, "category": "prescriptive", "voice": "author"},
        {"passage": "t-1", "quote": "ought to", "occurrence": 1, "category": "prescriptive", "voice": "author"},
    ])
    with pytest.raises(DevsetError) as raised:
        load_annotations(path, passages, CATEGORIES)
    problems = raised.value.problems
    assert problems == [f"{path}:2: the quote 'must' occurs 2 times in t-1, so occurrence 3 cannot be found",
                        f"{path}:3: the quote 'ought to' occurs 0 times in t-1, so occurrence 1 cannot be found"]


def test_every_kind_of_bad_annotation_is_reported_at_once(tmp_path):
    passages = load_passages(write_lines(tmp_path / "p.jsonl", [PASSAGE]))
    path = write_lines(tmp_path / "a.jsonl", [
        "{not json",
        {"passage": "t-9", "quote": "must", "occurrence": 1, "category": "prescriptive", "voice": "author"},
        {"passage": "t-1", "quote": "must", "occurrence": 0, "category": "prescriptive", "voice": "author"},
        {"passage": "t-1", "quote": "must", "occurrence": 1, "category": "modal", "voice": "author"},
        {"passage": "t-1", "quote": "must", "occurrence": 1, "category": "prescriptive", "voice": "narrator"},
        {"passage": "t-1", "quote": "must", "occurrence": 1, "category": "prescriptive"},
        {"passage": "t-1", "quote": "must", "occurrence": 1, "category": "prescriptive", "voice": "author"},
        {"passage": "t-1", "quote": "must", "occurrence": 1, "category": "prescriptive", "voice": "author"},
    ])
    with pytest.raises(DevsetError) as raised:
        load_annotations(path, passages, CATEGORIES)
    problems = raised.value.problems
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:{n}" for n in (1, 2, 3, 4, 5, 6, 8)]
    assert "not valid JSON" in problems[0] and "no passage with id 't-9'" in problems[1]
    assert "whole number from 1" in problems[2] and "unknown category 'modal'" in problems[3]
    assert "unknown voice 'narrator'" in problems[4] and "missing voice" in problems[5]
    assert "the same span and category as line 7" in problems[6]


def test_bad_passages_are_reported(tmp_path):
    path = write_lines(tmp_path / "p.jsonl", [PASSAGE, PASSAGE, {**PASSAGE, "id": "t-2", "split": "train"},
                                              {"id": "t-3", "text": ""}])
    with pytest.raises(DevsetError) as raised:
        load_passages(path)
    assert raised.value.problems == [
        f"{path}:2: the passage id t-1 is used twice",
        f"{path}:3: split must be one of dev, test",
        f"{path}:4: missing genre, provenance, split",
    ]
    with pytest.raises(DevsetError, match="cannot be read"):
        load_passages(tmp_path / "absent.jsonl")


def test_the_second_annotator_is_loaded_when_present_and_agreement_computed(tmp_path):
    write_lines(tmp_path / "passages.jsonl", [PASSAGE])
    row = {"passage": "t-1", "quote": "must", "occurrence": 1, "category": "prescriptive", "voice": "author"}
    write_lines(tmp_path / "annotations_a.jsonl", [row, {**row, "occurrence": 2}])
    assert load_devset(tmp_path).second is None
    write_lines(tmp_path / "annotations_b.jsonl", [{**row, "voice": "reported_speech", "annotator": "b"}])
    devset = load_devset(tmp_path, CATEGORIES)
    result = agreement(devset.gold, devset.second, CATEGORIES)
    assert result["categories"]["prescriptive"] == {"a": 2, "b": 1, "both": 1, "span_f1": pytest.approx(2 / 3)}
    assert result["voice"] == {"both": 1, "same_voice": 0, "agreement": 0.0}


# --- the keyword baseline and the stored figures ------------------------------------------------------

@pytest.mark.parametrize("term, keywords", [
    ("ought to", ["ought to"]),
    ("elder / older / big brother", ["elder brother", "older brother", "big brother"]),
    ("it is said / reported", ["it is said", "it is reported"]),
    ("X informed us / me", ["informed us", "informed me"]),
    ("not true / untrue", ["not true", "untrue"]),
    ("window-dressing / for propaganda purposes", ["window-dressing", "for propaganda purposes"]),
    ("backward(ness)", ["backwardness", "backward"]),
    ("typical of (the) Koreans / by nature", ["typical of the Koreans", "typical of Koreans", "by nature"]),
    ("actually (after a contrast)", ["actually"]),
    ("“the Koreans are …” (character)", ["the Koreans are"]),
])
def test_term_keywords(term, keywords):
    assert term_keywords(term) == keywords


def test_the_baseline_matches_whole_words_case_insensitively_in_the_author_voice():
    passages = {"x": Passage("x", "MUST we? The mustard must, Pak said, be sent.", "test", "test", "dev")}
    spans = baseline_predict(passages, {"prescriptive": ["must"], "attributed": []})
    assert [(s.text, s.voice) for s in spans] == [("MUST", "author"), ("must", "author")]


def test_baseline_keywords_come_from_the_lexicons_english_terms():
    keywords = baseline_keywords(default_lexicon())
    english_categories = {rule.category for rule in default_lexicon().rules_for("en")}
    assert {c for c, words in keywords.items() if words} == english_categories


def test_measured_entries_are_what_the_lexicon_loader_accepts():
    gold = [span(0, 5), span(10, 15), span(20, 25, "attributed")]
    predicted = [span(0, 5), span(30, 35)]
    entries = measured_entries(evaluate(gold, predicted, CATEGORIES), n_documents=3)
    assert set(entries) == {"prescriptive", "attributed"}       # disputing has no gold spans: stays unmeasured
    assert entries["prescriptive"]["precision"] == 0.5 and entries["prescriptive"]["n_predicted"] == 2
    assert entries["attributed"]["precision"] is None and entries["attributed"]["precision_interval"] is None
    data = json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    for category, entry in entries.items():
        data["categories"][category]["measured"] = entry
    lexicon = parse_lexicon(data)
    assert lexicon.categories["prescriptive"].measured.precision_interval == tuple(entries["prescriptive"]["precision_interval"])
    assert lexicon.categories["attributed"].measured.precision is None


def test_the_shipped_devset_loads_and_covers_every_category_and_voice():
    lexicon = default_lexicon()
    devset = load_devset(categories=lexicon.categories)
    assert len(devset.passages) >= 60
    assert all(40 <= word_count(p.text) <= 250 for p in devset.passages.values())
    covered = {(g.category, g.voice) for g in devset.gold}
    for category in lexicon.categories:
        assert sum(1 for g in devset.gold if g.category == category) >= 5, category
    for voice in ("author", "reported_speech", "quotation"):
        assert sum(1 for g in devset.gold if g.voice == voice) >= 5, voice
    assert len(covered) >= 15
    # passages without any marker are part of the set, so that false positives can show
    assert any(not any(g.passage == pid for g in devset.gold) for pid in devset.passages)


@pytest.mark.parametrize("change, problem", [
    ({"precision": None}, "“precision” may be null only when “n_predicted” is 0"),
    ({"precision_interval": [0.9, 0.95]}, "“precision_interval” must be [low, high], numbers from 0 to 1 around the precision"),
    ({"recall_interval": [0.2]}, "“recall_interval” must be [low, high]"),
    ({"n_predicted": -1}, "“n_predicted” must be a whole number of at least 0"),
    ({"ci95_precision": [0.1, 0.9]}, "unknown key “ci95_precision”"),
])
def test_the_lexicon_refuses_inconsistent_measured_figures(change, problem):
    data = json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    data["categories"]["prescriptive"]["measured"] = {
        "precision": 0.8, "recall": 0.5, "precision_interval": [0.6, 0.9], "recall_interval": [0.3, 0.7],
        "n_spans": 20, "n_predicted": 12, "n_documents": 70, "test_set": "devset-2026.12", **change}
    with pytest.raises(LexiconError) as raised:
        parse_lexicon(data)
    assert any(problem in p for p in raised.value.problems), raised.value.problems
