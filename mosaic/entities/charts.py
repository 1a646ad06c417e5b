"""The geometry of a person page's small chart of documents per year, drawn by the template as
inline SVG: no script library, so it shows without JavaScript and costs nothing to load."""
from __future__ import annotations

from dataclasses import dataclass

WIDTH = 600  # at most; a chart of a few years is narrower, so one year is not one wide slab
WIDEST_SLOT = 40
NARROWEST = 120  # room for a year label or two
BAR_AREA = 100  # the tallest bar; the rest of the height holds the year labels
HEIGHT = BAR_AREA + 18
# Years between labelled ticks grow with the span, so labels never run into each other.
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
MOST_TICKS = 10


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    year: int
    x: float


@dataclass(frozen=True)
class YearChart:
    bars: list[Bar]      # one per year from the first to the last, empty years included
    ticks: list[Tick]
    first: int
    last: int
    peak: Bar            # the year with most documents (the earliest of equals)
    total: int
    width: float = WIDTH
    height: int = HEIGHT
    baseline: int = BAR_AREA


def year_chart(counts: dict[int, int]) -> YearChart | None:
    """Bars for documents per year; None when no document is dated."""
    counts = {year: n for year, n in counts.items() if n > 0}
    if not counts:
        return None
    first, last = min(counts), max(counts)
    years = range(first, last + 1)
    width = max(min(WIDTH, WIDEST_SLOT * len(years)), NARROWEST)
    slot = min(width / len(years), WIDEST_SLOT)
    left = (width - slot * len(years)) / 2  # a chart of one or two years is centred in the narrowest width
    gap = slot * 0.15 if slot >= 4 else 0  # narrow bars touch rather than vanish
    most = max(counts.values())
    bars = []
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        height = round(BAR_AREA * count / most, 2)
        # A year with one document among years with hundreds still shows a sliver.
        if count and height < 1:
            height = 1.0
        bars.append(Bar(year, count, round(left + index * slot + gap / 2, 2), round(BAR_AREA - height, 2),
                        round(max(slot - gap, 0.5), 2), height))
    step = next((s for s in TICK_STEPS if len(years) / s <= MOST_TICKS), TICK_STEPS[-1])
    ticks = [Tick(year, round(left + (year - first) * slot + slot / 2, 2)) for year in years if year % step == 0]
    if not ticks:
        ticks = [Tick(first, round(left + slot / 2, 2))]
    peak = max(bars, key=lambda bar: (bar.count, -bar.year))
    return YearChart(bars, ticks, first, last, peak, sum(counts.values()), width=round(width, 2))
