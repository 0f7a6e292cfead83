"""The HTML pages: the search page and the article view.

The same blueprint is registered twice: at the root as ``zhsearch`` and under
``/embed`` as ``embed``, the compact version for iframes. Links in a page go
to the same version of the next page, so a reader stays inside the frame.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for

from indexer.extract import ExtractError, decode_file
from search import Document, SearchError
from search.originals import OriginalUnavailable
from web.context import index, read_article_query, read_search_request, settings
from web.feed import feed_params
from web.histogram import histogram_bars
from web.pager import page_numbers
from web.params import FILTER_LABELS, SORT_LABELS, SearchRequest
from web.searching import run_search

pages = Blueprint("zhsearch", __name__)
PAGE_BLUEPRINTS = ("zhsearch", "embed")
SIMILAR_ON_PAGE = 5


def is_embedded() -> bool:
    return request.blueprint == "embed"


def page_url(endpoint: str, **values: Any) -> str:
    """A URL in the version of the site (full or embed) that this request is in."""
    blueprint = request.blueprint if request.blueprint in PAGE_BLUEPRINTS else "zhsearch"
    return url_for(f"{blueprint}.{endpoint}", **values)


def search_url(search: SearchRequest, **extra: Any) -> str:
    return page_url("search_page", **search.params(settings().per_page, **extra))


def template_helpers() -> dict[str, Any]:
    """What every page template (error pages included) can use."""
    return {
        "page_url": page_url,
        "search_url": search_url,
        "embedded": is_embedded(),
        "filter_labels": FILTER_LABELS,
        "histogram_bars": histogram_bars,
    }


@pages.app_template_filter("display_date")
def display_date(iso: str) -> str:
    """``2026-01-25T03:07:00`` as ``2026-01-25 03:07``; midnight, usually an unknown time, as the day alone."""
    day, _, time = iso.partition("T")
    return day if time[:5] in ("", "00:00") else f"{day} {time[:5]}"


@pages.route("/")
def search_page() -> str:
    query = request.args.get("q", "")
    outcome = error = None
    search = SearchRequest(query=query, per_page=settings().per_page)
    try:
        search = read_search_request()
        if not search.is_empty or search.filters:
            # Filters without words browse their articles, newest first.
            outcome = run_search(index(), search)
    except SearchError as problem:
        # A bad parameter is explained on the page; the search box stays usable.
        error = str(problem)
    return render_template(
        "search.html",
        query=query,
        search=search,
        outcome=outcome,
        error=error,
        sort_labels=SORT_LABELS,
        page_numbers=page_numbers,
        documents=index().doc_count() if outcome is None else None,
        feed_url=url_for("feeds.atom", **feed_params(search)),
        export_url=lambda format_name: url_for(
            "api.export", **search.with_changes().params(settings().per_page, format=format_name)
        ),
        export_limit=settings().export_limit,
    )


def _document_or_404(doc_id: str, highlight: str = "") -> Document:
    document = index().document(doc_id, highlight=highlight)
    if document is None:
        abort(404, description=f"没有编号为 {doc_id} 的文章（可能已从索引中删除）")
    return document


@pages.route("/doc/<doc_id>")
def article_page(doc_id: str) -> str:
    query = read_article_query()
    document = _document_or_404(doc_id, highlight=query)
    return render_template(
        "article.html",
        doc=document,
        query=query,
        paragraphs=document.body_html.split("\n"),
        matches=document.body_html.count("<mark>") + document.title_html.count("<mark>"),
        similar=index().more_like_this(doc_id, limit=SIMILAR_ON_PAGE),
        serve_originals=settings().serve_originals,
    )


@pages.route("/doc/<doc_id>/original")
def original_file(doc_id: str) -> Response:
    if not settings().serve_originals:
        abort(404, description="本服务未开放原始文件下载")
    try:
        original = index().original(doc_id)
    except OriginalUnavailable as problem:
        abort(404, description=str(problem))
    if original is None:
        abort(404, description=f"没有编号为 {doc_id} 的文章（可能已从索引中删除）")
    try:
        decoded = decode_file(original.name, original.data)
    except ExtractError as problem:
        abort(404, description=f"原始文件无法作为文本显示：{problem.reason}")
    # Shown as UTF-8 text, whatever the page was saved in; as text, a saved
    # page's scripts never run here.
    response = Response(decoded.text, mimetype="text/plain")
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
