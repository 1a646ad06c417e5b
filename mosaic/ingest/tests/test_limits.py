"""The one helper every ingest message uses to echo input, and the limits read from settings."""
from mosaic.ingest.limits import DEFAULTS, limit, quoted_list, shown


def test_shown_cuts_long_input_and_marks_the_cut():
    assert shown("k" * 40_000) == "k" * 80 + "…"
    assert shown("short") == "short"


def test_shown_escapes_what_would_break_a_terminal_or_a_line():
    assert shown("a\x00b\nc\ud800d\u202ee") == "a\\x00b\\x0ac\\ud800d\\u202ee"
    assert shown("Łódź – 1956") == "Łódź – 1956"


def test_quoted_list_shows_at_most_ten_values():
    assert quoted_list(["a", "b"]) == '"a", "b"'
    assert quoted_list([f"k{i}" for i in range(12)]).endswith('"k9" and 2 more')


def test_limits_come_from_settings(settings):
    settings.MOSAIC_INGEST_MAX_AGENTS = 7
    assert limit("MOSAIC_INGEST_MAX_AGENTS") == 7
    del settings.MOSAIC_INGEST_MAX_AGENTS
    assert limit("MOSAIC_INGEST_MAX_AGENTS") == DEFAULTS["MOSAIC_INGEST_MAX_AGENTS"]
