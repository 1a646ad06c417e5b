"""The marker pass stays linear in the length of the text.

Work is counted, not timed: the number of Python lines the voice analysis and the marker engine
execute on a text and on the same text ten times over. A quadratic step (every marker compared
with every span, every sentence scanning every quotation) shows as a ratio near 100, not 10.
Regular-expression scans run in C and are not counted here; `bench/markers_speed.py` times the
whole pass. Test fixtures: the passages were written for these tests; not archival text.
"""
import sys

from mosaic.lib.markers import find_markers
from mosaic.lib.markers.tests.fixtures import CATEGORY_VOICES, MEMORANDUM

UNIT = "Record of a conversation.\n\n" + MEMORANDUM + "\n\n" + "\n\n".join(passage for *_, passage, _ in CATEGORY_VOICES) + (
    "\n\nKim Il Sung said the following:\n\nThe harvest was poor. The cooperatives must be merged.\n\n"
    "Then I asked him about the dam. He replied that it leaks. It must be repaired.\n\n")
# Colon stretches with no closing signal anywhere: each must end where the next begins, not walk on.
UNCLOSED = "He stated: the plan is fulfilled. The cooperatives are merged.\n\nHe stated the following:\n\nThe dam leaks.\n\n"


def lines_executed(text: str) -> int:
    """Python lines run by the marker pass over `text` (patterns compiled beforehand)."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    find_markers("warm up: they must go.", "en")  # compile patterns outside the count
    sys.settrace(tracer)
    try:
        find_markers(text, "en")
    finally:
        sys.settrace(None)
    return count


def test_ten_times_the_text_costs_about_ten_times_the_work():
    once = lines_executed(UNIT * 10)
    ten_times = lines_executed(UNIT * 100)
    # Fixed costs (the first paragraph, the caches) make the ratio a little below 10; quadratic work would be far above.
    assert 5 * once <= ten_times <= 11 * once, (once, ten_times)


def test_stretches_without_closing_signals_stay_linear():
    once = lines_executed(UNCLOSED * 50)
    ten_times = lines_executed(UNCLOSED * 500)
    assert 5 * once <= ten_times <= 11 * once, (once, ten_times)
