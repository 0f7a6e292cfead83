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
from functools import lru_cache

from indexer.extract.byline import read_bylines, story_source
from indexer.extract.dates import best_date, find_stamp, is_date_line, year_first
from indexer.extract.footer import footer_names
from indexer.extract.lines import (
    AUTHOR_STATS,
    WHERE,
    SENTENCE_END,
    article_paragraphs,
    drop_trailing_calls,
    from_credit,
    is_breadcrumb,
    is_byline,
    is_chrome,
    is_head_furniture,
    is_menu,
    is_tail,
    split_lines,
)
from indexer.extract.meta import own_name, publisher_name, split_title
from indexer.extract.outlets import is_brand, is_logo, is_outlet, opens_with_credit, reporter_outlet, strip_credit
from indexer.extract.record import Article
from indexer.extract.sites import canonical_name, site_named

_AUTHOR_BADGE = re.compile(r"\s*incentive-icons$")
_DATE_LINE = 40  # longer, and a line is the text's, not a byline

# A self-media platform names itself in its notice (特别声明：…为自媒体平台“网易号”用户上传…).
_PLATFORM_NOTICE = re.compile(r"平台[“\"「]([^”\"」]{2,12})[”\"」]")
_PLATFORM_ENGLISH = {"NetEase Hao": "网易号"}
_HOME = ("首页", "首頁")

_CLAUSE_BREAK = re.compile(r"——|[，,；;：:、。！？!?]")
TITLE_MAX = 48
_LEADING_PUNCTUATION = "，,；;：:、。！？!?…—-·　 \"'“”‘’"
_HEAD_WINDOW = 15
# A headline stands within this many lines above its byline or text, page tools
# (share buttons, font sizes, print) not counted.
_TITLE_REACH = 10
_SHORTEST_TITLE = 5  # but for the dump's first line, which is the page's title
# How far down a dump its headline may stand (under menus and a breadcrumb).
_HEADLINE_REACH = 400
_ABOVE_HEADLINE = 4
# Date lines may stand under a lead photo, past the first line of prose.
_BELOW_PROSE = 3
# Lines of prose this close (counting the lines between) are one stretch of text.
_STRETCH_GAP = 6
# A stretch of prose this much smaller than the longest one is not where the article starts.
_STRAY_SHARE = 1 / 4
# How a line written as one clause of a story ends, and how many lines that do not
# (a sub-head, a section's number) may stand among such lines.
_CLAUSE_GOES_ON = "，,、"
_CLAUSE_END = _CLAUSE_GOES_ON + "。！？；…!?;"
_UNENDED = 2
_SHORTEST_CLAUSE = 4
# A line of prose shorter than this under a headline is a photo's caption, not the first paragraph.
_PARAGRAPH = 30
# Lines after the text that may still credit it (来源 under the story).
_FOOT_LINES = 6
# A run of this many short lines without a sentence is a list, not text.
_LIST_ITEM = 40
_LIST_RUN = 3
_ADDRESS = re.compile(r"https?://|www\.|\.com\b", re.IGNORECASE)
_CLOCK = re.compile(r"(?:^|\s)\d{1,2}:\d{2}$")  # a video's length in a list of clips
_TITLE_LEAD = re.compile(r"^(?:原标题|原標題)\s*[:：]\s*")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"[。！？!?；;]")
_FULL_STOP = re.compile(r"[。；;]")
_QUOTE_END = re.compile(r"[！？!?…][”」』\"]$")


# The same lines are asked about by each step of the reading; the answer depends
# on the line alone. read_text starts each dump afresh, so the cache holds one page.
@lru_cache(maxsize=4096)
def _is_prose(line: str) -> bool:
    # A sentence: a full stop, a quote closed with ！ or ？ after a comma, or a long run of clauses.
    if not ("。" in line or (len(line) >= 60 and ("，" in line or "," in line)) or ("，" in line and _QUOTE_END.search(line))):
        return False
    return not (is_chrome(line) or is_tail(line) or is_breadcrumb(line))


def _looks_like_title(line: str, after_breadcrumb: bool, shortest: int = _SHORTEST_TITLE) -> bool:
    if is_chrome(line) or is_tail(line) or is_menu(line) or _is_credit_line(line):
        return False
    # Under a breadcrumb the next line is the headline; elsewhere only a line
    # of headline length that does not end like a sentence is.
    if after_breadcrumb:
        return len(line) <= 100
    # A quoted word may end a headline (土豆无“土”); a quoted sentence ends a paragraph.
    return shortest <= len(line) <= 80 and line[-1] not in "。，,；;：:…" and not line.endswith(("。”", "！”", "？”", "，”"))


