"""The figures the shipped lexicon states are the ones the annotated sets give.

For every category whose `measured` names the dev set ("devset-2026.12"), and every one whose
`held_out` names the frozen test set ("testset-2026.12"), the evaluation is run again with the
shipped lexicon and the shipped annotations, and the stored object must equal the recomputed
one. A figure can therefore neither go stale after a rule changes nor be typed in by hand.
"""
import copy
import json

import pytest

from mosaic.lib.markers.evaluation import (
    DEVSET_DIR, HELD_OUT_DIR, HELD_OUT_SET, TEST_SET, evaluate, load_devset, measured_entries, predict,
)
from mosaic.lib.markers.lexicon import DEFAULT_LEXICON_PATH, default_lexicon, parse_lexicon

SETS = {"measured": (DEVSET_DIR, TEST_SET), "held_out": (HELD_OUT_DIR, HELD_OUT_SET)}


def recomputed(lexicon, field: str = "measured") -> dict:
    directory, name = SETS[field]
    devset = load_devset(directory, categories=lexicon.categories)
    result = evaluate(devset.gold, predict(devset.passages, lexicon).spans, lexicon.categories)
    return measured_entries(result, len(devset.passages), name)


def stale_figures(lexicon) -> list[str]:
    """Every category whose stored figures differ from a fresh evaluation of their set."""
    problems = []
    for field, (_, name) in SETS.items():
        stored = {c.id: getattr(c, field).as_dict() for c in lexicon.categories.values()
                  if getattr(c, field) is not None and getattr(c, field).test_set == name}
        if not stored:
            continue
        fresh = recomputed(lexicon, field)
        problems += [f"{category}: stored {field} {figures} but {name} gives {fresh.get(category)}"
                     for category, figures in stored.items() if figures != fresh.get(category)]
    return problems


def test_every_flagged_category_states_figures_from_both_sets():
    for category in default_lexicon().categories.values():
        assert category.measured is not None and category.measured.test_set == TEST_SET, category.id
        assert category.held_out is not None and category.held_out.test_set == HELD_OUT_SET, category.id


def test_the_shipped_measured_figures_are_what_the_devset_gives():
    assert stale_figures(default_lexicon()) == []


@pytest.mark.parametrize("field", ["measured", "held_out"])
def test_a_stored_figure_that_differs_is_caught(field):
    data = json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    lexicon = parse_lexicon(data)
    fresh = recomputed(lexicon, field)
    category = next(iter(fresh))
    honest = copy.deepcopy(data)
    honest["categories"][category][field] = fresh[category]
    assert stale_figures(parse_lexicon(honest)) == []
    invented = copy.deepcopy(honest)
    entry = invented["categories"][category][field]
    entry["recall"] = round(min(1.0, entry["recall"] + 0.05), 3) if entry["recall"] < 1 else 0.9
    entry["recall_interval"] = [0.0, 1.0]
    assert [problem.split(":")[0] for problem in stale_figures(parse_lexicon(invented))] == [category]
