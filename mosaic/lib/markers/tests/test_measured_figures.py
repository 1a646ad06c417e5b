"""The figures the shipped lexicon states for the dev set are the ones the dev set gives.

For every category whose `measured` names the dev set ("devset-2026.12"), the evaluation is run
again with the shipped lexicon and the shipped annotations, and the stored object must equal the
recomputed one. A figure can therefore neither go stale after a rule changes nor be typed in by
hand. While nothing is measured the test has nothing to compare; the second test shows that it
does compare once something is.
"""
import copy
import json

from mosaic.lib.markers.evaluation import TEST_SET, evaluate, load_devset, measured_entries, predict
from mosaic.lib.markers.lexicon import DEFAULT_LEXICON_PATH, default_lexicon, parse_lexicon


def recomputed(lexicon) -> dict:
    devset = load_devset(categories=lexicon.categories)
    result = evaluate(devset.gold, predict(devset.passages, lexicon).spans, lexicon.categories)
    return measured_entries(result, len(devset.passages))


def stale_figures(lexicon) -> list[str]:
    """Every category whose stored dev-set figures differ from a fresh evaluation."""
    stored = {c.id: c.measured.as_dict() for c in lexicon.categories.values()
              if c.measured is not None and c.measured.test_set == TEST_SET}
    if not stored:
        return []
    fresh = recomputed(lexicon)
    return [f"{category}: stored {figures} but the dev set gives {fresh.get(category)}"
            for category, figures in stored.items() if figures != fresh.get(category)]


def test_the_shipped_measured_figures_are_what_the_devset_gives():
    assert stale_figures(default_lexicon()) == []


def test_a_stored_figure_that_differs_is_caught():
    data = json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    lexicon = parse_lexicon(data)
    fresh = recomputed(lexicon)
    category = next(iter(fresh))
    honest = copy.deepcopy(data)
    honest["categories"][category]["measured"] = fresh[category]
    assert stale_figures(parse_lexicon(honest)) == []
    invented = copy.deepcopy(honest)
    entry = invented["categories"][category]["measured"]
    entry["recall"] = round(min(1.0, entry["recall"] + 0.05), 3) if entry["recall"] < 1 else 0.9
    entry["recall_interval"] = [0.0, 1.0]
    assert [problem.split(":")[0] for problem in stale_figures(parse_lexicon(invented))] == [category]