# A reporter's title standing alone ("BBC亞洲商業事務記者"), which heads a byline, not a story.
_REPORTER_TITLE = re.compile(r"(?:記者|记者|特派員|特派员|特約記者|特约记者|撰稿人|通訊員|通讯员)$")
_CREDIT_LINE_LONGEST = 40


def _is_credit_line(line: str) -> bool:
    """A line that is only a credit: "【聯合晚報╱記者邱瓊平/台北報導】", a reporter's title."""
    if len(line) > _CREDIT_LINE_LONGEST:
        return False
    return bool(_REPORTER_TITLE.search(line)) or (line[-1] in "】〕]）)" and opens_with_credit(line))


def _title_like(lines: list[str], at: int) -> bool:
    # The dump's first line is the page's title: a short one ("醉驾案") is still one.
    if at == 0:
        title = _dump_title(lines[0])
        return not _furniture_or_logo(title) and _looks_like_title(title, after_breadcrumb=False, shortest=2)
    return not is_head_furniture(lines[at], None) and _looks_like_title(lines[at], after_breadcrumb=False)


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
        home = WHERE.sub("", parts[0]) if parts else ""
        for suffix in _HOME:
            home = home.removesuffix(suffix)
        return canonical_name(home) or None
    for line in lines:
        # Only in the page's own notice: a story's "平台“爆雷”" names no site.
        match = _PLATFORM_NOTICE.search(line) if is_tail(line) else None
        if match:
            return canonical_name(match.group(1))
        for english, site in _PLATFORM_ENGLISH.items():
            if english in line and line.startswith("Notice"):
                return site
    return None


def _is_byline_line(line: str) -> bool:
    return is_byline(line, has_date=find_stamp(line) is not None)


def _above(lines: list[str], index: int, low: int) -> int | None:
    """The headline among the three lines above ``index`` (from ``low`` on) that
    are not head furniture: a headline may have an account name, a menu, share
    tools or thumbnails between it and what follows, and an ad's slogan above it."""
    window: list[int] = []
    counted, at = 0, index
    while at > low and counted < _TITLE_REACH and len(window) < 3:
        at -= 1
        counted += not is_head_furniture(lines[at], None)
        # The dump's first line is judged as the page's title (原标题：… included) by _title_like.
        if at == 0 or not _short_or_furniture(lines[at]):
            window.append(at)
    return _nearest_title(lines, window)


def _nearest_title(lines: list[str], nearest_first: list[int]) -> int | None:
    """The nearest title-like line, passing over any under half as long as the
    longest: an account's or a channel's name beside the headline."""
    candidates = [at for at in nearest_first if _title_like(lines, at)]
    longest = max((len(lines[at]) for at in candidates), default=0)
    return next((at for at in candidates if len(lines[at]) * 2 >= longest), None)


def _window_start(lines: list[str], first: int) -> int:
    """How far above the first paragraph the head may reach: as many lines as
    the head window holds, not counting page tools (a row of share buttons
    saved one a line can be longer than the head itself)."""
    counted, at = 0, first
    while at > 0 and counted < _HEAD_WINDOW:
        at -= 1
        counted += not _short_or_furniture(lines[at])
    return at


def _short_or_furniture(line: str) -> bool:
    return len(line) < _SHORTEST_TITLE or _furniture_or_logo(line)


def _furniture_or_logo(line: str) -> bool:
    """Lines that are never a headline: page tools, an image, an address, a site's own name, a clock."""
    return (
        is_head_furniture(line, None)
        or _ADDRESS.search(line) is not None
        or _CLOCK.search(line) is not None
        or is_logo(line)
    )


