"""Shared fixtures: the seed pages from ../shared, generated news pages, indexes of both, live servers."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from generated_news import write_news
from indexer.build import index_paths
from web.cli import main

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
ZHSEARCH = Path(sys.executable).parent / "zhsearch"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def index_texts(root: Path, pages: dict[str, str]) -> Path:
    """Write ``pages`` (file name → text) under ``root``/pages, index them, return the index folder."""
    folder = root / "pages"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    index_paths([folder], root / "index")
    return root / "index"


def error_message(body: str) -> str:
    """The message of an error response: the API's ``error``, or the error page's notice."""
    if body.startswith("{"):
        return json.loads(body)["error"]
    return re.search(r'role="alert">([^<]*)<', body).group(1)


def in_chinese(message: str) -> bool:
    """Whether a message is Chinese: Chinese words and no English word in it."""
    return bool(re.search("[\u4e00-\u9fff]{4}", message)) and not re.search("[A-Za-z]{4}", message)


def seed(prefix: str) -> Path:
    """The seed page whose file name starts with ``prefix`` (000 … 004)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the five seed pages, built through the command line."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return index_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(*arguments: str, prefix: str = "", program: tuple[str, ...] = (str(ZHSEARCH),)):
    """`zhsearch serve ARGUMENTS` on a free port, in its own process; yields its base URL
    (with ``prefix`` appended, for a server started with --url-prefix). ``program``
    is the command that stands for `zhsearch`."""
    port = free_port()
    # Output goes to a file: a pipe nobody reads would block the server once full.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [*program, "serve", *arguments, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}{prefix}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    process.wait()
                    log.seek(0)
                    raise RuntimeError(f"zhsearch serve did not start: {log.read().decode()}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def server(seed_index: Path):
    """`zhsearch serve` on the seed index, in its own process; yields its base URL."""
    with serving("--index", str(seed_index)) as base:
        yield base


@pytest.fixture(scope="session")
def news_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 generated news pages over six months and five sources (see generated_news.py)."""
    folder = tmp_path_factory.mktemp("news-pages")
    write_news(folder)
    return folder


@pytest.fixture(scope="session")
def news_index(news_pages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the generated news pages."""
    index_dir = tmp_path_factory.mktemp("news-index")
    report = index_paths([news_pages], index_dir)
    assert report.added == 150 and not report.failures
    return index_dir


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (which never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that fails the test on any console error or script error,
    such as a resource the Content-Security-Policy blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()
    assert not problems, problems


@pytest.fixture(scope="session")
def host_site(tmp_path_factory: pytest.TempPathFactory):
    """A plain static web server on another port, standing for any intranet page
    that embeds zhsearch; yields (its origin, the folder it serves)."""
    folder = tmp_path_factory.mktemp("host-site")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}", folder
    site.shutdown()
    site.server_close()


@pytest.fixture(scope="session")
def news_server(news_index: Path, host_site):
    """`zhsearch serve` on the generated news index; the host site may use the API and frame /embed."""
    origin, _ = host_site
    with serving("--index", str(news_index), "--cors-origins", origin, "--frame-ancestors", origin) as base:
        yield base
