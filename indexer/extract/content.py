"""Finding the article on a page by content scoring.

Chrome is removed first: elements that never hold article text, hidden ones,
a known site's chrome blocks, and blocks whose class or id says they are
comments, share bars, related lists and the like (but for a short one holding
the byline). Then every line of real
prose (long enough, mostly not links) scores for the element it sits in, and
for that element's ancestors at a falling rate: commas mark sentences, length
marks substance. The element with the most score, discounted by its share of
link text, is the article; when several near-equal blocks share an ancestor
(an article split by an image or an ad), the ancestor is. This is the
approach Readability made standard, tuned for Chinese punctuation.
"""

from __future__ import annotations

import re

from lxml import etree

from indexer.extract.byline import read_byline
from indexer.extract.dates import find_stamp
from indexer.extract.dom import Element, has_ancestor, inside, names, remove, select, strings, text_of
from indexer.extract.lines import clean
from indexer.extract.render import Line
from indexer.extract.sites import Site

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
# How long a block named like chrome may be and still be kept for the date it holds.
_BYLINE_HOLDER = 120
_ARTICLE = frozenset({"article", "main"})
# Characters of text under an element (the furniture, scripts included, already gone).
_TEXT_LENGTH = etree.XPath("string-length(normalize-space())")
# The elements that may be chrome by their names, style or place: most have no attributes at all.
_MARKED = etree.XPath("//*[@class or @id or @style or @hidden or self::header]")

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


def _names(element: Element) -> str:
    return " ".join(names(element))


def _hidden(element: Element) -> bool:
    style = element.get("style")
    return element.get("hidden") is not None or (style is not None and bool(_HIDDEN_STYLE.search(style)))


def _strip_forms(root: Element) -> None:
    """Remove comment and search forms, but not the form an ASP.NET page wraps itself in."""
    forms = list(root.iter("form"))
    if not forms:
        return
    page = _TEXT_LENGTH(_body(root))
    for form in forms:
        if _TEXT_LENGTH(form) * 2 < page:
            remove(form)


def _holds_byline(element: Element) -> bool:
    """Whether a short block holds a byline naming who wrote the story beside its
    date: a share bar may (NetEase's 2019 self-media pages put the date and the
    account beside the share buttons). A date alone in a toolbar is the day's."""
    size = 0
    for piece in strings(element):
        size += len(piece.strip())
        if size > _BYLINE_HOLDER:
            return False  # a list or a box of other stories, not a byline
    if find_stamp(text_of(element)) is None:
        return False
    return any(all(read_byline(clean(text_of(part)))) for part in element.iter(etree.Element))


def _body(root: Element) -> Element:
    return next(root.iter("body"), root)


def strip_chrome(root: Element, site: Site | None, headline: Element | None = None) -> Element:
    """Remove what is never article text: furniture, hidden elements and chrome blocks;
    return the page's ``<body>`` (or ``root``, for a page without one).

    ``headline`` is the page's headline element: the header holding it is the article's.
    """
    for element in list(root.iter(*_FURNITURE)):
        remove(element)
    _strip_forms(root)
    if site and site.chrome:
        for element in select(root, site.chrome):
            if element.tag not in _KEEP:
                remove(element)
    doomed = []
    for element in _MARKED(root):
        if element.tag in _KEEP:
            continue
        classes = _names(element)
        # A page's header is chrome; an article's own header holds its headline and byline.
        page_header = (
            element.tag == "header"
            and not has_ancestor(element, _ARTICLE)
            and not (headline is not None and inside(headline, element))
        )
        named_chrome = _CHROME_NAMES.search(classes) and not _CONTENT_NAMES.search(classes) and not _holds_byline(element)
        if page_header or _hidden(element) or named_chrome:
            doomed.append(element)
    for element in doomed:
        remove(element)
    return _body(root)


def _is_prose(line: Line, shortest: int) -> bool:
    return len(line.text) >= shortest and line.links * 2 < len(line.text)


