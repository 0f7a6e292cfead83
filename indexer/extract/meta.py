"""What a page says about itself in markup: JSON-LD, meta tags, ``<time>``, and
the few script variables known sites fill their bylines from.

Each field lists its candidates in order of trust; the HTML reader adds the
visible byline after them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import time
from itertools import islice

from lxml import etree

from indexer.extract.byline import source_name
from indexer.extract.dates import Found, find_stamp, from_unix, is_date_line, parse_iso
from indexer.extract.dom import Element, has_ancestor, select, strings, text_of
from indexer.extract.lines import clean, visible
from indexer.extract.outlets import is_logo, is_name, is_outlet
from indexer.extract.sites import Site, is_portal

_ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report)$")
_DATE_KEYS = (
    "article:published_time", "og:release_date", "og:time", "publishdate", "pubdate", "publish_date",
    "publishtime", "datepublished", "weibo: article:create_at", "dc.date.issued", "dc.date", "parsely-pub-date",
    "sailthru.date", "date",
)
_SOURCE_KEYS = ("og:article:author", "article:author", "source", "mediaid", "article:source", "author")
_SITE_KEYS = ("og:site_name", "application-name", "sitename")
_TITLE_KEYS = ("og:title", "twitter:title")
_URL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_SEPARATOR_CHARACTERS = " -_|｜—│┃︱"
# A site's name is short; with its English rendering ("中央社即時新聞 CNA NEWS") a little longer.
_TITLE_SUFFIX = re.compile(r"\s*(?:[-_|｜—│┃︱]+|\s-\s)\s*(?:[^-_|｜—│┃︱]{1,16}|[^-_|｜—│┃︱]{1,12}[A-Za-z][A-Za-z .]{3,12})$")
_TITLE_PREFIX = re.compile(r"^\s*([^-_|｜—│┃︱]{2,16}?)\s*(?:\s-{1,2}\s|[_|｜—│┃︱]+|--)\s*")
_AFFIXES = 5  # a <title> holds the site's and channels' names and, on some sites, keywords
# The wording of a copyright notice around the holder's name ("Copyright © 2018 某某網 版權所有").
_RIGHTS = re.compile(r"copyright|©|\(c\)|\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\b|版权所有|版權所有|all rights reserved\.?", re.IGNORECASE)
_COMPANY = re.compile(r"(?:\bInc|\bLtd|\bLimited|\bCo|\bCorp|\bCorporation|公司)\.?$", re.IGNORECASE)  # who runs the site, not its name
_NAME_PARTS = re.compile(r"\s+-{1,2}\s+|\s*[|｜│┃︱]\s*")
# Where a page names its own outlet, most trusted first.
_SELF_KEYS = ("publisher", "og:site_name", "application-name", "apple-mobile-web-app-title", "dcterms.rightsholder", "copyright")
_AUTHOR_NAME = re.compile(r"author|writer", re.IGNORECASE)
_SPACED_SUFFIX = re.compile(r"[ 　]+(\S{2,6})$")  # a longer last word is the headline's
_PUBLISH_TIME = re.compile(r"pub|publish|date|time", re.IGNORECASE)
_FURNITURE = frozenset({"nav", "aside", "footer"})
_NAMED = etree.XPath("//*[@class or @id]")
# Attributes templates fill with the publish time, as NetEase's 2019 self-media pages do.
_DATE_ATTRIBUTES = etree.XPath(
    " | ".join(f"//@data-{name}" for name in ("ptime", "pubtime", "publishtime", "publish-time", "pubdate", "publish-date"))
)
# A script variable holding the publish time: "publishDateTime", "pubtime", "publish_date".
_SCRIPT_PUBLISH_TIME = re.compile(
    r"\b(?:publish|pub|create)[_-]?(?:date)?[_-]?(?:time|date)\w{0,8}[\"']?\]?\s*[:=]\s*[\"']"
    r"(\d{4}[-/]\d{1,2}[-/]\d{1,2}[ T]\d{1,2}:\d{2}[^\"']{0,12}|\d{10})[\"']",
    re.IGNORECASE,
)
_DATE_NAME = re.compile(r"^(?:pub|publish|paper|issue|news|article|post)[-_]?(?:date|time)$|^(?:date|pubtime)$", re.IGNORECASE)


@dataclass
class PageMeta:
    title: str | None = None  # from JSON-LD or Open Graph
    page_title: str | None = None  # from <title>, the site's name taken off
    title_suffixes: list[str] = field(default_factory=list)  # what was taken off, the last first
    dates: list[Found] = field(default_factory=list)  # most trusted first
    # An element or attribute named as the date, trusted less than the visible byline.
    named_date: Found | None = None
    author: str | None = None  # an element named as the author's
    source: str | None = None
    site: str | None = None
    # What the page calls itself (publisher tags, the outermost <title> affix), most trusted first.
    own_names: list[str] = field(default_factory=list)


def meta_tags(root: Element) -> dict[str, str]:
    """Every ``<meta>`` content by its property, name or itemprop (lower-cased), first one kept."""
    tags: dict[str, str] = {}
    for tag in root.iter("meta"):
        content = tag.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            key = tag.get(attribute)
            if key is not None and key.strip():
                tags.setdefault(key.strip().lower(), content.strip())
    return tags


def _json_ld_items(root: Element) -> Iterator[dict]:
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue  # Hand-written JSON-LD is often broken; the other sources remain.
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def json_ld_article(root: Element) -> dict:
    """The page's JSON-LD ``NewsArticle`` (or other article type), or an empty dict."""
    for item in _json_ld_items(root):
        types = item.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(isinstance(kind, str) and _ARTICLE_TYPES.search(kind) for kind in types):
            return item
    return {}


