"""Reading an article out of a saved HTML page.

Metadata comes from the markup first (meta.py), then from the visible byline
around the headline. The text comes from the block content scoring picks
(content.py), laid out as lines (render.py) and cleaned of chrome line by
line (lines.py).
"""

from __future__ import annotations

import html as html_module
import re
from difflib import SequenceMatcher
from typing import NamedTuple

from lxml import etree

from indexer.extract.byline import read_bylines, story_source
from indexer.extract.content import best_block, find_root, strip_chrome
from indexer.extract.dates import best_date, find_stamp, is_date_line, year_first
from indexer.extract.dom import Element, inside, parse, text_of
from indexer.extract.footer import footer_names
from indexer.extract.lines import article_paragraphs, clean, from_credit, is_byline, is_head_furniture
from indexer.extract.meta import PageMeta, headline, own_name, publisher_name, read_meta, script_date, site_bylines, split_title
from indexer.extract.outlets import is_logo, opens_with_credit
from indexer.extract.record import MIN_TEXT, Article, letters
from indexer.extract.render import Line, render
from indexer.extract.sites import Site, canonical_name, for_page, identify, is_portal, page_url
from indexer.extract.text import first_paragraph, headline_index

_WRAPPED_TITLE = re.compile(r"([^()（）]{2,12})\s*[(（](.{4,}?)[)）]")
_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# Two wordings of one headline ("男子送醫" shown, "男送醫" in the markup) are this alike.
_SAME_HEADLINE = 0.75
# How far above the article's first line the headline and byline may stand.
_HEAD_REACH = 40
# Lines above the headline that may still be byline (Xinhua puts the date there).
_ABOVE_HEADLINE = 4
# Lines into the article's block that may still be its date.
_BELOW_START = 3
# Lines after the article that may still credit it (来源, 作者 under the text).
_FOOT_REACH = 6


def _dense(line: Line) -> bool:
    return line.links * 2 > len(line.text)


def _choose_title(meta: PageMeta, h1_text: str | None) -> str | None:
    # The headline as shown: an Open Graph or JSON-LD title is often the
    # headline plus the site's name, or an earlier wording of it; the <h1>
    # that <title> also holds is the headline shown.
    meta_title = _meta_headline(meta)
    if h1_text and (not meta_title or _similar(h1_text, meta_title) or (meta.page_title and _similar(h1_text, meta.page_title))):
        return h1_text
    return meta_title or h1_text or _page_headline(meta)


def _page_headline(meta: PageMeta) -> str | None:
    """<title> without its affixes; none where it is only the site's name (the headline is then in the page)."""
    title = meta.page_title
    if title is None or meta.title_suffixes:
        return title
    return None if is_logo(title) or title in {name for name in (meta.site, *meta.own_names) if name} else title


def _meta_headline(meta: PageMeta) -> str | None:
    """The markup's title without the site's affixes; none where it only names the site."""
    if not meta.title:
        return None
    text, affixes = split_title(meta.title)
    wrapped = _WRAPPED_TITLE.fullmatch(text)
    if wrapped and is_logo(wrapped.group(1)):
        text = wrapped.group(2).strip()  # "成報新聞(headline)": the site's name, the headline in brackets
    own = {name for name in (meta.site, *meta.title_suffixes, *meta.own_names) if name}
    if text in own or (affixes and is_logo(text)):
        return None
    return text


def _headline_text(h1: Element, meta: PageMeta) -> str:
    """The headline an ``<h1>`` shows: where a line break parts a headline from
    its sub-headline, the line <title> also holds."""
    text = clean(text_of(h1))
    if h1.find(".//br") is None:
        return text
    first = clean(_before_break(h1))
    titles = [name for name in (meta.title, meta.page_title, *meta.title_suffixes) if name]
    return first if len(first) >= 4 and first != text and any(first == name for name in titles) else text


def _before_break(element: Element) -> str:
    """The text of ``element`` up to its first ``<br>``."""
    markup = _BREAK.split(etree.tostring(element, encoding="unicode", method="html", with_tail=False), maxsplit=1)[0]
    return html_module.unescape(_TAG.sub(" ", markup))


def _similar(one: str, other: str) -> bool:
    return one in other or other in one or SequenceMatcher(None, one, other).ratio() >= _SAME_HEADLINE


def _index_of(lines: list[Line], element: Element | None) -> int | None:
    if element is None:
        return None
    return next((index for index, line in enumerate(lines) if inside(line.block, element)), None)


class Block(NamedTuple):
    """What the block content scoring chose holds, and what stands around it."""

    paragraphs: list[str]
    bylines: list[str]  # above the text, or a date line just inside it
    after: list[str]  # the lines after it, which may still credit the story
    headline: str | None  # the title-like line over the bylines, for a page that gave no title


# How many lines above the block a story's opening paragraph may stand, and how long it is at least.
_CREDIT_REACH = 4
_OPENING_SHORTEST = 50


