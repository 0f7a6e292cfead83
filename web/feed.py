"""An Atom 1.0 feed for every search: ``/feed.atom?q=…`` with the filters of the results page.

A reader subscribes to a search and is told when it gains an article: the feed
lists the newest matching pages (``limit``, 20 by default), newest first, one a
story (the newest copy) unless ``collapse=false``. Each
entry's id is its article page's address without the query, so it stays the
same from one fetch to the next; its link is that page with the search's words
marked. Pages without a publish date are left out: Atom needs a date for every
entry, and an undated page has none to be newest by.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from flask import Blueprint, Response, abort, request, url_for

from search import Hit, SearchError
from search.defaults import DATE_ZONE, MAX_PER_PAGE, with_zone
from web.context import index, read_search_request
from web.params import FILTER_LABELS, SearchRequest, whole_number

feeds = Blueprint("feeds", __name__)
ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
FEED_ENTRIES = 20
# When nothing matches there is no newest entry; the feed then dates itself at the epoch, a fixed time.
_NOTHING_YET = datetime(1970, 1, 1, tzinfo=DATE_ZONE)


def feed_params(search: SearchRequest) -> dict[str, str]:
    """The query string of the feed of ``search``: its words and filters (a feed has no pages or order)."""
    return {
        **({"q": search.query} if search.query else {}),
        **search.filters,
        **({} if search.collapse else {"collapse": "false"}),
    }


def feed_title(search: SearchRequest) -> str:
    described = [f"“{search.query.strip()}”"] if search.query.strip() else []
    described += [f"{FILTER_LABELS[name]}：{value}" for name, value in search.filters.items()]
    return "zhsearch 新闻搜索：" + ("，".join(described) or "全部文章")


def _element(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _entry(feed: ElementTree.Element, hit: Hit, query: str) -> None:
    entry = _element(feed, "entry")
    _element(entry, "id", url_for("zhsearch.article_page", doc_id=hit.id, _external=True))
    _element(entry, "title", hit.title, type="text")
    link = url_for("zhsearch.article_page", doc_id=hit.id, _external=True, **({"q": query} if query else {}))
    _element(entry, "link", rel="alternate", type="text/html", href=link)
    dated = with_zone(hit.date or "").isoformat()
    _element(entry, "published", dated)
    _element(entry, "updated", dated)
    author = _element(entry, "author")
    _element(author, "name", hit.source or hit.site or "未知来源")
    # The snippet's HTML (its matches in <mark>), escaped once more as Atom's type="html" asks.
    _element(entry, "summary", hit.snippet, type="html")


def atom_feed(search: SearchRequest, hits: list[Hit]) -> bytes:
    """The Atom document of ``search`` listing ``hits`` (dated, newest first)."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    params = feed_params(search)
    self_url = url_for("feeds.atom", _external=True, **params)
    _element(feed, "id", self_url)
    _element(feed, "title", feed_title(search), type="text")
    newest = max((with_zone(hit.date or "") for hit in hits), default=_NOTHING_YET)
    _element(feed, "updated", newest.isoformat())
    _element(feed, "link", rel="self", type=ATOM_TYPE, href=self_url)
    _element(feed, "link", rel="alternate", type="text/html", href=url_for("zhsearch.search_page", _external=True, **params))
    _element(_element(feed, "author"), "name", "zhsearch")
    _element(feed, "generator", "zhsearch")
    for hit in hits:
        _entry(feed, hit, search.query)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)


@feeds.route("/feed.atom")
def atom() -> Any:
    try:
        search = read_search_request()
        limit = whole_number(request.args, "limit", FEED_ENTRIES, MAX_PER_PAGE)
        results = index().search(
            search.query_text(), per_page=limit, filters=search.index_filters(), sort="date", collapse=search.collapse
        )
    except SearchError as problem:
        abort(400, description=str(problem))
    dated = [hit for hit in results.hits if hit.date]
    return Response(atom_feed(search, dated), mimetype=ATOM_TYPE)
