"""Reading the date and the source out of a visible byline.

Bylines are written by hand in templates, so they vary: ``2026-01-25 03:07:00
来源: 新华社``, ``2026年01月25日03:07 | 来源：人民网－国际频道``, ``作者：张三``,
or a date followed by nothing but the outlet's name (``2026年01月25日 03:07
新华网``, as Sina shows it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.dates import Found, date_span, find_stamp

_NAME = r"([^\s|｜丨/,，;；:：()（）\[\]【】<>《》]{2,30})"
_SOURCE = re.compile(rf"(?:来源|来自|出处|稿源)\s*[:：]\s*{_NAME}")
_AUTHOR = re.compile(rf"(?:作者|文)\s*[:：/|｜]\s*{_NAME}")
_SEPARATORS = re.compile(r"[\s|｜丨·]+")
# Words that follow a date in a byline without naming anybody.
_NOT_A_NAME = re.compile(r"^(?:发布于|发表于|来自|阅读|浏览|星期|周[一二三四五六日天]|更新|原创|字号|评论|举报|分享|关注)")
_PREFIX = re.compile(r"^\s*(?:本文|文章)?(?:来源|来自|出处|稿源|作者)\s*[:：]\s*")


def source_name(text: str) -> str | None:
    """A source's name as a meta tag or a byline element gives it, without its label."""
    name = _PREFIX.sub("", text).strip(" |｜丨·-—_")
    return name if 2 <= len(name) <= 40 else None


def _name_after_date(line: str) -> str | None:
    span = date_span(line)
    if span is None:
        return None
    rest = [token for token in _SEPARATORS.split(line[span[1]:]) if token]
    if len(rest) != 1:
        return None
    token = rest[0]
    if not 2 <= len(token) <= 16 or any(ch.isdigit() or ch in ":：" for ch in token) or _NOT_A_NAME.match(token):
        return None
    return token


def read_byline(line: str) -> tuple[Found | None, str | None]:
    """The date and the source (or, lacking one, the author) a byline line gives."""
    match = _SOURCE.search(line) or _AUTHOR.search(line)
    return find_stamp(line), match.group(1) if match else _name_after_date(line)


def read_bylines(lines: Iterable[str]) -> tuple[list[Found], str | None]:
    """Every date the lines give, in order, and the first source named."""
    dates: list[Found] = []
    source = None
    for line in lines:
        found, named = read_byline(line)
        if found:
            dates.append(found)
        source = source or named
    return dates, source
