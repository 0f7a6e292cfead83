"""The OpenAPI 3.1 description of the JSON API, served at ``/api/openapi.json``.

The schemas list every field and forbid others, and the tests validate real
responses against them, so this file and the API cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from flask import request

from search.results import MAX_PER_PAGE
from web.export import FORMATS
from web.feed import ATOM_TYPE, FEED_ENTRIES
from web.params import FILTERS, MAX_PAGE, MAX_QUERY


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def _strict(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _list(item: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {"type": "array", "items": item, **({"description": description} if description else {})}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_URL = {"type": "string", "description": "Path of a page on this server (with any URL prefix); resolve it against the API's address."}
_FILTERS = {
    "type": "object",
    "description": "The filters in force; each is optional.",
    "properties": {name: {"type": "string"} for name in FILTERS},
    "additionalProperties": False,
}

# What every kind of article record carries.
_ARTICLE = {
    "id": {"type": "string"},
    "path": {
        "type": "string",
        "description": "Where the article came from: the saved file from the indexed folder's name down "
        "(never a server path), or a feed record's url.",
    },
    "title": {"type": "string"},
    "date": _nullable("string", description="ISO 8601 publish time, or null when the page gives none."),
    "source": _nullable("string"),
    "site": _nullable("string"),
}
_SNIPPET = {"type": "string", "description": "HTML: text escaped, matches in <mark>."}
_GROUP = _nullable(
    "string",
    description="The story the page tells: copies of one story (the same wire story carried by several outlets) "
    "share it. null for a page indexed without one.",
)
# What a search reports besides its hits.
_COUNTS = {
    "query": {"type": "string"},
    "total": {"type": "integer", "description": "Hits in all: those with every word of the query, then those with some."},
    "partial": {
        "type": "integer",
        "description": "Of the total, the hits holding only some of the query's words, listed after the others; "
        "they are looked for only when fewer than 10 hold every word.",
    },
    "filters": _ref("Filters"),
    "facets": _ref("Facets"),
    "timeline": _list(_ref("TimelineBar")),
    "undated": {"type": "integer", "description": "Hits without a publish date."},
}

_SEARCH_PARAMETERS = [
    _query("q", "The query, in the query language of the search page (words, \"phrases\", -words, OR, title:, source:, date:).", {"type": "string", "maxLength": MAX_QUERY}),
    _query("page", "Page of results, from 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
    _query("per_page", "Hits per page.", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
    _query("sort", "Order of hits.", {"type": "string", "enum": ["relevance", "date"], "default": "relevance"}),
    _query("source", "Only hits from this source (account or outlet).", {"type": "string"}),
    _query("site", "Only hits from this site.", {"type": "string"}),
    _query("month", "Only hits published in this month.", {"type": "string", "pattern": r"^\d{4}-\d{2}$"}),
    _query("year", "Only hits published in this year.", {"type": "string", "pattern": r"^\d{4}$"}),
    _query("collapse", "true: one hit a story (the best-ranked copy), the other matching copies listed under it in "
           "copies, pages counting stories; false: every page a hit of its own.",
           {"type": "string", "enum": ["true", "false"], "default": "true"}),
]

_NOT_PAGED = [parameter for parameter in _SEARCH_PARAMETERS if parameter["name"] not in ("page", "per_page", "collapse")]
_EXPORT_PARAMETERS = [
    *_NOT_PAGED,
    _query("format", "CSV (UTF-8 with a byte-order mark, a header row) or JSON Lines (one ExportRow a line).",
           {"type": "string", "enum": sorted(FORMATS), "default": "csv"}),
]
_FEED_PARAMETERS = [
    *(parameter for parameter in _SEARCH_PARAMETERS if parameter["name"] not in ("page", "per_page", "sort")),
    _query("limit", "How many of the newest matching pages the feed lists.",
           {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": FEED_ENTRIES}),
]


def _count_header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "integer"}}


_SCHEMAS: dict[str, Any] = {
    "Error": _strict("An error.", {"error": {"type": "string"}, "status": {"type": "integer"}}),
    "FacetValue": _strict(
        "A value and how many hits have it.",
        {
            "value": {"type": "string"},
            "count": {"type": "integer"},
            "partial": {"type": "integer", "description": "Of the count, the hits holding only some of the query's words."},
        },
    ),
    "Facets": _strict(
        "Hit counts per value. Sources and sites most frequent first; months and years oldest first. "
        "A source, site or year whose filter is in force is counted without that filter, so that the "
        "other values stay listed (the timeline does so for months).",
        {name: _list(_ref("FacetValue")) for name in FILTERS},
    ),
    "TimelineBar": _strict(
        "One bar of the date histogram: a month (or a year, for long spans), even without hits. "
        "It counts hits without the month filter, so the other months stay visible.",
        {
            "filter": {"type": "string", "enum": ["month", "year"], "description": "The parameter that filters by this bar."},
            "value": {"type": "string"},
            "count": {"type": "integer"},
        },
    ),
    "Hit": _strict(
        "One ranked result.",
        {
            **_ARTICLE,
            "score": {"type": "number"},
            "partial": {"type": "boolean", "description": "It holds only some of the query's words."},
            "snippet": _SNIPPET,
            "title_html": {"type": "string", "description": "HTML: the title escaped, matches in <mark>."},
            "url": _URL,
            "group": _GROUP,
            "copies": _list(_ref("Copy"), "With collapse: the other matching pages of its story (另有 N 家媒体转载)."),
        },
    ),
    "Copy": _strict(
        "Another matching page telling a hit's story.",
        {**{name: _ARTICLE[name] for name in ("id", "path", "title", "date", "source", "site")}, "url": _URL},
    ),
    "Suggestion": _strict(
        "A search to offer instead: a broader one when a search finds nothing, or the query respelt"
        " (did you mean) when no page holds all its words.",
        {"query": {"type": "string"}, "filters": _ref("Filters"), "total": {"type": "integer"}, "reason": {"type": "string"}},
    ),
    "Filters": _FILTERS,
    "SearchResults": _strict(
        "One page of results.",
        {
            **_COUNTS,
            "stories": {"type": "integer", "description": "How many stories the total pages tell (copies of one story count once)."},
            "collapsed": {"type": "boolean", "description": "Hits are one a story, and pages count stories."},
            "took_ms": {"type": "number"},
            "page": {"type": "integer", "description": "The page asked for; past the last one there are no hits."},
            "per_page": {"type": "integer"},
            "pages": {"type": "integer"},
            "sort": {"type": "string", "enum": ["relevance", "date"]},
            "ignored": _list({"type": "string"}, "Parts of the query that could not be understood and were left out."),
            "missing_shards": _list(
                {"type": "string"},
                "Shards of a cluster that did not answer in time: the hits, total and facets are those of the others.",
            ),
            "hits": _list(_ref("Hit")),
            "suggestions": _list(_ref("Suggestion")),
            "did_you_mean": {
                "oneOf": [_ref("Suggestion"), {"type": "null"}],
                "description": "The query with the words the index lacks put in spellings it holds"
                " that sound or are spelt alike (特郎普 → 特朗普), when no page holds all the query's words.",
            },
        },
    ),
    "FacetResults": _strict("The facet counts and date histogram of a search, without its hits.", _COUNTS),
    "SimilarDocument": _strict(
        "A document like another one.",
        {**{name: _ARTICLE[name] for name in ("id", "title", "date", "source", "site")}, "score": {"type": "number"}, "url": _URL},
    ),
    "Document": _strict(
        "One article, as the article page shows it.",
        {
            **_ARTICLE,
            "title_derived": {"type": "boolean", "description": "The page had no title; this one was made from its first clauses."},
            "body": {"type": "string", "description": "Plain text, paragraphs separated by newlines."},
            "title_html": {"type": "string", "description": "HTML: the title escaped, the words of q in <mark>."},
            "body_html": {"type": "string", "description": "HTML: the body escaped, the words of q in <mark>."},
            "url": _URL,
            "original_url": _nullable(
                "string", description="The saved file as it was indexed; null for a feed's record, which has none."
            ),
            "similar": _list(_ref("SimilarDocument"), "More like this."),
        },
    ),
    "ExportRow": _strict(
        "One matching page in an export: a line of JSON Lines, or a row of the CSV (whose columns are these, in this "
        "order, null written as an empty cell).",
        {
            **{name: _ARTICLE[name] for name in ("title", "date", "source", "site", "path")},
            "group": _GROUP,
            "snippet": {"type": "string", "description": "Plain text: the snippet without its <mark> tags."},
        },
    ),
    "Health": _strict("The server can read its index.", {"status": {"type": "string", "enum": ["ok"]}, "documents": {"type": "integer"}}),
}


def _json_response(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


_ERRORS = {"400": _json_response("Error", "A parameter cannot be used; the message names it.")}


def openapi_document() -> dict[str, Any]:
    """The API description, its server URL being wherever this app is mounted."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "zhsearch",
            "version": "1",
            "description": "Full-text search over saved Chinese news pages. Read-only: every operation is a GET.",
        },
        "servers": [{"url": request.script_root or "/"}],
        "paths": {
            "/api/search": {"get": {
                "operationId": "search",
                "summary": "Ranked, highlighted, faceted results of a query.",
                "parameters": _SEARCH_PARAMETERS,
                "responses": {"200": _json_response("SearchResults", "One page of results."), **_ERRORS},
            }},
            "/api/facets": {"get": {
                "operationId": "facets",
                "summary": "Facet counts and the date histogram of a query, without hits.",
                "parameters": _SEARCH_PARAMETERS,
                "responses": {"200": _json_response("FacetResults", "The counts."), **_ERRORS},
            }},
            "/api/doc/{id}": {"get": {
                "operationId": "document",
                "summary": "One article, highlighted for a query, with documents like it.",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    _query("q", "Words to highlight.", {"type": "string", "maxLength": MAX_QUERY}),
                    _query("similar", "How many similar documents to list.", {"type": "integer", "minimum": 0, "maximum": 20, "default": 5}),
                ],
                "responses": {
                    "200": _json_response("Document", "The article."),
                    "404": _json_response("Error", "No such document."),
                    **_ERRORS,
                },
            }},
            "/api/export": {"get": {
                "operationId": "export",
                "summary": "Every page a query matches (not only one page of them), streamed as CSV or JSON Lines, "
                "up to the server's export_limit (10,000 by default).",
                "parameters": _EXPORT_PARAMETERS,
                "responses": {
                    "200": {
                        "description": "The pages, one row or line each, best first (newest first without q or with sort=date).",
                        "headers": {
                            "X-Total-Count": _count_header("Pages the query matches."),
                            "X-Export-Count": _count_header("Rows in this export: fewer than the total when the cap cuts it."),
                            "X-Export-Limit": _count_header("The server's cap on rows (export_limit)."),
                        },
                        "content": {
                            FORMATS["csv"]: {"schema": {"type": "string", "description": "CSV with the columns of ExportRow."}},
                            FORMATS["jsonl"]: {"schema": _ref("ExportRow")},
                        },
                    },
                    **_ERRORS,
                },
            }},
            "/feed.atom": {"get": {
                "operationId": "feed",
                "summary": "An Atom 1.0 feed of the newest pages a query matches (pages without a date are left out).",
                "parameters": _FEED_PARAMETERS,
                "responses": {
                    "200": {"description": "The feed.", "content": {ATOM_TYPE: {"schema": {"type": "string"}}}},
                    "400": {"description": "A parameter cannot be used; the page names it.", "content": {"text/html": {"schema": {"type": "string"}}}},
                },
            }},
            "/healthz": {"get": {
                "operationId": "health",
                "summary": "Whether the server can read its index, and how many documents it holds.",
                "responses": {"200": _json_response("Health", "Healthy."), "503": _json_response("Error", "The index cannot be read.")},
            }},
        },
        "components": {"schemas": _SCHEMAS},
    }
