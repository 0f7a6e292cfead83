"""What a request works with: the app's index and settings, and the search its query string asks for."""

from __future__ import annotations

from flask import Flask, abort, current_app, request
from werkzeug.datastructures import ImmutableMultiDict

from search.engine import Engine
from search.results import MAX_PER_PAGE
from web.config import Settings
from web.params import BadParameter, SearchRequest, read_query, without_controls

_INDEX = "zhsearch"
_SETTINGS = "zhsearch.settings"


def attach(app: Flask, index: Engine, settings: Settings) -> None:
    app.extensions[_INDEX] = index
    app.extensions[_SETTINGS] = settings


def index() -> Engine:
    return current_app.extensions[_INDEX]


def settings() -> Settings:
    return current_app.extensions[_SETTINGS]


def drop_controls() -> None:
    """Take control and bidi control characters out of the request's parameters and
    path values before any route reads them, so that no page, message or link made
    from them can echo them; a query of nothing else is an empty query."""
    request.args = ImmutableMultiDict(
        [(name, without_controls(value)) for name, value in request.args.items(multi=True)]
    )
    if request.view_args:
        request.view_args = {name: without_controls(value) for name, value in request.view_args.items()}


def read_search_request() -> SearchRequest:
    """The search in this request's query string; BadParameter names a wrong parameter."""
    return SearchRequest.from_args(request.args, settings().per_page, max_per_page=MAX_PER_PAGE)


def read_article_query() -> str:
    """The words an article is marked for (its ``q``); an over-long one is a 400, as
    it is for a search."""
    try:
        return read_query(request.args)
    except BadParameter as problem:
        abort(400, description=str(problem))
