"""The date histogram: hits per month as bars, each bar a link that filters by it.

Months without hits between the first and the last one still get a (flat)
bar, so the time axis is even. Long spans are drawn per year instead, so that
bars stay wide enough to read and to tap on a phone. The template draws each
bar as a small SVG whose height is an attribute, which needs no inline style
and so passes the Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from search import FacetValue
from web.searching import years_of

MAX_MONTH_BARS = 24
MIN_HEIGHT = 3  # out of 100: a month with one hit must still show a bar


@dataclass(frozen=True)
class Bar:
    filter: str  # the search parameter a click sets: "month" or "year"
    value: str
    count: int
    height: int  # 0 … 100
    label: str
    year_label: str  # shown under the first bar and where a new year starts
    description: str
    active: bool


def _months_between(first: str, last: str) -> Iterator[str]:
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _height(count: int, highest: int) -> int:
    if not count:
        return 0
    return max(round(100 * count / highest), MIN_HEIGHT)


def histogram_bars(months: list[FacetValue], active: dict[str, str]) -> list[Bar]:
    """Bars for the month counts ``months``; ``active`` holds the month or year filter in force."""
    counts = {value.value: value.count for value in months if len(value.value) == 7}
    if not counts:
        return []
    span = list(_months_between(min(counts), max(counts)))
    if len(span) > MAX_MONTH_BARS:
        years = years_of(months)
        span_years = [str(year) for year in range(int(years[0].value), int(years[-1].value) + 1)]
        by_year = {value.value: value.count for value in years}
        highest = max(by_year.values())
        return [
            Bar("year", year, by_year.get(year, 0), _height(by_year.get(year, 0), highest), f"{year}年", "",
                f"{year}年：{by_year.get(year, 0)} 篇", active.get("year") == year)
            for year in span_years
        ]
    highest = max(counts.values())
    bars = []
    for place, month in enumerate(span):
        year, number = month[:4], int(month[5:])
        count = counts.get(month, 0)
        bars.append(
            Bar(
                "month", month, count, _height(count, highest), f"{number}月",
                year if place == 0 or number == 1 else "",
                f"{year}年{number}月：{count} 篇", active.get("month") == month,
            )
        )
    return bars