def headline_index(lines: list[str], first: int, breadcrumb: int | None) -> int | None:
    """Where the headline stands above the first line of prose, if anywhere.

    Next to a byline: right above it, or else right below it (Xinhua puts date
    and source over the headline). Without one: right under the breadcrumb,
    or right above the prose.
    """
    low = max(_window_start(lines, first), breadcrumb + 1 if breadcrumb is not None else 0)
    bylines = [index for index in range(low, first) if _is_byline_line(lines[index])]
    if bylines:
        # A page may show date and source above the headline and again under it (Xinhua).
        above = next((at for at in (_above(lines, byline, low) for byline in bylines) if at is not None), None)
        if above is not None:
            return above
        below = _nearest_title(lines, [at for at in range(bylines[-1] + 1, first) if not _furniture_or_logo(lines[at])][:3])
        if below is not None:
            return below
    if breadcrumb is not None:
        after = breadcrumb + 1
        if after < first and not _furniture_or_logo(lines[after]) and _looks_like_title(lines[after], after_breadcrumb=True):
            return after
        return None
    return _above(lines, first, low)


def _dump_title(line: str) -> str:
    """The first line of a dump is the page's <title>: the site's name and a lead-in taken off."""
    return split_title(_TITLE_LEAD.sub("", line))[0]


def _repeated_headline(lines: list[str], main: list[list[int]]) -> tuple[int, int] | None:
    """Where the page's headline stands, when the dump's first line (its <title>) names it:
    its first showing and the showing the article hangs from.

    A page may show the headline more than once (a print bar, a sticky header):
    the one nearest above the first line of prose after the first showing is it.
    The paragraph under it must be the article's (in ``main``, the stretches
    that may hold it): a first line that is not the page's title may stand
    again anywhere.
    """
    if not lines or not _title_like(lines, 0):
        return None
    title = _SPACE.sub("", _dump_title(lines[0]))
    if len(title) < 2:
        return None
    shown = [at for at in range(1, min(len(lines), _HEADLINE_REACH)) if _SPACE.sub("", lines[at]) == title]
    if not shown:
        return None
    prose = next((at for at in range(shown[0] + 1, len(lines)) if _is_prose(lines[at])), len(lines))
    headline = max(at for at in shown if at < prose)
    first = first_paragraph(lines, headline + 1)
    if not any(first in stretch for stretch in main):
        return None
    # A page header shown twice (once more as a sticky bar) repeats a first line
    # that was not the title: the headline is then a line over a byline below it.
    bylines = [at for at in range(headline + 1, first) if _is_byline_line(lines[at])]
    over = _above(lines, bylines[0], headline + 1) if bylines else None
    if over is not None and lines[over] != lines[headline]:
        return None
    return shown[0], headline


def _byline_text(lines: list[str], index: int) -> str:
    """A byline line with its value when the page broke the line after the label
    (``来源：`` / ``新华网``) or put the outlet under the date."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if line.endswith((":", "：")) or (is_date_line(line) and is_outlet(following)):
        return f"{line} {following}"
    return line


def _until_lists(paragraphs: list[str]) -> list[str]:
    """The paragraphs up to a run of short lines without sentences that the text
    does not resume after: a list of other stories' headlines or a page's
    footer links, which a text dump cannot mark as links. (A run the text
    resumes after is a table or a formula inside the story.)"""
    # Other stories' headlines end in ？ and ！ as often as not; only a full stop makes a sentence here.
    while len(paragraphs) > 1 and (is_logo(paragraphs[-1]) or is_brand(paragraphs[-1])):
        paragraphs = paragraphs[:-1]  # the site's name in the footer
    # A line ending in a comma is a clause of a story written a clause a line; no headline ends so.
    short = [
        len(paragraph) <= _LIST_ITEM and not _FULL_STOP.search(paragraph) and not _ends_clause(paragraph, _CLAUSE_GOES_ON)
        for paragraph in paragraphs
    ]
    index = 0
    while index < len(paragraphs):
        end = index
        while end < len(paragraphs) and short[end]:
            end += 1
        resumes = any(
            (_SENTENCE.search(later) and len(later) > _LIST_ITEM) or _ends_clause(later, _CLAUSE_GOES_ON)
            for later in paragraphs[end : end + 2]
        )
        if end - index >= _LIST_RUN and not resumes:
            return paragraphs[:index]
        index = end + 1
    return paragraphs


def _following(lines: list[str], paragraphs: list[str], start: int) -> list[str]:
    """The lines after the article's last paragraph, which may still credit it."""
    if not paragraphs:
        return []
    last = max((at for at in range(start, len(lines)) if lines[at] == paragraphs[-1]), default=len(lines))
    return lines[last + 1 : last + 1 + _FOOT_LINES]


