"""Time the language-marker pass (voice analysis and every English rule) per 4 KB layer, and how it
grows with the length of the text.

    .venv/bin/python bench/markers_speed.py [--repeat R]

The text is the test fixtures' passages (written for the tests, not archival text) repeated to
4 KB, 20 KB and 200 KB. Printed: milliseconds per pass, the part of it spent on the voice
analysis, milliseconds per 4 KB, and the 200 KB / 20 KB ratio (10 for a linear pass). Runs
without Django; the median of R runs is reported.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mosaic.lib.markers import find_markers  # noqa: E402
from mosaic.lib.markers.tests.fixtures import CATEGORY_VOICES, MEMORANDUM  # noqa: E402
from mosaic.lib.markers.voice import analyse  # noqa: E402

UNIT = "Record of a conversation.\n\n" + MEMORANDUM + "\n\n" + "\n\n".join(passage for *_, passage, _ in CATEGORY_VOICES) + (
    "\n\nKim Il Sung said the following:\n\nThe harvest was poor. The cooperatives must be merged.\n\n"
    "Then I asked him about the dam. He replied that it leaks. It must be repaired.\n\n")


def layer(size: int) -> str:
    return (UNIT * (size // len(UNIT) + 1))[:size]


def median_ms(function, text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(text, "en")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per size (the median is reported)")
    args = parser.parse_args()
    find_markers("Warm up: they must go.", "en")  # load the lexicon and compile the patterns first
    results = {}
    print(f"{'size':>9}  {'pass ms':>9}  {'voice ms':>9}  {'ms per 4 KB':>11}")
    for size in (4096, 20_000, 200_000):
        text = layer(size)
        repeat = args.repeat * 4 if size == 4096 else args.repeat
        total, voice = median_ms(find_markers, text, repeat), median_ms(analyse, text, repeat)
        results[size] = total
        print(f"{size:>9,}  {total:>9.1f}  {voice:>9.1f}  {total * 4096 / size:>11.1f}")
    print(f"200 KB / 20 KB: {results[200_000] / results[20_000]:.1f}× (10× is linear)")


if __name__ == "__main__":
    main()
