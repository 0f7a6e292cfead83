"""Response headers that keep pages safe on an intranet: the Content-Security-Policy
(no inline script or style, framing only where the settings allow it) and
CORS for the API, answered only to origins on the allow-list.
"""

from __future__ import annotations

from flask import Response, request

from web.config import Settings
from web.context import settings as current_settings

# Everything the pages use is served from here as files; nothing inline.
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
CORS_BLUEPRINTS = ("api", "service")


def _frame_ancestors(settings: Settings) -> str:
    # Only the /embed pages may be framed by other sites; the full pages by this one.
    if request.blueprint == "embed":
        return " ".join(("'self'", *settings.frame_ancestors))
    return "'self'"


def add_security_headers(response: Response) -> Response:
    ancestors = _frame_ancestors(current_settings())
    response.headers.setdefault("Content-Security-Policy", f"{_POLICY}; frame-ancestors {ancestors}")
    if ancestors == "'self'":
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")  # for browsers without frame-ancestors
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def allowed_origin(origin: str | None, settings: Settings) -> str | None:
    """The Access-Control-Allow-Origin value for a request from ``origin``, or None."""
    if not origin:
        return None
    if "*" in settings.cors_origins:
        return "*"
    return origin if origin.rstrip("/") in settings.cors_origins else None


def add_cors_headers(response: Response) -> Response:
    if request.blueprint not in CORS_BLUEPRINTS:
        return response
    response.vary.add("Origin")
    allowed = allowed_origin(request.headers.get("Origin"), current_settings())
    if allowed:
        response.headers["Access-Control-Allow-Origin"] = allowed
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    return response
