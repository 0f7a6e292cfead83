"""Reading the date and the source out of a visible byline, and choosing a
story's source among everything the page says about it.

Bylines are written by hand in templates, so they vary: ``2026-01-25 03:07:00
来源: 新华社``, ``2026年01月25日03:07 | 来源：人民网－国际频道``, ``作者：张三``,
a date followed by nothing but the outlet's name (``2026年01月25日 03:07
新华网``, as Sina shows it), or a date run into a wire credit (``2018-02-28
14:31中央社 澎湖縣28日電``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from indexer.extract.dates import Found, date_span, find_stamp
from indexer.extract.outlets import dateline_source, is_credited_outlet, is_name, is_outlet, outlet_name, reporter_outlet

_NAME = r"([^\s|｜丨/,，;；:：()（）<>《》]{2,30})"
# A picture's credit (图片来源：…) names who took it, not the story's source.
_SOURCE = re.compile(rf"(?<!图片)(?<!圖片)(?<!图)(?<!圖)(?:来源|來源|来自|出处|稿源)\s*[:：]\s*[\[【]?\s*{_NAME}")
_AUTHOR = re.compile(rf"(?:作者|文)\s*[:：/／|｜]\s*{_NAME}")
# A credit line at the head of the text: "圖文／CTWANT", "文／鏡週刊".
_HEAD_CREDIT = re.compile(rf"^(?:圖文|图文|文|作者)\s*[:：/／]\s*{_NAME}$")
_HEAD_CREDIT_LINES = 3
_SEPARATORS = re.compile(r"[\s|｜丨·]+")
_PREFIX = re.compile(r"^\s*(?:本文|文章)?(?:来源|來源|来自|出处|稿源|作者)\s*[:：]\s*")
# A 来源 line after the story (reprints name their source at the foot).
_FOOT_SOURCE = re.compile(rf"^[（(【\[]?\s*(?:本文)?(?:来源|來源|稿源)\s*[:：]\s*{_NAME}")
_FOOT_LINES = 4
_NOTE_LONGEST = 120
_CLAUSE = re.compile(r"[的了在是将將]")
_COLUMN_WORD = re.compile(r"(?:专栏|專欄|栏目|欄目)$")  # "《亦观察》专栏": the column is its name
_UPDATED = re.compile(r"更新|修改|修訂|修订|updated|modified", re.IGNORECASE)
_PUBLISHED = re.compile(r"发布|發布|发表|發表|刊登|出版|published", re.IGNORECASE)
_FIELD_LABEL = re.compile(r"(?:编辑|編輯|来源|來源|作者|记者|記者)\s*[:：]")
_FIELD_ROW = 80
# A note under a story naming who published it: "本文为某某授权网易财经《亦观察》发布",
# "首发于…", "原载于…", "转载自…".
_PUBLISHED_BY = re.compile(
    r"(?:授权|授權)\s*(?P<granted>[^\s，。,；;]{2,24}?)\s*(?:独家|獨家)?(?:发布|發布|刊发|刊發|首发|首發)"
    r"|(?:首发于|首發於|原载于|原載於|转载自|轉載自)\s*(?P<first>[^\s，。,；;]{2,24})"
)
# How a story credits the outlet publishing it: "本報訊", "本台記者".
_SELF_REFERENCE = re.compile(r"^本(?:报|報|台|网|網|刊)$")


def source_name(text: str) -> str | None:
    """A source's name as a meta tag or a byline element gives it, without its label."""
    name = _PREFIX.sub("", text).strip(" |｜丨·-—_")
    return outlet_name(name) if 2 <= len(name) <= 40 else None


def _name_beside_date(line: str) -> str | None:
    """The one name written after a byline's date ("… 11:21 《理财周刊》"), or else before it
    ("maomaobear 2015-06-19 11:20:11"), with nothing else on that side."""
    span = date_span(line)
    if span is None:
        return None
    for side in (line[span[1] :], line[: span[0]]):
        tokens = [token for token in _SEPARATORS.split(side) if token]
        if len(tokens) == 1:
            token = tokens[0].strip("《》〈〉「」")
            if is_name(token) and not any(ch.isdigit() for ch in token):
                return token
    return None


