import datetime as dt

import pytest

from mosaic.lib.partial_dates import DateInterval, InvalidDate, PartialDate, Precision, format_period, parse_day


@pytest.mark.parametrize(
    "text, precision, display, earliest, latest",
    [
        ("1955", Precision.YEAR, "1955", dt.date(1955, 1, 1), dt.date(1955, 12, 31)),
        ("1967-11", Precision.MONTH, "November 1967", dt.date(1967, 11, 1), dt.date(1967, 11, 30)),
        ("1956-02", Precision.MONTH, "February 1956", dt.date(1956, 2, 1), dt.date(1956, 2, 29)),
        ("1956-07-24", Precision.DAY, "July 24, 1956", dt.date(1956, 7, 24), dt.date(1956, 7, 24)),
    ],
)
def test_parse_keeps_precision_and_interval(text, precision, display, earliest, latest):
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert date.isoformat() == text
    assert date.display() == display
    assert date.earliest() == earliest
    assert date.latest() == latest


@pytest.mark.parametrize("text", ["1956-02-30", "1955-02-29", "1956-13", "1956-00-10", "56-07-24", "July 1956", "", "1956-7-4"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(InvalidDate):
        PartialDate.parse(text)


def test_impossible_date_error_names_the_text():
    with pytest.raises(InvalidDate, match='"1956-02-30" is not a real date'):
        PartialDate.parse("1956-02-30")


def test_year_overlaps_month_within_it():
    year = PartialDate.parse("1956").interval()
    june = PartialDate.parse("1956-06").interval()
    assert year.overlaps(june) and june.overlaps(year)
    assert year.contains(june) and not june.contains(year)
    assert not PartialDate.parse("1957").interval().overlaps(june)


def test_interval_must_run_forwards():
    with pytest.raises(InvalidDate):
        DateInterval(dt.date(1956, 8, 1), dt.date(1956, 7, 1))


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ((1956, 7, 20), (1956, 7, 20), "1956-07-20"),
        ((1956, 7, 20), (1956, 7, 31), "1956-07"),
        ((1956, 7, 20), (1956, 9, 1), "1956"),
        ((1956, 12, 20), (1957, 1, 5), "1956"),
    ],
)
def test_common_partial_date_of_an_interval(start, end, expected):
    interval = DateInterval(dt.date(*start), dt.date(*end))
    assert interval.common_partial_date().isoformat() == expected


def test_partial_dates_sort_chronologically():
    dates = [PartialDate.parse(t) for t in ["1956-07-24", "1955", "1956-07", "1956"]]
    ordered = sorted(dates, key=PartialDate.sort_key)
    assert [d.isoformat() for d in ordered] == ["1955", "1956", "1956-07", "1956-07-24"]


def test_parse_day_requires_full_precision():
    assert parse_day("1969-04-01") == dt.date(1969, 4, 1)
    with pytest.raises(InvalidDate):
        parse_day("1969-04")


def test_an_error_quotes_at_most_forty_characters_of_what_it_refuses():
    with pytest.raises(InvalidDate) as refused:
        PartialDate.parse("1956-" + "x" * 10_000)
    assert len(str(refused.value)) < 120 and '"1956-xxx' in str(refused.value) and "…" in str(refused.value)


@pytest.mark.parametrize("text, korean", [
    ("1956-09-05", "1956년 9월 5일"), ("1956-09", "1956년 9월"), ("1956", "1956년"), ("1967-11-30", "1967년 11월 30일"),
])
def test_korean_display_follows_korean_order(text, korean):
    assert PartialDate.parse(text).display("ko") == korean
    assert PartialDate.parse(text).display("ko-kr") == korean


def test_languages_other_than_korean_read_english():
    assert PartialDate.parse("1956-09-05").display("ru") == "September 5, 1956"
    assert PartialDate.parse("1956-09").display("en") == "September 1956"


@pytest.mark.parametrize("start, end, approximate, english, korean", [
    ("1956", None, True, "c. 1956", "1956년경"),
    ("1956-09", None, True, "c. September 1956", "1956년 9월경"),
    ("1956-09-05", None, False, "September 5, 1956", "1956년 9월 5일"),
    ("1956", "1957", False, "1956 – 1957", "1956–1957년"),
    ("1956", "1957", True, "c. 1956 – 1957", "1956–1957년경"),
    ("1956-09", "1956-10", False, "September 1956 – October 1956", "1956년 9월–10월"),
    ("1956-09-05", "1956-09-12", False, "September 5, 1956 – September 12, 1956", "1956년 9월 5일–12일"),
    ("1956-09-05", "1956-10-02", False, "September 5, 1956 – October 2, 1956", "1956년 9월 5일–10월 2일"),
    ("1956-09", "1957-03", False, "September 1956 – March 1957", "1956년 9월–1957년 3월"),
    ("1956", "1957-03", False, "1956 – March 1957", "1956년–1957년 3월"),
    ("1956-09", "1956-09", False, "September 1956", "1956년 9월"),
])
def test_periods_in_english_and_korean(start, end, approximate, english, korean):
    first, last = PartialDate.parse(start), PartialDate.parse(end) if end else None
    assert format_period(first, last, approximate=approximate) == english
    assert format_period(first, last, approximate=approximate, language="ko") == korean