def _line_score(line: Line) -> float:
    return 1 + len(_PUNCTUATION.findall(line.text)) + min(len(line.text) // 100, 3)


def _holder(block: Element) -> Element | None:
    node = block.getparent() if block.tag in _PARAGRAPHS else block
    while node is not None and node.tag in _WRAPPERS:
        node = node.getparent()
    return node


def _name_weight(tag: Element) -> float:
    # A factor, not a bonus: a name like "article-info" must not lift a
    # one-line byline over a block of real text with a meaningless name.
    names = _names(tag)
    weight = 1.0
    # An HTML5 <article> or <main> says what a content class name says.
    if _CONTENT_NAMES.search(names) or tag.tag in _ARTICLE:
        weight *= _NAME_WEIGHT
    if _CHROME_NAMES.search(names):
        weight /= _NAME_WEIGHT
    return weight


def _common_ancestor(first: Element, others: list[Element]) -> Element | None:
    """The nearest ancestor of ``first`` that holds at least two of ``others``."""
    for ancestor in first.iterancestors():
        if ancestor.tag in ("body", "html"):
            return None
        held = sum(1 for other in others if any(parent is ancestor for parent in other.iterancestors()))
        if held >= 2:
            return ancestor
    return None


def find_root(lines: list[Line], headlines: frozenset[str] = frozenset()) -> Element | None:
    """The element that holds the article, or None when the page has no prose at all.

    ``headlines`` are the page's title as found: the headline is not article
    text, and a long one in a block named "article-title" would otherwise win;
    a block starting just under it weighs as a block named like content does.
    A short article whose every paragraph is under the prose length is scored
    again counting every line that is not mostly links.
    """
    found = _best_holder(lines, _MIN_PROSE, headlines)
    return found if found is not None else _best_holder(lines, 1, headlines)


def _best_holder(lines: list[Line], shortest: int, headlines: frozenset[str]) -> Element | None:
    # Keyed by the elements themselves: lxml makes a new Python object for an
    # element no one holds, so id() of one let go could come back as another's.
    scores: dict[Element, float] = {}
    text_chars: dict[Element, int] = {}
    link_chars: dict[Element, int] = {}
    starts: dict[Element, int] = {}  # where each candidate's first line of prose stands
    headline = next((index for index, line in enumerate(lines) if line.text in headlines), None)
    for index, line in enumerate(lines):
        # Every ancestor learns its text and link share, for the link-density discount.
        node = line.block
        while node is not None:
            text_chars[node] = text_chars.get(node, 0) + len(line.text)
            link_chars[node] = link_chars.get(node, 0) + line.links
            node = node.getparent()
        if not _is_prose(line, shortest) or line.text in headlines:
            continue
        score = _line_score(line)
        node = _holder(line.block)
        for share in _LEVELS:
            if node is None:
                break
            if node not in scores:
                scores[node] = 0.0
                starts[node] = index
            scores[node] += score * share
            node = node.getparent()
    if not scores:
        return None

    def final(element: Element) -> float:
        density = link_chars.get(element, 0) / max(text_chars.get(element, 1), 1)
        # The story starts just under its headline; a comment policy or a sidebar does not.
        near = headline is not None and 0 < starts[element] - headline <= _UNDER_HEADLINE
        return scores[element] * _name_weight(element) * (1 - density) * (_NAME_WEIGHT if near else 1.0)

    ranked = sorted(scores, key=final, reverse=True)
    best = ranked[0]
    if final(best) <= 0:
        return None
    rivals = [
        element
        for element in ranked[1:6]
        if final(element) >= 0.75 * final(best) and not inside(element, best) and not inside(best, element)
    ]
    if len(rivals) >= 2:
        shared = _common_ancestor(best, rivals)
        if shared is not None:
            return shared
    return _whole_story(best, [element for element in ranked[1:] if final(element) >= _PART_SHARE * final(best)])


# A part of a story split into blocks of one kind (a template's "article-body-item"
# between ads) holds at least this share of the best part's score.
_PART_SHARE = 0.15
_PART_REACH = 3  # levels up from a part to the element holding every part


def _whole_story(best: Element, others: list[Element]) -> Element:
    """The element holding every block of the same kind as ``best`` (same tag,
    same class) that also holds prose: a story the template cut into parts."""
    kind = (best.tag, best.get("class"))
    if kind[1] is None:
        return best
    parts = [element for element in others if (element.tag, element.get("class")) == kind and not inside(element, best)]
    if not parts:
        return best
    for level, ancestor in enumerate(best.iterancestors()):
        if level >= _PART_REACH or ancestor.tag in ("body", "html"):
            break
        if all(inside(part, ancestor) for part in parts):
            return ancestor
    return best


def best_block(lines: list[Line]) -> Element | None:
    """The element holding the most text that is not link lists: the fallback
    when no block is convincing as an article."""
    totals: dict[Element, int] = {}
    for line in lines:
        if line.links * 2 >= len(line.text):
            continue
        holder = _holder(line.block)
        if holder is not None:
            totals[holder] = totals.get(holder, 0) + len(line.text)
    return max(totals, key=totals.__getitem__) if totals else None
