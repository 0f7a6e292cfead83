"""Serving the app: gunicorn's prefork master with worker processes, each
answering on a pool of threads.

One Python process runs one request at a time on one core, so the server forks
a worker per core. The app (and jieba's dictionary) is loaded once in the
master before the fork and shared; each worker opens the index's files through
memory maps, which the operating system shares too, and its threads share one
searcher per index generation. gunicorn's threaded workers wait on sockets with
epoll, so thousands of open files do not matter.
"""

from __future__ import annotations

import socket
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from web.config import Settings

# Seconds a worker process may stop answering its master before it is replaced.
SILENT_WORKER_TIMEOUT = 60
# Seconds an idle keep-alive connection is kept open.
KEEPALIVE = 30


class _Gunicorn(BaseApplication):
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self._options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        return self._app


class AddressUnavailable(Exception):
    """The server cannot listen where it was told to; the message says where and why."""


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def check_address(host: str, port: int) -> None:
    """Fail at once, in one line, where gunicorn would retry for five seconds and log each try."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise AddressUnavailable(
            f"cannot listen on {bind_address(host, port)}: {error.strerror or error}"
            " (another program uses the port? choose another --port or --host)"
        ) from None


def serve(app: Flask, settings: Settings) -> None:
    """Serve ``app`` as ``settings`` say until the process is told to stop;
    AddressUnavailable if it cannot listen there."""
    check_address(settings.host, settings.port)
    # Under a prefix the app sees the prefix as SCRIPT_NAME; anything outside it is a 404.
    wsgi = DispatcherMiddleware(NotFound(), {settings.url_prefix: app}) if settings.url_prefix else app
    options = {
        "bind": [bind_address(settings.host, settings.port)],
        "workers": settings.workers,
        "threads": settings.threads,
        "worker_class": "gthread",
        "preload_app": True,
        "timeout": SILENT_WORKER_TIMEOUT,
        "graceful_timeout": 5,
        "keepalive": KEEPALIVE,
        # A 2,000-character query is 18 KB percent-encoded, past the largest line limit
        # gunicorn takes (8 KB); 0 lifts it to gunicorn's own 1 MB bound, and the
        # app answers a longer q with a 400 naming it.
        "limit_request_line": 0,
        "proc_name": "zhsearch",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    _Gunicorn(wsgi, options).run()
