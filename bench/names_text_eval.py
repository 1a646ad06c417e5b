"""Names as readers meet them in running text: mention precision and recall of the linker.

    .venv/bin/python bench/names_text_eval.py [FILE.jsonl] [--show]

FILE (default bench/data/names_in_text_dev.jsonl) holds passages the team wrote for this purpose
(never copied from an archive's translation), one JSON object a line: {"id", "language", "text",
"mentions": [[form as written, person id or null], ...]}, every mention of a person annotated,
null for a person the shipped authority does not hold (or, for a bare surname, cannot tell).

The passages are read as one document each through `entities.linking.mentions_in_texts`, the
path the background job takes (names read whole, initials, then surnames of the people named in
full), against the shipped authority loaded into a throwaway archive. Counted per passage by
person, so that where a name's span ends ("Premier Kim" or "Kim") does not matter:
  true positive   a link to a person the passage mentions (up to the times it does)
  false positive  any other link (a wrong person, a person not in the authority, one too many)
  false negative  a mention of a person of the authority that got no link
Prints precision, recall and each passage's misses with --show (or when any).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / "bench" / "data" / "names_in_text_dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", action="store_true", help="print every passage's links, not only the misses")
    args = parser.parse_args()
    passages = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]

    os.environ["MOSAIC_HOME"] = tempfile.mkdtemp(prefix="mosaic-names-text-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("init", verbosity=0)
    from mosaic.entities.linking import LinkingContext, mentions_in_texts

    context = LinkingContext.current()
    tp = fp = fn = 0
    by_basis: Counter = Counter()
    for passage in passages:
        found = mentions_in_texts([(passage["text"], passage["language"])], context)
        predicted = Counter()
        for (person_id, _), mention in found.items():
            predicted[person_id] += mention.occurrences
            by_basis[mention.basis] += mention.occurrences
        gold = Counter(person for _, person in passage["mentions"] if person)
        right = sum(min(count, gold[person]) for person, count in predicted.items())
        tp, fp, fn = tp + right, fp + sum(predicted.values()) - right, fn + sum(gold.values()) - right
        if args.show or predicted != gold:
            links = ", ".join(f"{form} → {person_id} ({mention.basis} {mention.confidence:.2f})"
                              for (person_id, form), mention in sorted(found.items(), key=lambda item: item[0][1]))
            print(f"{passage['id']}: linked {links or 'nothing'}; annotated "
                  f"{', '.join(f'{form} → {person}' for form, person in passage['mentions']) or 'nothing'}")
            if predicted != gold:
                print(f"    links a person: {dict(predicted)}; mentions a person: {dict(gold)}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\n{len(passages)} passages, {sum(len(p['mentions']) for p in passages)} annotated mentions: "
          f"precision {precision:.3f} ({tp}/{tp + fp}), recall {recall:.3f} ({tp}/{tp + fn}); "
          f"links by reading: {dict(by_basis)}")


if __name__ == "__main__":
    main()
