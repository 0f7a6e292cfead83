"""Reading an article out of a saved HTML page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from bs4 import BeautifulSoup, Tag

from indexer.dates import parse_iso
from indexer.text import TextArticle, read_text

# Elements that never hold article text.
_FURNITURE = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button"]
_BLOCKS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "td"]
_TITLE_SUFFIX = re.compile(r"\s*[-_|｜—]+\s*[^-_|｜—]{1,20}$")


@dataclass
class PageMeta:
    title: str | None = None
    date: datetime | None = None
    source: str | None = None
    site: str | None = None


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content", "").strip():
            return tag["content"].strip()
    return None


def _json_ld(soup: BeautifulSoup) -> dict:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and str(item.get("@type", "")).endswith("Article"):
                return item
    return {}


def _name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_meta(soup: BeautifulSoup) -> PageMeta:
    """Title, date, source and site from JSON-LD first, then meta tags."""
    article = _json_ld(soup)
    date = parse_iso(article.get("datePublished", "")) if article.get("datePublished") else None
    if date is None:
        stamp = _meta(soup, "article:published_time", "publishdate", "pubdate", "publish_date", "og:release_date")
        date = parse_iso(stamp) if stamp else None
    if date is None:
        time_tag = soup.find("time", attrs={"datetime": True})
        date = parse_iso(time_tag["datetime"]) if time_tag else None

    title = _name(article.get("headline")) or _meta(soup, "og:title", "twitter:title")
    if not title and soup.title and soup.title.string:
        title = _TITLE_SUFFIX.sub("", soup.title.string.strip())
    return PageMeta(
        title=title,
        date=date,
        source=_name(article.get("author")) or _meta(soup, "article:author", "author", "source"),
        site=_name(article.get("publisher")) or _meta(soup, "og:site_name", "application-name"),
    )


def _text_weight(element: Tag) -> int:
    """How much paragraph text sits directly in this element, less its link text."""
    weight = 0
    for paragraph in element.find_all("p", recursive=False):
        text = paragraph.get_text(" ", strip=True)
        links = sum(len(a.get_text(strip=True)) for a in paragraph.find_all("a"))
        weight += max(len(text) - 2 * links, 0)
    return weight


def _content_root(soup: BeautifulSoup) -> Tag:
    candidates = [element for element in soup.find_all(["article", "div", "section", "main", "td"])]
    scored = [(_text_weight(element), element) for element in candidates]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] > 0 else (soup.body or soup)


def _block_lines(root: Tag) -> list[str]:
    lines = []
    for block in root.find_all(_BLOCKS):
        if block.find(_BLOCKS):
            continue  # Its inner blocks are read on their own.
        text = block.get_text(" ", strip=True)
        if text:
            lines.append(text)
    return lines or [root.get_text("\n", strip=True)]


def read_html(html: str) -> tuple[PageMeta, TextArticle]:
    """The page's own metadata and the article read from its content block."""
    soup = BeautifulSoup(html, "lxml")
    meta = read_meta(soup)
    for element in soup.find_all(_FURNITURE):
        element.decompose()
    article = read_text("\n".join(_block_lines(_content_root(soup))))
    return meta, article