def first_paragraph(lines: list[str], start: int) -> int | None:
    """The first line of prose from ``start`` on that is a paragraph, not a one-sentence caption."""
    prose = [at for at in range(start, len(lines)) if _is_prose(lines[at])]
    return next((at for at in prose if len(lines[at]) >= _PARAGRAPH), prose[0] if prose else None)


def _ends_clause(line: str, marks: str) -> bool:
    """Whether ``line`` is a clause ending in one of ``marks`` ("下周一，"), not a stray mark."""
    return len(line) >= _SHORTEST_CLAUSE and line[-1] in marks


def _lead_in(lines: list[str], first: int, floor: int) -> int:
    """Where a story written a clause a line (as self-media pages often are)
    starts: the top of the run of lines ending in a clause's punctuation over
    its first paragraph of prose, which may hold a sub-head or a number or two;
    not past ``floor``, a byline or chrome."""
    start, unended = first, 0
    for at in range(first - 1, floor - 1, -1):
        line = lines[at]
        if _is_byline_line(line) or is_chrome(line):
            break
        if _ends_clause(line, _CLAUSE_END):
            start, unended = at, 0
        else:
            unended += 1
            if unended > _UNENDED:
                break
    return start


def _main_text(lines: list[str]) -> list[list[int]]:
    """The stretches of prose that may hold the article, each its lines' indices.

    Lines of prose with few lines between are a stretch; a breadcrumb ends one.
    The article is in the longest stretch, under the last breadcrumb above it,
    or in one at least a share of its size from there on. A lone sentence
    elsewhere (a browser notice, another story's teaser, an idle-page warning,
    an age gate over the breadcrumb) is prose too, but not the article.
    """
    stretches: list[list[int]] = []
    breadcrumbs: list[int] = []
    ended = True
    for at, line in enumerate(lines):
        if is_breadcrumb(line):
            breadcrumbs.append(at)
            ended = True
        elif _is_prose(line):
            if ended or at - stretches[-1][-1] > _STRETCH_GAP:
                stretches.append([])
            stretches[-1].append(at)
            ended = False
    if not stretches:
        return []
    sizes = [sum(len(lines[at]) for at in stretch) for stretch in stretches]
    longest = max(range(len(stretches)), key=sizes.__getitem__)
    floor = max((at for at in breadcrumbs if at < stretches[longest][0]), default=-1)
    return [
        stretch for stretch, size in zip(stretches, sizes) if stretch[0] > floor and size >= sizes[longest] * _STRAY_SHARE
    ]


def _bylines_and_text(lines: list[str], low: int, first: int, headline: int | None) -> tuple[list[int], list[str]]:
    """The byline lines from ``low`` to just past the first paragraph (a date may
    stand under a lead photo's caption), and the article's paragraphs without them."""
    reach = range(low, min(len(lines), first + _BELOW_PROSE))
    # Past the first paragraph only a bare date line is byline; a row of fields there is the foot.
    bylines = [at for at in reach if at != headline and _is_byline_line(lines[at]) and (at < first or is_date_line(lines[at]))]
    body = [line for at, line in enumerate(lines[first:], first) if at not in bylines]
    return bylines, drop_trailing_calls(_until_lists(from_credit(article_paragraphs(body))))


def _anchored(lines: list[str], shown: int, headline: int) -> tuple[list[str], list[str], list[str]]:
    """The article under a headline found by the dump's title: its bylines,
    its paragraphs and the lines after them.

    The text starts at the first paragraph of prose under the headline (a
    one-sentence photo caption is not one); what stands between (bylines,
    share bars, an IP label, thumbnails, the caption) is head. Date and source
    lines may also stand just above the headline's first showing or just
    under a lead photo's caption.
    """
    first = first_paragraph(lines, headline + 1)
    first = len(lines) if first is None else _lead_in(lines, first, headline + 1)
    bylines, paragraphs = _bylines_and_text(lines, max(0, shown - _ABOVE_HEADLINE), first, headline)
    return [*(_byline_text(lines, at) for at in bylines), *_credits(lines, headline + 1, first)], paragraphs, _following(lines, paragraphs, first)


def _credits(lines: list[str], start: int, end: int) -> list[str]:
    """A reporter's credit between headline and text ("某报记者 张三/文"): it names the outlet too."""
    return [line for line in lines[start:end] if reporter_outlet(line)]


