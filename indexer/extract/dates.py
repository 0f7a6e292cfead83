"""Publish dates as pages write them.

Finding a date inside running text needs a pattern anyway; once found, the
parts are plain numbers, so a date library would add nothing but start-up time.

Every date keeps whether the page gave a time of day, so that a date-only
meta tag can be completed by the byline's ``03:07`` rather than pretend to be
midnight, and whether it gave a zone: a time without one is in the site's own
zone, Beijing time unless the site table says otherwise (RFI shows Paris time).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import NamedTuple
from zoneinfo import ZoneInfo

# Chinese news pages show Beijing time; an instant given in another zone (a
# ``Z`` in a meta tag, a Unix timestamp) is shown as the page would show it.
CHINA = timezone(timedelta(hours=8))

# Each quantified run is followed by a fixed character class, and the optional
# parts are single groups, so a long run of spaces costs linear time, not
# quadratic. Xinhua's header renders as ``2026 01/25 03:07:00``: the year may
# stand alone when month and day follow with a slash.
# Halves of the day written before the hour (Taiwan pages: "2018/02/21 下午 06:03").
_HALVES = "上午|下午|中午|晚上|晚间|凌晨|早上|清晨|傍晚"
_AFTERNOON = ("下午", "晚上", "晚间", "傍晚")
# A time of day the page says is Greenwich time (the BBC's Chinese pages).
_UTC_NAMES = "格林尼治标准时间|格林威治标准时间|格林尼治時間|格林威治時間|格林尼治时间|格林威治时间|GMT|UTC"
# A time of day the page says is local time at UTC+8 (Hong Kong's "2018-07-02 HKT 12:58").
_EAST_EIGHT_NAMES = "HKT|CST|北京时间|北京時間|香港時間|香港时间|台北時間|臺北時間|台灣時間|臺灣時間"
_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?:\s*[-/.年]\s*|\s+(?=\d{1,2}/\d))"
    r"(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})(?!\d)(?:\s*日)?"
    rf"(?:(?:[\sT]*|[,，]?\s*(?P<zone>{_UTC_NAMES})\s*|\s*(?P<local>{_EAST_EIGHT_NAMES})\s*)(?:(?P<half>{_HALVES})\s*)?"
    r"(?P<hour>\d{1,2})\s*[:：时時點点]\s*(?P<minute>\d{2})(?:\s*[:：分]\s*(?P<second>\d{2})|\s*分)?"
    r"(?:\s*(?P<meridiem>[AaPp][Mm])\b)?)?"
)


class Found(NamedTuple):
    """A date found on a page, and whether the page gave its time of day.

    ``written`` is the wall-clock time as the page wrote it when that was in
    another zone, so a stamp labelled with the wrong zone can be recognised;
    ``zoned`` says the page stated the zone (a Unix timestamp states UTC);
    ``shown`` that a reader sees it (not a machine attribute, which may hold
    UTC with the zone left off).
    """

    when: datetime
    has_time: bool
    written: datetime | None = None
    zoned: bool = False
    shown: bool = True


def _matches(text: str) -> Iterable[tuple[re.Match[str], Found]]:
    for match in _DATE.finditer(text):
        parts = [match.group(name) for name in ("year", "month", "day", "hour", "minute", "second")]
        numbers = [int(part) for part in parts if part is not None]
        if len(numbers) > 3 and numbers[3] < 12 and (match.group("half") in _AFTERNOON or (match.group("meridiem") or "").lower() == "pm"):
            numbers[3] += 12
        try:
            when = datetime(*numbers)
        except ValueError:
            continue
        if match.group("zone"):
            yield match, Found(when + (CHINA.utcoffset(None) or timedelta()), True, when, True)
        else:
            yield match, Found(when, match.group("hour") is not None, zoned=match.group("local") is not None)


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
    if parsed.tzinfo is not None and parsed.utcoffset() != CHINA.utcoffset(None):
        written = parsed.replace(tzinfo=None)
        return Found(parsed.astimezone(CHINA).replace(tzinfo=None), len(value) > 10, written, True)
    return Found(parsed.replace(tzinfo=None), len(value) > 10, zoned=parsed.tzinfo is not None)


def from_unix(value: str) -> Found | None:
    """A Unix timestamp (seconds) as Beijing wall-clock time; None if it is not one."""
    value = value.strip()
    if not value.isdigit() or not 9 <= len(value) <= 10:
        return None
    return Found(datetime.fromtimestamp(int(value), CHINA).replace(tzinfo=None), True, zoned=True)


def best_date(candidates: Iterable[Found | None], zone: str = "") -> datetime | None:
    """The most trusted date, given in order of trust, as Beijing time.

    A date without a time of day is completed by the first less trusted
    candidate that names the same day with a time. A time given without a
    zone is in ``zone`` (an IANA name, the site's), Beijing time if none.
    """
    found_all = [found for found in candidates if found is not None]
    chosen: Found | None = None
    for found in found_all:
        if chosen is None:
            chosen = found
            if chosen.has_time:
                break
        elif found.has_time and found.when.date() == chosen.when.date():
            chosen = found
            break
    if chosen is None:
        return None
    # A stamp in another zone whose wall-clock time is what the page shows as
    # local time was labelled with the wrong zone (Taiwan time marked "Z").
    if chosen.written is not None:
        shown = next((found for found in found_all if found.has_time and found.shown and found.written is None and _same_minute(found.when, chosen.written)), None)
        if shown is not None:
            return _from_zone(shown, zone)
    return _from_zone(chosen, zone)


def _from_zone(found: Found, zone: str) -> datetime:
    """The Beijing time of ``found``, read in ``zone`` when the page gave it no zone of its own."""
    if not zone or found.zoned or not found.has_time:
        return found.when  # a day alone is the same day anywhere
    return found.when.replace(tzinfo=ZoneInfo(zone)).astimezone(CHINA).replace(tzinfo=None)


# A date written day first and year last (06/02/2022), as European sites do,
# and the dash some set between it and the time ("06/02/2022 - 13:48").
_DAY_FIRST = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])(?:\s+-(?=\s+\d{1,2}:\d{2}))?")


def year_first(text: str) -> str:
    """``text`` with dates written day first (06/02/2022) written year first (2022/02/06),
    for a site the table says writes them so: 06/02 may as well be 2 June elsewhere."""
    return _DAY_FIRST.sub(r"\3/\2/\1", text)


def _same_minute(one: datetime, other: datetime) -> bool:
    return one.replace(second=0, microsecond=0) == other.replace(second=0, microsecond=0)
