"""The application factory: ``create_app(config)`` builds the Flask app over one index.

The app works at any URL prefix: links are built with ``url_for``, which honours
the WSGI ``SCRIPT_NAME`` that a dispatcher, ``zhsearch serve --url-prefix`` or
(with ``trusted_proxies``) a reverse proxy's ``X-Forwarded-Prefix`` sets.
Every route only reads; no request changes the index or any file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.middleware.proxy_fix import ProxyFix

from search import SynonymsError
from search.analysis.schema import warm_up
from search.cluster.nodes import EngineUnavailable
from search.engine import open_engine
from web.api import api
from web.config import ConfigError, Settings, as_settings
from web.context import attach, drop_controls
from web.feed import feeds
from web.pages import pages, template_helpers
from web.security import add_cors_headers, add_security_headers
from web.service import service


SERVER_ERROR = "服务器内部错误：索引可能正在重建或暂时无法读取，请稍后重试。"
# In place of Werkzeug's English descriptions, for the errors a request can meet
# here; for a 500 it would speak of overload, so it says what is likely instead.
MESSAGES = {
    400: "请求无法处理：参数有误。",
    404: "找不到这个地址：链接可能有误，或页面已不存在。",
    405: "不支持这种请求方式：本服务只读，只接受 GET 请求。",
    413: "请求内容太大。",
    414: "请求地址太长。",
    416: "请求的文件范围不存在。",
    500: SERVER_ERROR,
    503: "搜索服务暂时不可用，请稍后重试。",
}


def unavailable_message(error: EngineUnavailable) -> str:
    """In Chinese, which part of the cluster could not answer."""
    if error.shards:
        return f"搜索集群暂时无法回答：分片 {'、'.join(error.shards)} 没有响应，请稍后重试。"
    return f"搜索集群暂时无法连接（{error.where}），请稍后重试。"


def _message(error: HTTPException) -> str:
    if error.description and error.description != type(error).description:
        return error.description  # the app's own, in Chinese
    return MESSAGES.get(error.code, f"请求无法完成（错误 {error.code}）。")


def _error(error: HTTPException) -> Any:
    # Headers such as a 405's Allow stay; the body is the app's own.
    headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
    if request.path.startswith("/api/") or request.blueprint in ("api", "service"):
        return jsonify(error=_message(error), status=error.code), error.code, headers
    return render_template("error.html", error=error, description=_message(error)), error.code, headers


def _engine_down(error: EngineUnavailable) -> Any:
    """A cluster that cannot answer: a 503 saying which part, never a traceback."""
    return _error(ServiceUnavailable(description=unavailable_message(error)))


def create_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Build the app from Settings or a mapping of setting names (``{"index_dir": …}``,
    case-insensitive, so ``{"INDEX_DIR": …}`` works too; ``engine`` names a cluster). Raises
    EngineUnavailable when that cluster cannot be reached, IndexNotFound when
    there is no index, and ConfigError for a setting it cannot use (an unreadable
    synonyms file among them)."""
    settings = as_settings(config)
    app = Flask(__name__)
    app.config.update(JSON_AS_ASCII=False)
    app.json.ensure_ascii = False
    app.json.sort_keys = False  # fields in the order the API documents them
    try:
        index = open_engine(settings.engine or settings.index_dir, settings.synonyms or None)
    except SynonymsError as error:
        raise ConfigError(f"synonyms: {error}") from None
    except ValueError as error:
        raise ConfigError(str(error)) from None
    # The segmenter and the tagger of pasted paragraphs, loaded now (about a
    # second), not in a reader's first search; `zhsearch serve` builds the app
    # before gunicorn forks, so its workers share them.
    warm_up(long_queries=True)
    attach(app, index, settings)
    app.register_blueprint(pages)
    app.register_blueprint(pages, url_prefix="/embed", name="embed")
    app.register_blueprint(api)
    app.register_blueprint(service)
    app.register_blueprint(feeds)
    app.context_processor(template_helpers)
    app.before_request(drop_controls)
    app.after_request(add_security_headers)
    app.after_request(add_cors_headers)
    app.register_error_handler(HTTPException, _error)
    app.register_error_handler(EngineUnavailable, _engine_down)
    if settings.trusted_proxies:
        count = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count, x_prefix=count)  # type: ignore[method-assign]
    return app
