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
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from search import SynonymsError, open_index
from web.api import api
from web.config import ConfigError, Settings, as_settings
from web.context import attach
from web.pages import pages, template_helpers
from web.security import add_cors_headers, add_security_headers
from web.service import service


SERVER_ERROR = "服务器内部错误：索引可能正在重建或暂时无法读取，请稍后重试。"


def _error(error: HTTPException) -> Any:
    # Werkzeug's own text for a 500 is English and speaks of overload; say what is likely instead.
    description = SERVER_ERROR if error.code == 500 else error.description
    if request.path.startswith("/api/") or request.blueprint in ("api", "service"):
        return jsonify(error=description, status=error.code), error.code
    return render_template("error.html", error=error, description=description), error.code


def create_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Build the app from Settings or a mapping of setting names (``{"index_dir": …}``,
    case-insensitive, so ``{"INDEX_DIR": …}`` works too). Raises IndexNotFound when
    there is no index, and ConfigError for a setting it cannot use (an unreadable
    synonyms file among them)."""
    settings = as_settings(config)
    app = Flask(__name__)
    app.config.update(JSON_AS_ASCII=False)
    app.json.ensure_ascii = False
    app.json.sort_keys = False  # fields in the order the API documents them
    try:
        index = open_index(settings.index_dir, settings.synonyms or None)
    except SynonymsError as error:
        raise ConfigError(f"synonyms: {error}") from None
    attach(app, index, settings)
    app.register_blueprint(pages)
    app.register_blueprint(pages, url_prefix="/embed", name="embed")
    app.register_blueprint(api)
    app.register_blueprint(service)
    app.context_processor(template_helpers)
    app.after_request(add_security_headers)
    app.after_request(add_cors_headers)
    app.register_error_handler(HTTPException, _error)
    if settings.trusted_proxies:
        count = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count, x_prefix=count)  # type: ignore[method-assign]
    return app
