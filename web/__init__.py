"""zhsearch's web front end: ``create_app(config)`` builds the Flask app."""

from web.app import create_app

__all__ = ["create_app"]
