"""zhsearch's web front end: ``create_app(config)`` builds the Flask app.

``create_app`` is imported on first use, so that the command line (``web.cli``)
starts without loading Flask.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name != "create_app":
        raise AttributeError(f"module 'web' has no attribute {name!r}")
    from web.app import create_app

    return create_app
