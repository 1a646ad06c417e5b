"""Measure the language-marker rules on the team's annotated development set.

    .venv/bin/python bench/markers_eval.py [--json] [--misses] [--write-measured] [--held-out]
                                           [--devset DIR] [--lexicon FILE]

Prints, for each category: the number of gold spans and of predicted markers, precision and
recall with Wilson 95% intervals, and beside them the precision and recall of a keyword baseline
(the lexicon's English terms as bare whole-word matches, no sense filters, every hit in the
author's voice). Then voice accuracy over matched pairs, overall and by the gold voice, with
speaker agreement where both the gold span and the marker name a person; agreement between the
two annotators when annotations_b.jsonl exists; and the time the marker pass took.

A match is a predicted marker and a gold span of the same category in the same passage that
overlap; pairs are one-to-one, largest overlap first (mosaic/lib/markers/evaluation.py).

--misses        lists every false positive, false negative and voice or speaker disagreement
                with its context, for the people writing rules.
--json          prints everything as one JSON object instead of tables.
--held-out      measures on the frozen test set (mosaic/data/lexicon/testset, "testset-2026.12")
                instead of the development set: written and annotated blind to the rules, it says
                how they do on text they were not tuned on. Figures only: --misses is refused
                with it, because reading its errors would tune the rules to it.
--write-measured
                writes each category's figures into the lexicon: the development set's into
                `measured` ("devset-2026.12") and the frozen test set's into `held_out`. Run it
                only when the rules are final: mosaic/lib/markers/tests/test_measured_figures.py
                recomputes both and fails when a stored figure differs. A category without gold
                spans keeps null.

Runs without Django.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mosaic.lib.markers.evaluation import (  # noqa: E402
    DEVSET_DIR, HELD_OUT_DIR, HELD_OUT_SET, TEST_SET, agreement, baseline_keywords, baseline_predict, context, evaluate, load_devset,
    measured_entries, names_a_person, predict, speakers_agree,
)
from mosaic.lib.markers.lexicon import DEFAULT_LEXICON_PATH, load_lexicon  # noqa: E402


def _figure(value) -> str:
    return "  —  " if value is None else f"{value:.2f}"


def _interval(interval) -> str:
    return "[   —   ]" if interval is None else f"[{interval[0]:.2f}–{interval[1]:.2f}]"


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole}" + (f" ({part / whole:.2f})" if whole else "")


def run(devset_dir: Path, lexicon_path: Path, name: str = TEST_SET) -> dict:
    lexicon = load_lexicon(lexicon_path)
    devset = load_devset(devset_dir, lexicon.categories)
    categories = list(lexicon.categories)
    rules = predict(devset.passages, lexicon)
    system = evaluate(devset.gold, rules.spans, categories)
    keywords = baseline_keywords(lexicon)
    baseline = evaluate(devset.gold, baseline_predict(devset.passages, keywords), categories)
    return {"name": name, "lexicon": lexicon, "devset": devset, "run": rules, "system": system, "baseline": baseline,
            "keywords": keywords, "categories": categories,
            "agreement": agreement(devset.gold, devset.second, categories) if devset.second is not None else None}


def report_json(result: dict) -> dict:
    devset, rules = result["devset"], result["run"]
    return {
        "test_set": result["name"],
        "lexicon_version": result["lexicon"].version,
        "passages": len(devset.passages),
        "words": devset.words,
        "gold_spans": len(devset.gold),
        "system": result["system"].as_dict(),
        "baseline": {**result["baseline"].as_dict(), "keywords": result["keywords"]},
        "agreement": result["agreement"],
        "timing": {"seconds": rules.seconds, "passages_per_second": rules.passages_per_second,
                   "ms_per_1000_words": rules.ms_per_1000_words},
        "measured": measured_entries(result["system"], len(devset.passages), result["name"]),
    }


def print_tables(result: dict) -> None:
    devset, system, baseline, rules = result["devset"], result["system"], result["baseline"], result["run"]
    kind = "Frozen test set (held out)" if result["name"] == HELD_OUT_SET else "Dev set"
    print(f"{kind} {result['name']}: {len(devset.passages)} passages, {devset.words} words, {len(devset.gold)} gold spans; "
          f"lexicon {result['lexicon'].version}")
    print("Match: same category, overlapping characters, one-to-one (largest overlap first). Intervals: Wilson 95%.\n")
    header = f"{'category':<17} {'gold':>4} {'pred':>4}  {'precision':<19} {'recall':<19}  {'baseline P':>10} {'baseline R':>10}"
    print(header)
    print("-" * len(header))
    for category in result["categories"]:
        s, b = system.categories[category], baseline.categories[category]
        print(f"{category:<17} {s.n_gold:>4} {s.n_predicted:>4}  "
              f"{_figure(s.precision)} {_interval(s.precision_interval):<14} {_figure(s.recall)} {_interval(s.recall_interval):<14}  "
              f"{_figure(b.precision):>10} {_figure(b.recall):>10}")
    total_tp = sum(s.tp for s in system.categories.values())
    total_pred = sum(s.n_predicted for s in system.categories.values())
    total_gold = sum(s.n_gold for s in system.categories.values())
    print(f"{'all':<17} {total_gold:>4} {total_pred:>4}  precision {_share(total_tp, total_pred)}, recall {_share(total_tp, total_gold)}")
    print("(baseline: the keywords of the lexicon's English terms, whole words, no sense filters, voice always author)")

    voice = system.voice
    print(f"\nVoice of matched markers: {_share(voice.same, voice.matched)} right; by gold voice: "
          + "; ".join(f"{v} {_share(s, m)}" for v, (m, s) in voice.by_voice.items()))
    print(f"Speaker, where both name a person: {_share(voice.speakers_agreeing, voice.speakers_compared)} agree "
          "(loosely: case, titles ignored, one name within the other)")
    bvoice = baseline.voice
    print(f"Baseline voice (always author): {_share(bvoice.same, bvoice.matched)} right")

    if result["agreement"] is None:
        print("\nInter-annotator agreement: no annotations_b.jsonl yet (one annotator so far).")
    else:
        print("\nInter-annotator agreement (a against b):")
        for category, row in result["agreement"]["categories"].items():
            print(f"  {category:<17} a {row['a']:>3}  b {row['b']:>3}  both {row['both']:>3}  span F1 {_figure(row['span_f1'])}")
        v = result["agreement"]["voice"]
        print(f"  voice on spans both marked: {_share(v['same_voice'], v['both'])}")

    print(f"\nTiming of the marker pass (voice analysis included): {rules.seconds:.3f} s for {rules.passages} passages "
          f"= {rules.passages_per_second:.0f} passages/s, {rules.ms_per_1000_words:.1f} ms per 1,000 words")


def print_misses(result: dict) -> None:
    devset, system = result["devset"], result["system"]
    text = {pid: passage.text for pid, passage in devset.passages.items()}

    def line(span, prefix):
        who = f" ({span.voice}{', ' + span.speaker if span.speaker else ''})"
        return f"  {prefix} {span.passage} {span.category}{who}: {context(text[span.passage], span.start, span.end)}"

    print("\nFalse positives (flagged, not in the gold):")
    for span in sorted(system.false_positives, key=lambda s: (s.category, s.passage, s.start)):
        print(line(span, "FP"))
    print("\nFalse negatives (in the gold, not flagged):")
    for span in sorted(system.false_negatives, key=lambda s: (s.category, s.passage, s.start)):
        print(line(span, "FN"))
    print("\nVoice or speaker disagreements (gold → rules):")
    for gold, predicted in system.pairs:
        wrong_voice = gold.voice != predicted.voice
        wrong_speaker = (not wrong_voice and names_a_person(gold.speaker) and names_a_person(predicted.speaker)
                         and not speakers_agree(gold.speaker, predicted.speaker))
        if wrong_voice or wrong_speaker:
            print(f"  {gold.passage} {gold.category}: gold {gold.voice} ({gold.speaker or '—'}) → rules {predicted.voice} "
                  f"({predicted.speaker or '—'}): {context(text[gold.passage], gold.start, gold.end)}")


def write_measured(results: dict[str, dict], lexicon_path: Path) -> list[str]:
    """Writes the figures into the lexicon file (`measured` from the dev set, `held_out` from the
    frozen test set), leaving every other byte's meaning alone."""
    data = json.loads(lexicon_path.read_text(encoding="utf-8"))
    written = set()
    for field, result in results.items():
        entries = measured_entries(result["system"], len(result["devset"].passages), result["name"])
        for category, entry in entries.items():
            data["categories"][category][field] = entry
            written.add(category)
    lexicon_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    load_lexicon(lexicon_path)  # the loader must accept what was written
    return sorted(written)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--misses", action="store_true", help="list false positives, false negatives and voice errors")
    parser.add_argument("--held-out", action="store_true", help="measure on the frozen test set (figures only)")
    parser.add_argument("--write-measured", action="store_true",
                        help="store the figures in the lexicon's `measured` and `held_out` fields")
    parser.add_argument("--devset", type=Path, default=DEVSET_DIR)
    parser.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON_PATH)
    args = parser.parse_args(argv)
    if args.held_out and args.misses:
        parser.error("--misses is refused with --held-out: the frozen test set gives figures only, "
                     "since reading its errors would tune the rules to it")
    if args.held_out:
        result = run(HELD_OUT_DIR, args.lexicon, HELD_OUT_SET)
    else:
        result = run(args.devset, args.lexicon)
    if args.json:
        print(json.dumps(report_json(result), ensure_ascii=False, indent=2))
    else:
        print_tables(result)
        if args.misses:
            print_misses(result)
    if args.write_measured:
        results = {"measured": result if not args.held_out else run(args.devset, args.lexicon)}
        if (HELD_OUT_DIR / "passages.jsonl").exists():
            results["held_out"] = result if args.held_out else run(HELD_OUT_DIR, args.lexicon, HELD_OUT_SET)
        written = write_measured(results, args.lexicon)
        sets = ", ".join(r["name"] for r in results.values())
        print(f"Wrote measured figures ({sets}) for {', '.join(written)} into {args.lexicon}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
