"""Partial dates: a date known to the year, the month or the day, plus the interval it stands for.

Archival documents are often dated only "1955" or "November 1967", and sometimes only by
inference ("between the plenum and the embassy's reply"). A `PartialDate` keeps the precision
that was actually known, and `DateInterval` the earliest and latest days the document can have
been written, so that a search for "June 1956" can find a document dated "1956".
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from mosaic.lib.messages import WordedError, gettext_noop

__all__ = ["Precision", "PartialDate", "DateInterval", "InvalidDate", "format_period"]


class InvalidDate(WordedError):
    """A date string that is malformed or names a day that never existed."""


class Precision(str, Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_PARTIAL_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise InvalidDate(gettext_noop("year %(year)s is out of range"), year=self.year)
        if self.day is not None and self.month is None:
            raise InvalidDate(gettext_noop("a day needs a month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidDate(gettext_noop("month %(month)s does not exist"), month=self.month)
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidDate(gettext_noop("%(month)s has no day %(day)s"),
                                  month=f"{self.year:04d}-{self.month:02d}", day=self.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise InvalidDate on anything else."""
        match = _PARTIAL_ISO.match(text.strip())
        if not match:
            raise InvalidDate(gettext_noop('"%(text)s" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)'),
                              text=_shown(text))
        parts = {k: int(v) if v else None for k, v in match.groupdict().items()}
        try:
            return cls(parts["year"], parts["month"], parts["day"])
        except InvalidDate as error:
            raise InvalidDate(gettext_noop('"%(text)s" is not a real date (%(problem)s)'),
                              text=_shown(text), problem=error.wording) from None

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def isoformat(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self, language: str = "en") -> str:
        """The date as a reader of `language` expects it: "1955", "November 1967", "July 24, 1956";
        in Korean "1955년", "1967년 11월", "1956년 7월 24일". Any language other than Korean
        reads English."""
        if _is_korean(language):
            return " ".join(_korean_parts(self))
        if self.month is None:
            return str(self.year)
        month_name = _MONTH_NAMES[self.month]
        if self.day is None:
            return f"{month_name} {self.year}"
        return f"{month_name} {self.day}, {self.year}"

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order in which a less precise date comes before the days within it."""
        return (self.year, self.month or 0, self.day or 0)

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def interval(self) -> DateInterval:
        return DateInterval(self.earliest(), self.latest())

    def __str__(self) -> str:
        return self.isoformat()


@dataclass(frozen=True)
class DateInterval:
    """The closed range of days within which a document was written."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.start > self.end:
            raise InvalidDate(gettext_noop("interval starts (%(start)s) after it ends (%(end)s)"),
                              start=self.start.isoformat(), end=self.end.isoformat())

    def overlaps(self, other: DateInterval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: DateInterval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def common_partial_date(self) -> PartialDate:
        """The most precise partial date that covers the whole interval.

        Used when a source gives only bounds: 1956-07-20..1956-07-31 is "July 1956".
        """
        start, end = self.start, self.end
        if start == end:
            return PartialDate.from_date(start)
        if (start.year, start.month) == (end.year, end.month):
            return PartialDate(start.year, start.month)
        return PartialDate(start.year)


# English month names written out: calendar.month_name follows the process's LC_TIME locale.
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def _is_korean(language: str | None) -> bool:
    # Django's codes may carry a region ("ko-kr"); only the language decides the order.
    return (language or "").lower().split("-")[0].split("_")[0] == "ko"


def _korean_parts(date: PartialDate) -> list[str]:
    parts = [f"{date.year}년"]
    if date.month is not None:
        parts.append(f"{date.month}월")
    if date.day is not None:
        parts.append(f"{date.day}일")
    return parts


def format_period(start: PartialDate, end: PartialDate | None = None, *, approximate: bool = False,
                  language: str = "en") -> str:
    """A date or a closed range of dates, perhaps approximate, as a reader of `language` expects it.

    English keeps the forms the pages have always shown: "c. 1956", "July 1956 – March 1957".
    Korean follows one rule (docs/i18n.md): when both ends have the same precision, what they share
    is written once, the leading year (and month) at the front and the unit of a year-only range at
    the end: "1956년 9월–10월", "1956년 9월 5일–12일", "1956–1957년"; ends of different years or
    precisions are written whole, "1956년 9월–1957년 3월". "경" (circa) closes the whole period:
    "1956년경", "1956–1957년경". An end equal to the start is no range.
    """
    if end is not None and end == start:
        end = None
    if not _is_korean(language):
        shown = start.display() if end is None else f"{start.display()} – {end.display()}"
        return f"c. {shown}" if approximate else shown
    if end is None:
        shown = start.display(language)
    elif start.precision is Precision.YEAR and end.precision is Precision.YEAR:
        shown = f"{start.year}–{end.year}년"
    elif start.precision is end.precision:
        first, last = _korean_parts(start), _korean_parts(end)
        shared = 0
        # The shared leading parts stop before the last one: "1956년 9월–9월" is never written.
        while shared < len(first) - 1 and first[shared] == last[shared]:
            shared += 1
        shown = " ".join(first) + "–" + " ".join(last[shared:])
    else:
        shown = f"{start.display(language)}–{end.display(language)}"
    return f"{shown}경" if approximate else shown


def _shown(text: str, width: int = 40) -> str:
    # Messages quote what they refuse; a pasted page must not come back whole in an error.
    return text if len(text) <= width else text[:width] + "…"


def parse_day(text: str) -> dt.date:
    """Read a full `YYYY-MM-DD` day, with the same error wording as `PartialDate.parse`."""
    partial = PartialDate.parse(text)
    if partial.precision is not Precision.DAY:
        raise InvalidDate(gettext_noop('"%(text)s" is not a full day (expected YYYY-MM-DD)'), text=_shown(text))
    return partial.earliest()
