"""The Flask application: a search page, an article view and a JSON API over one index."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, current_app, jsonify, render_template, request, send_file
from werkzeug.exceptions import HTTPException

from search import SearchError, SearchIndex, SearchResults, open_index, resolve_index_dir
from search.schema import FACET_FIELDS

views = Blueprint("zhsearch", __name__)

FACET_LABELS = {"source": "来源", "site": "站点", "month": "月份"}


class BadParameter(SearchError):
    pass


def _index() -> SearchIndex:
    return current_app.extensions["zhsearch"]


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadParameter(f"parameter {name!r} must be a whole number, not {raw!r}") from None


def _filters() -> dict[str, str]:
    return {name: request.args[name] for name in FACET_FIELDS if request.args.get(name)}


def _run_search() -> SearchResults:
    """The search the request's parameters ask for; SearchError names a bad parameter."""
    return _index().search(
        request.args.get("q", ""),
        page=_int_arg("page", 1),
        per_page=_int_arg("per_page", current_app.config["PER_PAGE"]),
        filters=_filters(),
        sort=request.args.get("sort", "relevance") or "relevance",
    )


def _url_with(**changes: Any) -> str:
    """The current search's URL with some parameters changed (None removes one)."""
    params = {key: value for key, value in request.args.items() if value}
    params.pop("page", None)  # a changed search starts again on page one
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params)


@views.route("/")
def search_page():
    query = request.args.get("q", "")
    error = None
    results = None
    if query.strip() or _filters():
        try:
            results = _run_search()
        except SearchError as problem:
            error = str(problem)
    return render_template(
        "search.html",
        query=query,
        results=results,
        error=error,
        filters=_filters(),
        facet_labels=FACET_LABELS,
        url_with=_url_with,
    )


@views.route("/doc/<doc_id>")
def article_page(doc_id: str):
    document = _index().document(doc_id, highlight=request.args.get("q", ""))
    if document is None:
        abort(404, description=f"no document with id {doc_id!r}")
    paragraphs = document.body_html.split("\n")
    return render_template("article.html", doc=document, paragraphs=paragraphs, query=request.args.get("q", ""))


@views.route("/doc/<doc_id>/original")
def original_file(doc_id: str):
    document = _index().document(doc_id)
    if document is None:
        abort(404, description=f"no document with id {doc_id!r}")
    path = Path(document.path)
    if not path.is_file():
        abort(404, description=f"the original file {document.path} is no longer there")
    # Saved pages are shown as text: never let a stored page's scripts run here.
    return send_file(path, mimetype="text/plain; charset=utf-8" if path.suffix == ".txt" else "text/plain")


@views.route("/api/search")
def api_search():
    try:
        results = _run_search()
    except SearchError as problem:
        return jsonify(error=str(problem), status=400), 400
    return jsonify(results.to_json())


@views.route("/api/doc/<doc_id>")
def api_document(doc_id: str):
    document = _index().document(doc_id, highlight=request.args.get("q", ""))
    if document is None:
        return jsonify(error=f"no document with id {doc_id!r}", status=404), 404
    return jsonify(document.to_json())


@views.route("/healthz")
def health():
    return jsonify(status="ok", documents=_index().doc_count())


def _security_headers(response):
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _error_page(error: HTTPException):
    if request.path.startswith("/api/"):
        return jsonify(error=error.description, status=error.code), error.code
    return render_template("error.html", error=error), error.code


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. ``config["INDEX_DIR"]`` names the index (default as for the CLI)."""
    app = Flask(__name__)
    app.config.update(INDEX_DIR=str(resolve_index_dir()), PER_PAGE=10, JSON_AS_ASCII=False)
    app.config.update(config or {})
    app.json.ensure_ascii = False
    app.extensions["zhsearch"] = open_index(app.config["INDEX_DIR"])
    app.register_blueprint(views)
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _error_page)
    return app