def read_text(text: str) -> Article:
    """Split page text into the article's title, metadata and paragraphs."""
    _is_prose.cache_clear()
    lines = _join_date_pieces(split_lines(text))
    # What the dump calls its site: the title line's suffixes, then the footer's names.
    site_names = [*(split_title(lines[0])[1] if lines else []), *footer_names(lines)]
    site = site_named(site_names)
    if site and site.day_first:
        # Byline and date lines only: the text stays as the page wrote it.
        lines = [year_first(line) if len(line) <= _DATE_LINE else line for line in lines]
    main = _main_text(lines)
    found = _repeated_headline(lines, main)
    breadcrumb = None
    if found is not None:
        title = lines[found[1]]
        byline_lines, paragraphs, after = _anchored(lines, *found)
    else:
        title, byline_lines, paragraphs, breadcrumb = _unanchored(lines, main)
        after = _following(lines, paragraphs, 0)

    byline = read_bylines(byline_lines)
    box_date, box_source = _author_box(lines)
    publisher = publisher_name(site_names) or _site_line(lines, title)
    return Article(
        title=title,
        date=box_date or best_date(byline.dates, site.zone if site else ""),
        source=box_source or story_source(byline, None, paragraphs, after, publisher),
        site=_site(lines, lines[breadcrumb] if breadcrumb is not None else None),
        paragraphs=paragraphs,
    )


# A date laid out in pieces, each its own block: "2020" / "07/08" / "16:37".
_DATE_PIECE = re.compile(r"^(?:(?:19|20)\d{2}|\d{1,2}[/-]\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?)$")


def _join_date_pieces(lines: list[str]) -> list[str]:
    """The lines with a year, a month and day and a time standing on lines of
    their own joined into one date line, as the page shows them side by side."""
    joined: list[str] = []
    at = 0
    while at < len(lines):
        if at + 2 < len(lines) and re.fullmatch(r"(?:19|20)\d{2}", lines[at]) and all(_DATE_PIECE.match(piece) for piece in lines[at + 1 : at + 3]):
            joined.append(" ".join(lines[at : at + 3]))
            at += 3
        else:
            joined.append(lines[at])
            at += 1
    return joined


def _site_line(lines: list[str], title: str | None) -> str | None:
    """The site's name, when the dump's first line (the page's <title>) is that alone."""
    if not lines or lines[0] == title or split_title(lines[0])[1]:
        return None
    name = own_name([lines[0]])
    return name if name and is_logo(name) else None


def _unanchored(lines: list[str], main: list[list[int]]) -> tuple[str | None, list[str], list[str], int | None]:
    """Title, bylines, paragraphs and breadcrumb of a dump whose first line names
    no headline further down: found by the shape of the lines around the first prose."""
    first = first_paragraph(lines, main[0][0]) if main else None
    if first is None:
        # No sentence anywhere: a headline over short lines, or short lines alone.
        first = 1 if len(lines) > 1 and _title_like(lines, 0) else 0
    else:
        first = _lead_in(lines, first, 1)  # never into the first line, the page's title if anything
    breadcrumb = next((index for index in range(min(first, 10)) if is_breadcrumb(lines[index])), None)
    title_at = headline_index(lines, first, breadcrumb)
    title = lines[title_at] if title_at is not None else None
    if title_at == 0:
        title = _dump_title(title)

    # Above the headline: menus and the breadcrumb, except the dates and
    # sources some sites put over it. Below: bylines and share bars, then
    # whatever else is the article's lead.
    top = title_at if title_at is not None else (breadcrumb + 1 if breadcrumb is not None else first)
    bylines, paragraphs = _bylines_and_text(lines, max(0, top - _ABOVE_HEADLINE), first, title_at)
    return title, [*(_byline_text(lines, index) for index in bylines), *_credits(lines, top if title_at is None else title_at + 1, first)], paragraphs, breadcrumb


def derive_title(paragraphs: list[str]) -> str:
    """A readable title from the first paragraph: its opening clauses, at most 48 characters."""
    # A paragraph may open with punctuation (a stray 。 or a dash); a title does not.
    # Nor does it open with the story's credit (新华社北京8月12日电（记者张三）).
    first = next((p for p in paragraphs if any(ch.isalnum() for ch in p)), "")
    first = strip_credit(first).lstrip(_LEADING_PUNCTUATION)
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
