"""Publish dates as pages write them.

Finding a date inside running text needs a pattern anyway; once found, the
parts are plain numbers, so a date library would add nothing but start-up time.

Every date keeps whether the page gave a time of day, so that a date-only
meta tag can be completed by the byline's ``03:07`` rather than pretend to be
midnight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

# Chinese news pages show Beijing time; an instant given in another zone (a
# ``Z`` in a meta tag, a Unix timestamp) is shown as the page would show it.
CHINA = timezone(timedelta(hours=8))

# Each quantified run is followed by a fixed character class, and the optional
# parts are single groups, so a long run of spaces costs linear time, not
# quadratic. Xinhua's header renders as ``2026 01/25 03:07:00``: the year may
# stand alone when month and day follow with a slash.
_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?:\s*[-/.年]\s*|\s+(?=\d{1,2}/\d))"
    r"(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})(?!\d)(?:\s*日)?"
    r"(?:[\sT]*(?P<hour>\d{1,2})\s*[:：时]\s*(?P<minute>\d{2})(?:\s*[:：分]\s*(?P<second>\d{2})|\s*分)?)?"
)


class Found(NamedTuple):
    """A date found on a page, and whether the page gave its time of day."""

    when: datetime
    has_time: bool


def _matches(text: str) -> Iterable[tuple[re.Match[str], Found]]:
    for match in _DATE.finditer(text):
        parts = [match.group(name) for name in ("year", "month", "day", "hour", "minute", "second")]
        numbers = [int(part) for part in parts if part is not None]
        try:
            yield match, Found(datetime(*numbers), match.group("hour") is not None)
        except ValueError:
            continue


def find_stamp(text: str) -> Found | None:
    """The first valid calendar date in ``text``, with its time of day when given."""
    for _, found in _matches(text):
        return found
    return None


def find_date(text: str) -> datetime | None:
    """The first valid calendar date in ``text``, with its time of day when given."""
    found = find_stamp(text)
    return found.when if found else None


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first valid date stands in ``text``, so a byline can read around it."""
    for match, _ in _matches(text):
        return match.span()
    return None


def is_date_line(line: str) -> bool:
    """True when the whole line is a date, as in a byline or an author box."""
    match = _DATE.fullmatch(line.strip())
    return bool(match) and find_date(line) is not None


def parse_iso(value: str) -> Found | None:
    """An ISO 8601 timestamp from a meta tag or JSON-LD; None if unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return find_stamp(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(CHINA).replace(tzinfo=None)
    return Found(parsed, len(value) > 10)


def from_unix(value: str) -> Found | None:
    """A Unix timestamp (seconds) as Beijing wall-clock time; None if it is not one."""
    value = value.strip()
    if not value.isdigit() or not 9 <= len(value) <= 10:
        return None
    return Found(datetime.fromtimestamp(int(value), CHINA).replace(tzinfo=None), True)


def best_date(candidates: Iterable[Found | None]) -> datetime | None:
    """The most trusted date, given in order of trust.

    A date without a time of day is completed by the first less trusted
    candidate that names the same day with a time.
    """
    chosen: Found | None = None
    for found in candidates:
        if found is None:
            continue
        if chosen is None:
            chosen = found
            if chosen.has_time:
                break
        elif found.has_time and found.when.date() == chosen.when.date():
            chosen = found
            break
    return chosen.when if chosen else None