def _with_opening(lines: list[Line], root: Element) -> Element:
    """The element holding ``root`` and the story's opening paragraph, when a
    template put that paragraph, led by the story's credit, in a block of its own just above."""
    first = next(index for index, line in enumerate(lines) if inside(line.block, root))
    for line in reversed(lines[max(0, first - _CREDIT_REACH) : first]):
        if len(line.text) >= _OPENING_SHORTEST and opens_with_credit(line.text):
            for level, ancestor in enumerate(root.iterancestors()):
                if level >= _CREDIT_REACH or ancestor.tag in ("body", "html"):
                    break
                if inside(line.block, ancestor):
                    return ancestor
    return root


def _read_root(lines: list[Line], root: Element, title: str | None, h1: Element | None, h1_text: str | None) -> Block:
    members = [index for index, line in enumerate(lines) if inside(line.block, root)]
    start, end = members[0], members[-1] + 1
    found = None
    if title is None:
        # No <title>, no <h1>: the headline is the title-like line over the
        # byline, as in a text dump, above the block or at its head.
        texts = [line.text for line in lines]
        first = first_paragraph(texts[:end], members[0]) or members[0]
        at = headline_index(texts[:first], first, None)
        found = title = texts[at] if at is not None else None
    # The block may open with the headline, byline and share bar.
    while start < end and (is_head_furniture(lines[start].text, title) or lines[start].text == h1_text or _dense(lines[start])):
        start += 1
    # A date line may stand under the lead photo's caption, inside the text's block.
    late = [line for line in lines[start : min(end, start + _BELOW_START)] if is_date_line(line.text)]
    region = [line for line in lines[start:end] if all(line is not other for other in late)]
    paragraphs = from_credit(article_paragraphs([line.text for line in region], [_dense(line) for line in region]))

    at = _index_of(lines, h1)
    if at is not None and at < start and start - at <= _HEAD_REACH:
        head = lines[max(0, at - _ABOVE_HEADLINE) : start]
    else:
        head = lines[max(0, members[0] - 8) : start]
    bylines = [line.text for line in [*head, *late] if is_byline(line.text, has_date=find_stamp(line.text) is not None)]
    return Block(paragraphs, bylines, [line.text for line in lines[end : end + _FOOT_REACH]], found)


def _markup_source_and_publisher(meta: PageMeta, site: Site | None, lines: list[Line]) -> tuple[str | None, str | None]:
    """The source the markup names, and the publishing site's name as the last resort for one.

    A markup author that is the site's own name is the hosting site, not the
    story's origin: it comes after the text's dateline credit, with the site's
    name. A known site's name, or a portal's (``<meta name="author" content="网易">``
    on a self-media page), is never a source, but for a site that publishes
    its own stories (the site table says which). The site's name is what the
    page calls itself in its markup, else what its footer's copyright line says.
    """
    source = None if meta.source and is_portal(meta.source) else meta.source
    if site and not site.own_stories:
        return source, None
    publisher = (
        own_name(meta.own_names)
        or publisher_name([meta.site, *meta.title_suffixes])
        or publisher_name(footer_names(line.text for line in lines))  # "自由時報版權所有"
    )
    if meta.source in {name for name in (meta.site, *meta.title_suffixes) if name}:
        return None, publisher or source
    return source, publisher


def read_html(html: str, url: str | None = None) -> Article:
    """The article on an HTML page; ``url`` is where it came from, when the caller knows."""
    page = parse(html)
    site = identify(page, url or page_url(page, html), html)
    site = for_page(site, html) if site else None
    meta = read_meta(page, site)
    bylines = site_bylines(page, site)
    h1 = headline(page, meta.title or meta.page_title, meta.title_suffixes)
    h1_text = _headline_text(h1, meta) if h1 is not None else None
    title = _choose_title(meta, h1_text)

    scripts = [script.text for script in page.iter("script") if script.text]  # gone with the chrome
    lines = render(strip_chrome(page, site, h1))
    root = find_root(lines, frozenset(text for text in (title, h1_text) if text))
    extraction = "content"
    paragraphs: list[str] = []
    after: list[str] = []
    if root is not None:
        block = _read_root(lines, _with_opening(lines, root), title, h1, h1_text)
        paragraphs, after, title = block.paragraphs, block.after, title or block.headline
        bylines += block.bylines
    if letters(paragraphs) < MIN_TEXT:
        fallback = best_block(lines)
        if fallback is not None:
            extraction = "fallback"
            region = [line for line in lines if inside(line.block, fallback)]
            paragraphs = article_paragraphs([line.text for line in region], [_dense(line) for line in region])

    byline = read_bylines([year_first(line) for line in bylines] if site and site.day_first else bylines)
    byline.author = byline.author or meta.author
    markup_source, publisher = _markup_source_and_publisher(meta, site, lines)
    dates = [*meta.dates, *byline.dates, meta.named_date]
    if not any(found and found.has_time for found in dates):
        # Reading every script is slow: only for a page that shows no time of day.
        dates.append(script_date(scripts))
    return Article(
        title=title,
        date=best_date(dates, site.zone if site else ""),
        source=story_source(byline, markup_source, paragraphs, after, publisher),
        site=site.name if site else canonical_name(meta.site),
        paragraphs=paragraphs,
        extraction=extraction,
    )
