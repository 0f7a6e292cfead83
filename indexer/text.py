"""Reading an article out of a text dump: a browser's "save as text".

A dump is the page's lines with the markup gone, so the reader goes by the
shape of the lines, the way the page lays them out on any news site: navigation
and a breadcrumb, the headline, a byline and share bar, the article's prose,
then the tail (disclaimers, editor and copyright lines, recommendation lists,
an author box, sidebars). The article starts at the first line of prose; the
headline is the title-like line just above the byline, or just above the
prose when there is no byline.
"""

from __future__ import annotations

import re
from datetime import datetime

from indexer.byline import read_bylines
from indexer.dates import best_date, find_stamp, is_date_line
from indexer.lines import (
    AUTHOR_STATS,
    SENTENCE_END,
    article_paragraphs,
    is_breadcrumb,
    is_byline,
    is_chrome,
    is_head_furniture,
    is_tail,
    split_lines,
)
from indexer.record import Article
from indexer.sites import canonical_name

_AUTHOR_BADGE = re.compile(r"\s*incentive-icons$")

# A self-media platform names itself in its notice.
_PLATFORM_NOTICE = re.compile(r"平台[“\"「]([^”\"」]{2,12})[”\"」]")
_PLATFORM_ENGLISH = {"NetEase Hao": "网易号"}
_NAV_TOKENS = re.compile(r"^(?:\S{1,4}\s+){2,}\S{1,4}$")  # "首页 新闻 体育 财经": a menu, not a headline

_CLAUSE_BREAK = re.compile(r"——|[，,；;：:、。！？!?]")
TITLE_MAX = 48
_HEAD_WINDOW = 15


def _is_prose(line: str) -> bool:
    if is_chrome(line) or is_tail(line) or is_breadcrumb(line):
        return False
    return "。" in line or (len(line) >= 60 and ("，" in line or "," in line))


def _looks_like_title(line: str, after_breadcrumb: bool) -> bool:
    if is_chrome(line) or is_tail(line) or _NAV_TOKENS.match(line):
        return False
    # Under a breadcrumb the next line is the headline; elsewhere only a line
    # of headline length that does not end like a sentence is.
    if after_breadcrumb:
        return len(line) <= 100
    return 5 <= len(line) <= 80 and line[-1] not in "。，,；;：:”…"


def _author_box(lines: list[str]) -> tuple[datetime | None, str | None]:
    """The publish time and account of a self-media author box.

    The box reads: a date line, the account (sometimes with a badge), the
    account again, an optional bio, then "N文章数 M关注度".
    """
    for index, line in enumerate(lines):
        if not AUTHOR_STATS.match(line):
            continue
        for back in range(index - 1, max(index - 7, -1), -1):
            if is_date_line(lines[back]) and back + 1 < index:
                account = _AUTHOR_BADGE.sub("", lines[back + 1]).strip()
                return find_stamp(lines[back]).when, account or None
    return None, None


def _site(lines: list[str], breadcrumb: str | None) -> str | None:
    if breadcrumb:
        parts = [part.strip().split()[0] for part in breadcrumb.split(">") if part.strip()]
        for part in parts:
            if part.endswith("号") and len(part) <= 6:
                return canonical_name(part)
        if parts:
            return canonical_name(parts[0].removesuffix("首页")) or None
    for line in lines:
        match = _PLATFORM_NOTICE.search(line)
        if match:
            return canonical_name(match.group(1))
        for english, site in _PLATFORM_ENGLISH.items():
            if english in line and line.startswith("Notice"):
                return site
    return None


def _is_byline_line(line: str) -> bool:
    return is_byline(line, has_date=find_stamp(line) is not None)


def _title_index(lines: list[str], first: int, breadcrumb: int | None) -> int | None:
    """Where the headline stands above the first line of prose, if anywhere."""
    if breadcrumb is not None:
        after = breadcrumb + 1
        if after < first and _looks_like_title(lines[after], after_breadcrumb=True):
            return after
        return None
    low = max(0, first - _HEAD_WINDOW)
    bylines = [index for index in range(low, first) if _is_byline_line(lines[index])]
    # With a byline the headline stands right above it; without one, right
    # above the prose, past share bars and the like.
    index = (bylines[0] if bylines else first) - 1
    while index >= low and is_head_furniture(lines[index], None):
        index -= 1
    if index >= low and _looks_like_title(lines[index], after_breadcrumb=False):
        return index
    return None


def read_text(text: str) -> Article:
    """Split page text into the article's title, metadata and paragraphs."""
    lines = split_lines(text)
    first = next((index for index, line in enumerate(lines) if _is_prose(line)), None)
    if first is None:
        # No sentence anywhere: a headline over short lines, or short lines alone.
        first = 1 if len(lines) > 1 and _looks_like_title(lines[0], after_breadcrumb=False) else 0
    breadcrumb = next((index for index in range(min(first, 10)) if is_breadcrumb(lines[index])), None)
    title_at = _title_index(lines, first, breadcrumb)
    title = lines[title_at] if title_at is not None else None

    # Above the headline: menus and the breadcrumb, except the dates and
    # sources some sites put over it. Below: bylines and share bars, then
    # whatever else is the article's lead.
    top = title_at if title_at is not None else (breadcrumb + 1 if breadcrumb is not None else first)
    head = [line for line in lines[max(0, top - 4) : first] if line != title and _is_byline_line(line)]
    start = top + 1 if title_at is not None else first
    while start < first and is_head_furniture(lines[start], title):
        start += 1
    head_dates, head_source = read_bylines(head)

    box_date, box_source = _author_box(lines)
    return Article(
        title=title,
        date=box_date or best_date(head_dates),
        source=box_source or head_source,
        site=_site(lines, lines[breadcrumb] if breadcrumb is not None else None),
        paragraphs=article_paragraphs(lines[start:]),
    )


def derive_title(paragraphs: list[str]) -> str:
    """A readable title from the first paragraph: its opening clauses, at most 48 characters."""
    first = paragraphs[0] if paragraphs else ""
    title = ""
    position = 0
    for match in _CLAUSE_BREAK.finditer(first):
        clause_end = match.start()
        if clause_end > TITLE_MAX:
            break
        title = first[:clause_end]
        position = match.end()
        if match.group() in SENTENCE_END + "。":
            return title
    if not title:
        title = first[:TITLE_MAX]
        position = len(title)
    return title + ("…" if position < len(first) else "")