@dataclass
class Byline:
    """What the byline lines say: every date in order, the story's origin as a
    来源 field or wire credit names it, and its author or the name beside the date."""

    dates: list[Found] = field(default_factory=list)
    source: str | None = None
    author: str | None = None


def _read(line: str) -> tuple[Found | None, str | None, str | None]:
    labelled = _SOURCE.search(line)
    source = outlet_name(labelled.group(1)) if labelled else dateline_source(line)
    author = _AUTHOR.search(line)
    named = author.group(1) if author and is_name(author.group(1)) else _name_beside_date(line)
    if not source and not author and named and is_outlet(named):
        source, named = named, None  # "2026年01月25日 03:07 新华网": Sina's 来源 field without its label
    return find_stamp(line), source or reporter_outlet(line), named


def read_byline(line: str) -> tuple[Found | None, str | None]:
    """The date and the source (or, lacking one, the author) a byline line gives."""
    found, source, author = _read(line)
    return found, source or author


def read_bylines(lines: Iterable[str]) -> Byline:
    """Every date the lines give, in order but update times last, and the first source and author named."""
    byline = Byline()
    updated: list[Found] = []
    for line in lines:
        found, source, author = _read(line)
        if found:
            # An update time is the publish time only when the page gives no other.
            (updated if _UPDATED.search(line) and not _PUBLISHED.search(line) else byline.dates).append(found)
        byline.source = byline.source or source
        byline.author = byline.author or author
    # A stamp with its time of day is more telling than a day alone (a header's date, an issue's day).
    byline.dates = [found for found in byline.dates if found.has_time] + [found for found in byline.dates if not found.has_time]
    byline.dates += updated
    return byline


def _foot_source(lines: Sequence[str]) -> str | None:
    for line in lines:
        match = _FOOT_SOURCE.match(line)
        # A row of fields under the text ("编辑：金金 来源：21世纪经济报道 作者：…") names it in one of them.
        if not match and len(line) <= _FIELD_ROW and len(_FIELD_LABEL.findall(line)) >= 2:
            match = _SOURCE.search(line)
        if match:
            return outlet_name(match.group(1))
    return None


def _head_credit(lines: Sequence[str]) -> str | None:
    match = next((found for line in lines if (found := _HEAD_CREDIT.match(line))), None)
    return match.group(1) if match and is_name(match.group(1)) else None


def _published_by(lines: Sequence[str]) -> str | None:
    for line in lines:
        match = _PUBLISHED_BY.search(line) if len(line) <= _NOTE_LONGEST else None
        if match:
            name = _COLUMN_WORD.sub("", match.group("granted") or match.group("first")).strip("《》「」“”")
            return name if not _CLAUSE.search(name) else None
    return None


def story_source(
    byline: Byline, meta_source: str | None, paragraphs: Sequence[str], after: Sequence[str], site_name: str | None
) -> str | None:
    """The story's own origin, most telling first: the byline's 来源 or wire
    credit, the markup's source or author, the dateline credit opening the
    text, the byline's author, a 来源 line at the foot, a reporter's outlet at
    the head; then the name of the site that publishes it (the caller passes
    none for a portal, which carries other outlets' stories).

    A credit naming a person (a reporter, a columnist) rather than an outlet
    comes after the site's name: the outlet that published the story is its
    source. 本報 and 本台 are the publishing site itself.
    """
    head = "\n".join(paragraphs[:2])
    credits = (
        lambda: byline.source,
        lambda: meta_source,
        lambda: dateline_source(head),
        lambda: _published_by([*paragraphs[-_FOOT_LINES:], *after[:_FOOT_LINES]]),
        lambda: byline.author,
        lambda: _head_credit(paragraphs[:_HEAD_CREDIT_LINES]),
        lambda: _foot_source([*paragraphs[-_FOOT_LINES:], *after[:_FOOT_LINES]]),
        lambda: reporter_outlet(head),
    )
    people = []
    for credit in credits:
        name = credit()
        if not name:
            continue
        if _SELF_REFERENCE.match(name):
            return site_name or name
        if site_name is None or is_credited_outlet(name) or credit is credits[0]:
            return name
        people.append(name)
    return site_name or next(iter(people), None)
