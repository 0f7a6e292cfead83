"""Which page numbers a pager shows: the first, the last and those around the current one."""

from __future__ import annotations

AROUND = 2


def page_numbers(current: int, pages: int) -> list[int | None]:
    """Page numbers to link, with None where a run of pages is left out (shown as …)."""
    shown = {1, pages, *range(current - AROUND, current + AROUND + 1)}
    numbers: list[int | None] = []
    for number in sorted(page for page in shown if 1 <= page <= pages):
        if numbers and number - numbers[-1] == 2:
            numbers.append(number - 1)  # a gap of one page is shown, not hidden behind …
        elif numbers and number - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(number)
    return numbers
