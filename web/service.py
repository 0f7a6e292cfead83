"""What other programs ask of the server: is it healthy, and how do browsers add it as a search engine."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template

from web.context import index

service = Blueprint("service", __name__)


@service.route("/healthz")
def health() -> Any:
    try:
        report = index().health()
    except Exception as problem:  # noqa: BLE001 - whatever keeps the index from being read makes the server unhealthy
        return jsonify(error=f"cannot read the index: {problem}", status=503), 503
    down = [shard["name"] for shard in report.get("shards", []) if not shard["ok"]]
    if down:
        return jsonify(status="degraded", error=f"shards not answering: {', '.join(down)}", **report), 503
    return jsonify(status="ok", **report)


@service.route("/opensearch.xml")
def opensearch() -> Response:
    """The OpenSearch description, so browsers can add zhsearch to their search engines."""
    body = render_template("opensearch.xml")
    return Response(body, mimetype="application/opensearchdescription+xml")
