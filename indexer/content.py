"""Finding the article on a page by content scoring.

Chrome is removed first: elements that never hold article text, hidden ones,
a known site's chrome blocks, and blocks whose class or id says they are
comments, share bars, related lists and the like. Then every line of real
prose (long enough, mostly not links) scores for the element it sits in, and
for that element's ancestors at a falling rate: commas mark sentences, length
marks substance. The element with the most score, discounted by its share of
link text, is the article; when several near-equal blocks share an ancestor
(an article split by an image or an ad), the ancestor is. This is the
approach Readability made standard, tuned for Chinese punctuation.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from indexer.render import Line, elements, inside
from indexer.sites import Site

FURNITURE = [
    "script", "style", "noscript", "nav", "footer", "aside", "iframe", "svg", "button",
    "select", "input", "textarea", "template", "object", "embed", "canvas", "audio", "video", "map", "dialog",
]
_FURNITURE = frozenset(FURNITURE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_CHROME_NAMES = re.compile(
    r"comment|share|related|recommend|footer|sidebar|breadcrumb|crumb|copyright|qrcode|advert|banner|"
    r"toolbar|statement|disclaimer|login|popup|modal|ranking|hotnews|hot-news|hot_news|download|reward",
    re.IGNORECASE,
)
_CONTENT_NAMES = re.compile(
    r"article|body|content|entry|main|post|text|txt|detail|story|rich_media|artibody|zw", re.IGNORECASE
)
_KEEP = {"html", "body", "article", "main"}

# Where a line's score goes: paragraph-like elements pass it to the element
# they stand in, and lists, quotes, figures and tables are looked through.
_PARAGRAPHS = {"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption", "caption", "th", "summary"}
_WRAPPERS = {"ul", "ol", "dl", "blockquote", "figure", "table", "tbody", "thead", "tfoot", "tr", "center", "hgroup"}
_PUNCTUATION = re.compile(r"[，,。；;！？!?、]")
_MIN_PROSE = 20
_LEVELS = (1.0, 0.5, 1 / 3, 1 / 6)
_NAME_WEIGHT = 1.5
# How many lines under the headline a story's first paragraph may stand.
_UNDER_HEADLINE = 25


def _names(tag: Tag) -> str:
    classes = tag.get("class") or []
    return " ".join([*classes, tag.get("id") or ""]) if isinstance(classes, list) else f"{classes} {tag.get('id') or ''}"


def _hidden(tag: Tag) -> bool:
    style = tag.get("style")
    return tag.has_attr("hidden") or (isinstance(style, str) and bool(_HIDDEN_STYLE.search(style)))


def _text_length(tag: Tag) -> int:
    return sum(len(text.strip()) for text in tag.find_all(string=True))


def _strip_forms(soup: BeautifulSoup) -> None:
    """Remove comment and search forms, but not the form an ASP.NET page wraps itself in."""
    forms = soup.find_all("form")
    if not forms:
        return
    page = _text_length(soup.body or soup)
    for form in forms:
        if form.parent is not None and _text_length(form) * 2 < page:
            form.decompose()


def strip_chrome(soup: BeautifulSoup, site: Site | None, headline: Tag | None = None) -> None:
    """Remove what is never article text: furniture, hidden elements and chrome blocks.

    ``headline`` is the page's headline element: the header holding it is the article's.
    """
    for element in [element for element in elements(soup) if element.name in _FURNITURE]:
        if element.parent is not None:  # not already gone with an ancestor
            element.decompose()
    _strip_forms(soup)
    if site and site.chrome:
        for element in soup.select(site.chrome):
            if element.name not in _KEEP:
                element.decompose()
    doomed = []
    for element in elements(soup):
        if element.name in _KEEP:
            continue
        names = _names(element)
        # A page's header is chrome; an article's own header holds its headline and byline.
        page_header = (
            element.name == "header"
            and not element.find_parent(["article", "main"])
            and not (headline is not None and inside(headline, element))
        )
        if page_header or _hidden(element) or (_CHROME_NAMES.search(names) and not _CONTENT_NAMES.search(names)):
            doomed.append(element)
    for element in doomed:
        if element.parent is not None:
            element.decompose()


def _is_prose(line: Line, shortest: int) -> bool:
    return len(line.text) >= shortest and line.links * 2 < len(line.text)


def _line_score(line: Line) -> float:
    return 1 + len(_PUNCTUATION.findall(line.text)) + min(len(line.text) // 100, 3)


def _holder(block: Tag) -> Tag | None:
    node = block.parent if block.name in _PARAGRAPHS else block
    while node is not None and node.name in _WRAPPERS:
        node = node.parent
    return node


def _name_weight(tag: Tag) -> float:
    # A factor, not a bonus: a name like "article-info" must not lift a
    # one-line byline over a block of real text with a meaningless name.
    names = _names(tag)
    weight = 1.0
    # An HTML5 <article> or <main> says what a content class name says.
    if _CONTENT_NAMES.search(names) or tag.name in ("article", "main"):
        weight *= _NAME_WEIGHT
    if _CHROME_NAMES.search(names):
        weight /= _NAME_WEIGHT
    return weight


def _common_ancestor(first: Tag, others: list[Tag]) -> Tag | None:
    """The nearest ancestor of ``first`` that holds at least two of ``others``."""
    for ancestor in first.parents:
        if ancestor.name in ("body", "html", "[document]"):
            return None
        held = sum(1 for other in others if any(parent is ancestor for parent in other.parents))
        if held >= 2:
            return ancestor
    return None


def find_root(lines: list[Line], headlines: frozenset[str] = frozenset()) -> Tag | None:
    """The element that holds the article, or None when the page has no prose at all.

    ``headlines`` are the page's title as found: the headline is not article
    text, and a long one in a block named "article-title" would otherwise win;
    a block starting just under it weighs as a block named like content does.
    A short article whose every paragraph is under the prose length is scored
    again counting every line that is not mostly links.
    """
    return _best_holder(lines, _MIN_PROSE, headlines) or _best_holder(lines, 1, headlines)


def _best_holder(lines: list[Line], shortest: int, headlines: frozenset[str]) -> Tag | None:
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    text_chars: dict[int, int] = {}
    link_chars: dict[int, int] = {}
    starts: dict[int, int] = {}  # where each candidate's first line of prose stands
    headline = next((index for index, line in enumerate(lines) if line.text in headlines), None)
    for index, line in enumerate(lines):
        # Every ancestor learns its text and link share, for the link-density discount.
        node = line.block
        while node is not None:
            key = id(node)
            text_chars[key] = text_chars.get(key, 0) + len(line.text)
            link_chars[key] = link_chars.get(key, 0) + line.links
            node = node.parent
        if not _is_prose(line, shortest) or line.text in headlines:
            continue
        score = _line_score(line)
        node = _holder(line.block)
        for share in _LEVELS:
            if node is None or node.name == "[document]":
                break
            key = id(node)
            if key not in scores:
                tags[key] = node
                scores[key] = 0.0
                starts[key] = index
            scores[key] += score * share
            node = node.parent
    if not scores:
        return None

    def final(key: int) -> float:
        density = link_chars.get(key, 0) / max(text_chars.get(key, 1), 1)
        # The story starts just under its headline; a comment policy or a sidebar does not.
        near = headline is not None and 0 < starts[key] - headline <= _UNDER_HEADLINE
        return scores[key] * _name_weight(tags[key]) * (1 - density) * (_NAME_WEIGHT if near else 1.0)

    ranked = sorted(scores, key=final, reverse=True)
    top = ranked[0]
    if final(top) <= 0:
        return None
    best = tags[top]
    rivals = [
        tags[key]
        for key in ranked[1:6]
        if final(key) >= 0.75 * final(top) and not inside(tags[key], best) and not inside(best, tags[key])
    ]
    if len(rivals) >= 2:
        shared = _common_ancestor(best, rivals)
        if shared is not None:
            return shared
    return best


def best_block(lines: list[Line]) -> Tag | None:
    """The element holding the most text that is not link lists: the fallback
    when no block is convincing as an article."""
    totals: dict[int, int] = {}
    tags: dict[int, Tag] = {}
    for line in lines:
        if line.links * 2 >= len(line.text):
            continue
        holder = _holder(line.block)
        if holder is None:
            continue
        tags[id(holder)] = holder
        totals[id(holder)] = totals.get(id(holder), 0) + len(line.text)
    return tags[max(totals, key=totals.__getitem__)] if totals else None