def _name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return clean(value) or None if isinstance(value, str) else None


def split_title(title: str) -> tuple[str, list[str]]:
    """``标题_新浪新闻_新浪网`` → ``标题``, [``新浪网``, ``新浪新闻``]: a <title> ends with
    the site's and channel's names, the outermost first; or it opens with the
    site's name (``自由電子報 - 標題``, ``信報即時新聞 -- 標題``)."""
    title = visible(title)
    prefix = _TITLE_PREFIX.match(title)
    if prefix and is_logo(prefix.group(1)) and len(title) - prefix.end() >= 4 and not is_logo(title[prefix.end() :]):
        return split_title(title[prefix.end() :])[0], [prefix.group(1)]
    suffixes = []
    for _ in range(_AFFIXES):
        match = _TITLE_SUFFIX.search(title)
        if match is None or match.start() < 4:
            break
        suffixes.append(match.group().strip(_SEPARATOR_CHARACTERS))
        title = title[: match.start()]
    # "土豆不“土” 土豆无“土” 松花江网": the site's name after a bare space.
    spaced = _SPACED_SUFFIX.search(title)
    if spaced and spaced.start() >= 6 and is_outlet(spaced.group(1)):
        suffixes.append(spaced.group(1))
        title = title[: spaced.start()]
    return title, suffixes


def _own_name(name: str) -> str | None:
    """The outlet's name in what a page calls itself: ``科技 - 中時新聞網`` → 中時新聞網,
    ``頭條日報 Headline Daily`` → 頭條日報; None for what names no outlet."""
    parts = [part.strip() for part in _NAME_PARTS.split(_RIGHTS.sub(" ", visible(name))) if part.strip()]
    names = []
    for part in parts:
        words = part.split()
        chinese = [word for word in words if re.search(r"[\u3400-\u9fff]", word)]
        # A Chinese name with its English rendering: the Chinese one.
        names.append(" ".join(chinese) if chinese and len(chinese) < len(words) else part)
    named = [name for name in names if is_name(name) and not is_portal(name) and not _COMPANY.search(name)]
    return next((name for name in named if is_outlet(name)), named[0] if named else None)


def publisher_name(names: Iterable[str | None]) -> str | None:
    """The first of ``names`` that names a news outlet rather than a portal or a channel."""
    # "三立新聞網  SETN.COM": the name before the address.
    candidates = (part for name in names if name for part in (name, name.split()[0]))
    return next((name for name in candidates if is_outlet(name) and not is_portal(name)), None)


def _affix_names(affixes: list[str]) -> list[str]:
    """The affixes of a <title> that may name its site: the outermost one, and
    further in only a name that reads as an outlet's (the others are channels,
    sections, an edition's code)."""
    return [affix for at, affix in enumerate(affixes) if (at == 0 and not any(ch.isdigit() for ch in affix)) or is_outlet(affix)]


def own_name(names: Iterable[str | None]) -> str | None:
    """The outlet a page names itself by: the first of ``names`` (what it calls
    itself, most trusted first) that names one, not a portal."""
    return next((found for name in names if name and (found := _own_name(name))), None)


def headline(root: Element, hint: str | None, site_names: Iterable[str] = ()) -> Element | None:
    """The ``<h1>`` that holds the article's headline (not the logo's, which says one of ``site_names``)."""
    fallback = None
    for h1 in islice(root.iter("h1"), 12):
        text = clean(text_of(h1))
        if len(text) < 4 or sum(len(piece.strip()) for a in h1.iter("a") for piece in strings(a)) * 2 > len(text):
            continue
        if text in site_names or is_logo(text):
            continue  # the logo: a site's name
        if hint and (text in hint or hint in text):
            return h1
        fallback = h1 if fallback is None else fallback
    return fallback


def _time_tag(root: Element) -> Found | None:
    """The article's ``<time>``: one marked as the publish time, else the first outside page furniture."""
    first = None
    for tag in islice(root.iter("time"), 50):
        attribute = tag.get("datetime")
        shown = find_stamp(text_of(tag))
        machine = parse_iso(attribute) if attribute is not None and attribute.strip() else None
        found = machine._replace(shown=False) if machine else shown
        # A datetime of midnight beside a shown time of that day was filled in without the time.
        if found and shown and shown.has_time and found.when.date() == shown.when.date() and found.when.time() == time():
            found = shown
        if found is None or has_ancestor(tag, _FURNITURE):
            continue
        marks = " ".join([tag.get("itemprop") or "", tag.get("class") or ""])
        if tag.get("pubdate") is not None or "datepublished" in marks.lower() or _PUBLISH_TIME.search(marks):
            return found
        first = first or found
    return first


