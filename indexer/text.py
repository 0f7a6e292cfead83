"""Reading an article out of page text: a browser's "save as text", or the
text of an HTML page's content block.

The rules are about how Chinese news pages are laid out in general (a
breadcrumb, a title, a share bar, the article, a disclaimer, recommendation
lists, an author box, section sidebars), not about particular files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from indexer.dates import find_date, is_date_line

_BREADCRUMB = re.compile(r"^[^\s>]{1,12}(\s*>\s*[^\s>]{1,12}){1,6}(\s+\S{1,8})?$")
_SHARE = {"分享至", "分享到", "分享"}
_COUNTER = re.compile(r"^\d{1,7}$")

# Lines that are page furniture wherever they stand.
_CHROME_LINES = [
    re.compile(pattern)
    for pattern in (
        r"^!\[[^\]]*\]\([^)]*\)$",  # image placeholder left by "save as text"
        r"^ad\d*\s+webp$",  # ad slot markers
        r"^声明[:：].{0,30}$",  # the author's own one-line copyright notice
        r"^(展开全文|返回搜狐，查看更多|返回搜狐,查看更多|打开网易新闻 查看精彩图片)$",
        r"^(责任编辑|编辑|校对|审核)[:：]\s*\S{1,20}$",
        r"^无障碍浏览\s*进入关怀版$",
    )
]

# Lines after which nothing belongs to the article any more.
_TAIL_STARTS = ("特别声明", "Notice: The content above", "免责声明")
_TAIL_LINES = {
    "相关推荐", "热点推荐", "相关阅读", "推荐阅读", "相关新闻", "延伸阅读", "热门推荐",
    "猜你喜欢", "精彩推荐", "热门评论", "网友评论", "往期回顾", "无障碍浏览 进入关怀版",
}
_AUTHOR_STATS = re.compile(r"^\d+\s*文章数\s*\d+\s*关注度$")
_AUTHOR_BADGE = re.compile(r"\s*incentive-icons$")

# A self-media platform names itself in its notice or breadcrumb.
_PLATFORM_NOTICE = re.compile(r"平台[“\"「]([^”\"」]{2,12})[”\"」]")
_PLATFORM_ENGLISH = {"NetEase Hao": "网易号"}
_BYLINE_SOURCE = re.compile(r"(?:来源|来自|出处)[:：]\s*([^\s|｜丨/]{2,30})")
_BYLINE_AUTHOR = re.compile(r"(?:作者|文)[:：/]\s*([^\s|｜丨/]{2,20})")
_BYLINE_MARKERS = ("来源", "作者", "发布时间", "发布于", "时间：", "时间:", "编辑：")

_SENTENCE_END = "。！？!?…"
_CLAUSE_BREAK = re.compile(r"——|[，,；;：:、。！？!?]")
TITLE_MAX = 48


@dataclass
class TextArticle:
    title: str | None
    date: datetime | None
    source: str | None
    site: str | None
    paragraphs: list[str]


def _is_chrome(line: str) -> bool:
    return any(pattern.match(line) for pattern in _CHROME_LINES)


def _is_tail(line: str) -> bool:
    return line in _TAIL_LINES or line.startswith(_TAIL_STARTS) or bool(_AUTHOR_STATS.match(line))


def _looks_like_title(line: str, after_breadcrumb: bool) -> bool:
    # Under a breadcrumb the next line is the headline; elsewhere only a short
    # line that does not end like a sentence is.
    if after_breadcrumb:
        return len(line) <= 100
    return 4 <= len(line) <= 60 and line[-1] not in "。，,；;：:”…"


def _is_byline(line: str) -> bool:
    return len(line) <= 80 and (
        any(marker in line for marker in _BYLINE_MARKERS) or is_date_line(line)
    )


def _author_box(lines: list[str]) -> tuple[datetime | None, str | None]:
    """The publish time and account of a self-media author box.

    The box reads: a date line, the account (sometimes with a badge), the
    account again, an optional bio, then "N文章数 M关注度".
    """
    for index, line in enumerate(lines):
        if not _AUTHOR_STATS.match(line):
            continue
        for back in range(index - 1, max(index - 7, -1), -1):
            if is_date_line(lines[back]) and back + 1 < index:
                account = _AUTHOR_BADGE.sub("", lines[back + 1]).strip()
                return find_date(lines[back]), account or None
    return None, None


def _site(lines: list[str], breadcrumb: str | None) -> str | None:
    if breadcrumb:
        parts = [part.strip().split()[0] for part in breadcrumb.split(">") if part.strip()]
        for part in parts:
            if part.endswith("号") and len(part) <= 6:
                return part
        if parts:
            return parts[0].removesuffix("首页") or None
    for line in lines:
        match = _PLATFORM_NOTICE.search(line)
        if match:
            return match.group(1)
        for english, site in _PLATFORM_ENGLISH.items():
            if english in line and line.startswith("Notice"):
                return site
    return None


def _byline(line: str) -> tuple[datetime | None, str | None]:
    source = _BYLINE_SOURCE.search(line) or _BYLINE_AUTHOR.search(line)
    return find_date(line), source.group(1) if source else None


def read_text(text: str) -> TextArticle:
    """Split page text into the article's title, metadata and paragraphs."""
    lines = [line.strip() for line in text.replace("\u00a0", " ").splitlines()]
    lines = [line for line in lines if line]

    breadcrumb = None
    start = 0
    if lines and _BREADCRUMB.match(lines[0]):
        breadcrumb = lines[0]
        start = 1

    title = None
    if (
        start < len(lines) - 1
        and _looks_like_title(lines[start], after_breadcrumb=breadcrumb is not None)
        and not _is_tail(lines[start])
        and not _is_chrome(lines[start])
    ):
        title = lines[start]
        start += 1

    date, source = _author_box(lines)
    head_date, head_source = None, None
    paragraphs: list[str] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if _is_tail(line):
            break
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line in _SHARE or (_COUNTER.match(line) and following in _SHARE):
            continue
        if _is_chrome(line):
            continue
        if not paragraphs and _is_byline(line):
            found_date, found_source = _byline(line)
            head_date = head_date or found_date
            head_source = head_source or found_source
            continue
        paragraphs.append(line)

    return TextArticle(
        title=title,
        date=date or head_date,
        source=source or head_source,
        site=_site(lines, breadcrumb),
        paragraphs=paragraphs,
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
        if match.group() in _SENTENCE_END + "。":
            return title
    if not title:
        title = first[:TITLE_MAX]
        position = len(title)
    return title + ("…" if position < len(first) else "")
