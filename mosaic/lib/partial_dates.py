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

__all__ = ["Precision", "PartialDate", "DateInterval", "InvalidDate"]


class InvalidDate(ValueError):
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
            raise InvalidDate(f"year {self.year} is out of range")
        if self.day is not None and self.month is None:
            raise InvalidDate("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidDate(f"month {self.month} does not exist")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidDate(
                    f"{self.year:04d}-{self.month:02d} has no day {self.day}"
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise InvalidDate on anything else."""
        match = _PARTIAL_ISO.match(text.strip())
        if not match:
            raise InvalidDate(f'"{_shown(text)}" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)')
        parts = {k: int(v) if v else None for k, v in match.groupdict().items()}
        try:
            return cls(parts["year"], parts["month"], parts["day"])
        except InvalidDate as error:
            raise InvalidDate(f'"{_shown(text)}" is not a real date ({error})') from None

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

    def display(self) -> str:
        """The date as a reader expects it: "1955", "November 1967", "July 24, 1956"."""
        if self.month is None:
            return str(self.year)
        month_name = calendar.month_name[self.month]
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
            raise InvalidDate(f"interval starts ({self.start}) after it ends ({self.end})")

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


def _shown(text: str, width: int = 40) -> str:
    # Messages quote what they refuse; a pasted page must not come back whole in an error.
    return text if len(text) <= width else text[:width] + "…"


def parse_day(text: str) -> dt.date:
    """Read a full `YYYY-MM-DD` day, with the same error wording as `PartialDate.parse`."""
    partial = PartialDate.parse(text)
    if partial.precision is not Precision.DAY:
        raise InvalidDate(f'"{_shown(text)}" is not a full day (expected YYYY-MM-DD)')
    return partial.earliest()