def _named(root: Element) -> tuple[list[Element], list[Element]]:
    """The elements whose class or id names them as the date, and those naming them as the author's."""
    dated, authored = [], []
    for tag in _NAMED(root):
        marks = f"{tag.get('class') or ''} {tag.get('id') or ''}"
        if _AUTHOR_NAME.search(marks):
            authored.append(tag)
        lowered = marks.lower()
        # Every name _DATE_NAME matches says "date" or "time": most elements are passed over on that.
        if ("date" in lowered or "time" in lowered) and any(_DATE_NAME.search(name) for name in marks.split()):
            dated.append(tag)
    return dated, authored


def _dated_element(tags: list[Element]) -> Found | None:
    """An element named as the publish or issue date (``<span id="paperdate">``) holding a date and nothing else."""
    for tag in tags:
        text = clean(text_of(tag))
        if len(text) <= 40 and is_date_line(text):
            return find_stamp(text)
    return None


def script_date(scripts: Iterable[str]) -> Found | None:
    """The publish time a page's script assigns to a variable named for it
    (``ejValue['publishDateTime']="2020-08-14 09:18:00"``, ``var create_time = "1730435880"``)."""
    for text in scripts:
        if "pub" in text or "Pub" in text or "reate" in text:
            match = _SCRIPT_PUBLISH_TIME.search(text)
            if match:
                return from_unix(match.group(1)) or parse_iso(match.group(1))
    return None


def _affix_date(affixes: list[str]) -> Found | None:
    """The issue's day a <title> names among its affixes (``…-國際要聞-20130412``)."""
    for affix in affixes:
        if re.fullmatch(r"(?:19|20)\d{6}", affix):
            return find_stamp(f"{affix[:4]}-{affix[4:6]}-{affix[6:]}")
    return None


def _attribute_date(root: Element) -> Found | None:
    """The publish time a template put in an attribute (``<div data-ptime="2019-05-17 20:02:46">``)."""
    return next((found for value in _DATE_ATTRIBUTES(root) if (found := parse_iso(str(value)))), None)


def _named_author(tags: list[Element]) -> str | None:
    """The name in an element named as the author's (``<span class="con1_author">``), when it holds a name alone."""
    for tag in tags:
        text = clean(text_of(tag))
        name = source_name(text) if len(text) <= 30 else None
        if name and is_name(name):
            return name
    return None


def _script_date(root: Element, site: Site | None) -> Found | None:
    if not site or not site.date_script:
        return None
    pattern = re.compile(site.date_script)
    for script in root.iter("script"):
        match = pattern.search(script.text or "")
        if match:
            value = next(group for group in match.groups() if group)
            return from_unix(value) or parse_iso(value)
    return None


def _selected_text(root: Element, selector: str) -> Iterator[str]:
    for element in select(root, selector, limit=8):
        text = clean(text_of(element))
        if text:
            yield text


def _page_title(root: Element) -> str | None:
    title = next(root.iter("title"), None)
    return title.text if title is not None and len(title) == 0 else None


def read_meta(root: Element, site: Site | None) -> PageMeta:
    """Title, dates, source and site the page's markup gives, most trusted first."""
    article = json_ld_article(root)
    meta = meta_tags(root)
    dated, authored = _named(root)

    dates = [parse_iso(str(article[key])) for key in ("datePublished", "dateCreated") if article.get(key)]
    dates += [parse_iso(meta[key]) for key in _DATE_KEYS if key in meta]
    dates += [_script_date(root, site), _time_tag(root)]

    author = _name(article.get("author"))
    sources = [source_name(author) if author else None]
    sources += [source_name(meta[key]) for key in _SOURCE_KEYS if key in meta and not _URL.match(meta[key])]
    if site and not site.own_stories:
        # A known site's own name in its author tag says nothing about the story's source.
        sources = [name for name in sources if name is None or name not in (site.name, *site.aliases)]
        sources += [source_name(text) for text in _selected_text(root, site.source)]

    title = _name(article.get("headline")) or _name(article.get("name"))
    title = title or next((clean(meta[key]) for key in _TITLE_KEYS if key in meta), None)
    shown = _page_title(root)
    page_title, suffixes = split_title(clean(shown)) if shown else (None, [])
    social_suffixes = split_title(title)[1] if title else []
    publisher = _name(article.get("publisher"))

    return PageMeta(
        title=title,
        page_title=page_title or None,
        title_suffixes=suffixes,
        dates=[found for found in dates if found],
        named_date=_dated_element(dated) or _attribute_date(root) or _affix_date(suffixes),
        author=_named_author(authored),
        source=next((name for name in sources if name), None),
        site=publisher or next((meta[key] for key in _SITE_KEYS if key in meta), None),
        own_names=[publisher, *(meta.get(key) for key in _SELF_KEYS), *_affix_names(suffixes), *_affix_names(social_suffixes)],
    )


def site_bylines(root: Element, site: Site | None) -> list[str]:
    """The text of a known site's byline elements."""
    return list(_selected_text(root, site.byline)) if site else []
