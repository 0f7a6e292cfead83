"""Publish dates as pages write them.

Finding a date inside running text needs a pattern anyway; once found, the
parts are plain numbers, so a date library would add nothing but start-up time.
"""

from __future__ import annotations

import re
from datetime import datetime

_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})(?!\d)\s*日?"
    r"(?:[\sT]*(?P<hour>\d{1,2})\s*[:：时]\s*(?P<minute>\d{2})(?:\s*[:：分]\s*(?P<second>\d{2}))?)?"
)


def find_date(text: str) -> datetime | None:
    """The first valid calendar date in ``text``, with its time of day when given."""
    for match in _DATE.finditer(text):
        parts = [match.group(name) for name in ("year", "month", "day", "hour", "minute", "second")]
        numbers = [int(part) for part in parts if part is not None]
        try:
            return datetime(*numbers)
        except ValueError:
            continue
    return None


def is_date_line(line: str) -> bool:
    """True when the whole line is a date, as in a byline or an author box."""
    match = _DATE.fullmatch(line.strip())
    return bool(match) and find_date(line) is not None


def parse_iso(value: str) -> datetime | None:
    """An ISO 8601 timestamp from a meta tag, as wall-clock time; None if unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return find_date(value)
    return parsed.replace(tzinfo=None)
