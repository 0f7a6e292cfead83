"""The plain recipe the benchmarks compare zhsearch with: Whoosh as its documentation
shows it, with jieba's ``ChineseAnalyzer``, and served the plain way.

- ``build(pages, target)``: one default Whoosh writer over the page files, the
  fields read by zhsearch's own extractor (so both indexes hold the same titles,
  dates, sources and sites); title and body analysed by ``ChineseAnalyzer``.
- ``build_title_body(pages, target)``: the indexing benchmarks' plain recipe, as
  the issues' indexing figures were taken with it: one default writer, each
  ``.txt`` page's first line as title and the rest as body, nothing extracted.
- ``results_page(searcher, parser, params)``: a results page as Whoosh's
  documentation writes one: an OR of the words of title and body, default
  BM25F, the page of 10 by ``search_page``, Whoosh's own highlighter on title and
  body and its facet counts (``groupedby``) for source, site, year and month.
- ``create_app(index_dir)``: Flask over that, a searcher per request, with the
  same two routes the load test asks zhsearch for (``/`` and ``/api/search``):

      gunicorn --chdir bench --worker-class gthread --workers 2 --threads 8 \\
          'plain_recipe:create_app("/tmp/plain-index")'
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import jieba
from jieba.analyse import ChineseAnalyzer
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring, sorting
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.qparser import MultifieldParser, OrGroup, PlusMinusPlugin
from whoosh.searching import Searcher

jieba.setLogLevel(logging.WARNING)

FACETS = ("source", "site", "year", "month")
PER_PAGE = 10


def schema() -> Schema:
    analyzer = ChineseAnalyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=analyzer),
        body=TEXT(stored=True, analyzer=analyzer),
        date=DATETIME(stored=True, sortable=True),
        **{name: ID(stored=True, sortable=True) for name in FACETS},
    )


def build(pages: Path, target: Path) -> None:
    """Index the ``.txt`` pages of ``pages`` into ``target`` with one default Whoosh writer."""
    from indexer.extract import extract_file
    from indexer.extract.errors import ExtractError

    ix = whoosh_index.create_in(str(target), schema())
    writer = ix.writer()
    for page in sorted(pages.glob("*.txt")):
        try:
            record = extract_file(page)
        except ExtractError:
            continue  # zhsearch skips such a page too
        fields = {"path": record.path, "title": record.title, "body": record.body}
        if record.date:
            fields.update(date=record.date, year=record.date.strftime("%Y"), month=record.date.strftime("%Y-%m"))
        fields.update({name: value for name in ("source", "site") if (value := getattr(record, name))})
        writer.add_document(**fields)
    writer.commit()


def build_title_body(pages: list[Path], target: Path) -> None:
    """Index the ``.txt`` ``pages`` into the empty folder ``target`` with one default
    Whoosh writer: title and body only, split at the first line."""
    analyzer = ChineseAnalyzer()
    schema = Schema(path=ID(stored=True, unique=True), title=TEXT(stored=True, analyzer=analyzer),
                    body=TEXT(stored=True, analyzer=analyzer))
    writer = whoosh_index.create_in(str(target), schema).writer()
    for page in pages:
        title, _, body = page.read_text(encoding="utf-8").partition("\n")
        writer.add_document(path=str(page), title=title, body=body)
    writer.commit()


def query_parser(ix: whoosh_index.FileIndex) -> MultifieldParser:
    """An OR of the words of title and body; Whoosh's default syntax has no -word, the benchmark's exclusions need it."""
    parser = MultifieldParser(["body", "title"], ix.schema, group=OrGroup)
    parser.add_plugin(PlusMinusPlugin())
    return parser


def results_page(searcher: Searcher, parser: MultifieldParser, params: dict[str, str]) -> dict[str, Any]:
    """Page ``params["page"]`` (default 1) of the query ``params["q"]`` under the facet filters in ``params``."""
    filters = [wq.Term(name, params[name]) for name in FACETS if params.get(name)]
    facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
    page = searcher.search_page(
        parser.parse(params.get("q", "")), int(params.get("page", 1)), pagelen=PER_PAGE,
        filter=wq.And(filters) if filters else None, groupedby=facets,
    )
    hits = [
        {
            "path": hit["path"], "title": hit["title"], "date": str(hit.get("date") or ""),
            "source": hit.get("source"), "site": hit.get("site"), "score": hit.score,
            "title_html": hit.highlights("title") or hit["title"], "snippet": hit.highlights("body"),
        }
        for hit in page
    ]
    counts = {name: sorted(page.results.groups(name).items(), key=lambda item: -item[1]) for name in FACETS}
    return {"total": page.total, "hits": hits, "facets": {name: [{"value": v, "count": c} for v, c in pairs] for name, pairs in counts.items()}}


PAGE = """<!doctype html><html lang="zh"><meta charset="utf-8"><title>{{ q }}</title>
<form><input name="q" value="{{ q }}"></form>
<p id="total">{{ found.total }} 条结果</p>
<aside>{% for name, values in found.facets.items() %}<ul>{% for value in values %}<li>{{ value.value }} ({{ value.count }})</li>{% endfor %}</ul>{% endfor %}</aside>
<ol>{% for hit in found.hits %}<li><h3>{{ hit.title_html|safe }}</h3><p>{{ hit.date }} {{ hit.source or "" }} {{ hit.site or "" }}</p><p>{{ hit.snippet|safe }}</p></li>{% endfor %}</ol>
</html>"""


def create_app(index_dir: str):
    """The plain recipe's Flask app over the Whoosh index in ``index_dir``."""
    from flask import Flask, jsonify, render_template_string, request

    ix = whoosh_index.open_dir(index_dir)
    parser = query_parser(ix)
    jieba.initialize()
    app = Flask(__name__)

    def found() -> dict[str, Any]:
        # A searcher per request, as Whoosh's documentation shows.
        with ix.searcher(weighting=scoring.BM25F()) as searcher:
            return results_page(searcher, parser, request.args.to_dict())

    @app.get("/")
    def page():
        return render_template_string(PAGE, q=request.args.get("q", ""), found=found())

    @app.get("/api/search")
    def api():
        return jsonify(found())

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok", "documents": ix.doc_count()})

    return app
