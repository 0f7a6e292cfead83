"""The JSON API: the data of every page, for other intranet systems and the widget.

Field names are stable and described in ``web/openapi.py`` (served at
``/api/openapi.json``). Errors are ``{"error": message, "status": code}``
with that HTTP status.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, stream_with_context, url_for

from search import Document, FacetValue, SearchError
from search.results import SimilarDocument
from web.histogram import histogram_bars
from web.openapi import openapi_document
from web.context import index, read_article_query, read_search_request, settings
from web.export import FORMATS, formatted, start_export
from web.searching import Outcome, run_search

api = Blueprint("api", __name__, url_prefix="/api")
MAX_SIMILAR = 20


def error_response(message: str, status: int) -> tuple[Response, int]:
    return jsonify(error=message, status=status), status


def _article_url(doc_id: str, query: str = "") -> str:
    # Relative to the server (with any URL prefix): clients resolve it against the API's address.
    return url_for("zhsearch.article_page", doc_id=doc_id, **({"q": query} if query else {}))


def _values_json(values: list[FacetValue]) -> list[dict[str, Any]]:
    return [{"value": value.value, "count": value.count, "partial": value.partial} for value in values]


def _facets_json(outcome: Outcome) -> dict[str, Any]:
    facets = {name: _values_json(values) for name, values in outcome.results.facets.items()}
    facets["year"] = _values_json(outcome.years)
    return facets


def _timeline_json(outcome: Outcome) -> list[dict[str, Any]]:
    return [
        {"filter": bar.filter, "value": bar.value, "count": bar.count}
        for bar in histogram_bars(outcome.timeline, outcome.request.filters)
    ]


def search_json(outcome: Outcome) -> dict[str, Any]:
    results = outcome.results
    data = results.to_json()
    for hit, found in zip(data["hits"], results.hits):
        hit["title_html"] = found.title_html
        hit["url"] = _article_url(hit["id"], outcome.request.query)
        for copy in hit["copies"]:
            copy["url"] = _article_url(copy["id"], outcome.request.query)
    data.update(
        pages=results.pages,
        facets=_facets_json(outcome),
        timeline=_timeline_json(outcome),
        undated=outcome.undated,
        suggestions=[suggestion.to_json() for suggestion in outcome.suggestions],
        did_you_mean=outcome.did_you_mean.to_json() if outcome.did_you_mean else None,
    )
    return data


def _similar_json(similar: SimilarDocument) -> dict[str, Any]:
    return {**similar.to_json(), "url": _article_url(similar.id)}


def document_json(document: Document, query: str, similar: list[SimilarDocument]) -> dict[str, Any]:
    return {
        **document.to_json(),
        "title_html": document.title_html,
        "body_html": document.body_html,
        "url": _article_url(document.id, query),
        "original_url": url_for("zhsearch.original_file", doc_id=document.id) if document.has_file else None,
        "similar": [_similar_json(item) for item in similar],
    }


def _searched() -> Outcome:
    return run_search(index(), read_search_request())


@api.route("/search")
def search() -> Any:
    try:
        return jsonify(search_json(_searched()))
    except SearchError as problem:
        return error_response(str(problem), 400)


@api.route("/facets")
def facets() -> Any:
    try:
        outcome = _searched()
    except SearchError as problem:
        return error_response(str(problem), 400)
    return jsonify(
        query=outcome.request.query,
        total=outcome.results.total,
        partial=outcome.results.partial,
        filters=outcome.results.filters,
        facets=_facets_json(outcome),
        timeline=_timeline_json(outcome),
        undated=outcome.undated,
    )


@api.route("/doc/<doc_id>")
def document(doc_id: str) -> Any:
    query = read_article_query()
    raw_limit = request.args.get("similar", "5")
    if not raw_limit.isdigit() or int(raw_limit) > MAX_SIMILAR:
        return error_response(f"参数 similar 应为 0 到 {MAX_SIMILAR} 的整数，而不是“{raw_limit}”", 400)
    found = index().document(doc_id, highlight=query)
    if found is None:
        return error_response(f"没有编号为 {doc_id} 的文章", 404)
    similar = index().more_like_this(doc_id, limit=int(raw_limit)) if int(raw_limit) else []
    return jsonify(document_json(found, query, similar))


@api.route("/export")
def export() -> Any:
    """Every page the search matches (up to the configured cap), streamed as CSV or JSON Lines."""
    format_name = request.args.get("format", "").strip() or "csv"
    if format_name not in FORMATS:
        return error_response(f"参数 format 只能是 csv 或 jsonl，而不是“{format_name}”", 400)
    try:
        search = read_search_request()
        # Without words, the filters' pages newest first, as on the search page.
        sort = "date" if search.is_empty else search.sort
        export = start_export(index(), search.query_text(), search.index_filters(), sort, settings().export_limit)
    except SearchError as problem:
        return error_response(str(problem), 400)
    headers = {
        "Content-Disposition": f"attachment; filename=zhsearch-export.{format_name}",
        "X-Total-Count": str(export.total),
        "X-Export-Count": str(export.exported),
        "X-Export-Limit": str(export.limit),
    }
    return Response(stream_with_context(formatted(export, format_name)), mimetype=FORMATS[format_name], headers=headers)


@api.route("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document())
