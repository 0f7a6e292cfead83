"""The page and the API stay correct while `zhsearch index` rewrites the index
under a running `zhsearch serve`, and show the new content afterwards.

A client thread keeps requesting pages and API calls for as long as the
indexing command runs, and once more after it has finished; every response
must be a correct one. Whether a given request sees the old or the new index
depends on timing, so the checks accept either; what they never accept is
an error.
"""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ZHSEARCH, serving
from generated_news import write_news
from search.analysis.schema import document_id

NEW_WORD = "量子通信"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def problems_with(url: str, status: int, body: str) -> str | None:
    """What is wrong with one response, or None."""
    if status != 200:
        return f"{url}: HTTP {status}: {body[:300]}"
    if "/api/" in url:
        data = json.loads(body)
        expected = "body" if "/api/doc/" in url else "total"
        return None if expected in data else f"{url}: no {expected!r} in {body[:300]}"
    return None if 'id="total"' in body or "<article" in body else f"{url}: not a results or article page"


class Requester(threading.Thread):
    """Requests ``urls`` round after round until told to stop, then one last round."""

    def __init__(self, urls: list[str]) -> None:
        super().__init__(daemon=True)
        self.urls = urls
        self.stop = threading.Event()
        self.rounds = 0
        self.failures: list[str] = []

    def run(self) -> None:
        while True:
            last = self.stop.is_set()
            for url in self.urls:
                try:
                    problem = problems_with(url, *fetch(url))
                except (OSError, ValueError) as error:
                    problem = f"{url}: {error!r}"
                if problem:
                    self.failures.append(problem)
            self.rounds += 1
            if last:
                return


def index_while_requesting(base: str, urls: list[str], command: list[str]) -> Requester:
    requester = Requester([base + url for url in urls])
    requester.start()
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
        rounds_while_indexing = requester.rounds
    finally:
        requester.stop.set()
        requester.join(timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert rounds_while_indexing > 0, "no request was made while the index was being written"
    assert not requester.failures, requester.failures[:5]
    return requester


def api(base: str, path: str) -> dict:
    status, body = fetch(base + path)
    assert status == 200, body
    return json.loads(body)


@pytest.fixture
def corpus(tmp_path: Path):
    pages = tmp_path / "pages"
    write_news(pages, count=120, seed=11)
    index_dir = tmp_path / "index"
    subprocess.run([str(ZHSEARCH), "index", str(pages), "--index", str(index_dir)], check=True, capture_output=True)
    return pages, index_dir


def change_pages(pages: Path) -> tuple[list[Path], list[Path]]:
    """Add the new word to 40 pages, delete 10 and add 10 new ones; returns (changed, deleted)."""
    files = sorted(pages.glob("*.txt"))
    changed, deleted = files[:40], files[40:50]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + f"另据报道，{NEW_WORD}试验网已接入本地政务系统。\n", encoding="utf-8")
    for path in deleted:
        path.unlink()
    extra = pages / "extra"
    for path in write_news(extra, count=10, seed=12):
        path.write_text(path.read_text(encoding="utf-8") + f"{NEW_WORD}相关项目同期启动。\n", encoding="utf-8")
    return changed, deleted


def shown(page: Path) -> str:
    """How readers see a page of the indexed folder ``pages``: from the folder's name down, no server path."""
    return f"pages/{page.name}"


def test_incremental_reindex_under_a_running_server(corpus):
    pages, index_dir = corpus
    with serving("--index", str(index_dir), "--threads", "4") as base:
        assert api(base, f"/api/search?q={quote(NEW_WORD)}")["total"] == 0
        changed, deleted = change_pages(pages)
        kept_id, deleted_id = document_id(str(changed[0].resolve())), document_id(str(deleted[0].resolve()))
        assert api(base, f"/api/doc/{deleted_id}")["path"] == shown(deleted[0])
        urls = [
            f"/?q={quote('能源')}",
            f"/?q={quote(NEW_WORD)}&sort=date",
            f"/api/search?q={quote('停火')}&month=2026-01",
            f"/api/facets?q={quote(NEW_WORD)}",
            f"/api/doc/{kept_id}?q={quote(NEW_WORD)}",
            f"/doc/{kept_id}?q={quote('能源')}",
        ]
        index_while_requesting(base, urls, [str(ZHSEARCH), "index", str(pages), "--index", str(index_dir)])

        found = api(base, f"/api/search?q={quote(NEW_WORD)}&per_page=100")
        assert found["total"] == 50
        assert {hit["path"] for hit in found["hits"]} >= {shown(path) for path in changed}
        assert NEW_WORD in api(base, f"/api/doc/{kept_id}")["body"]
        assert fetch(f"{base}/api/doc/{deleted_id}")[0] == 404
        status, page = fetch(f"{base}/?q={quote(NEW_WORD)}")
        assert status == 200 and '<strong id="total">50</strong>' in page and f"<mark>{NEW_WORD}</mark>" in page
        assert api(base, "/healthz")["documents"] == 120


def _supports_rebuild() -> bool:
    usage = subprocess.run([str(ZHSEARCH), "index", "--help"], capture_output=True, text=True).stdout
    return "--rebuild" in usage


@pytest.mark.skipif(not _supports_rebuild(), reason="`zhsearch index` has no --rebuild in this version")
def test_full_rebuild_under_a_running_server(corpus):
    pages, index_dir = corpus
    with serving("--index", str(index_dir), "--threads", "4") as base:
        changed, _ = change_pages(pages)
        urls = [f"/?q={quote('能源')}", f"/api/search?q={quote(NEW_WORD)}", f"/api/facets?q={quote('停火')}"]
        index_while_requesting(base, urls, [str(ZHSEARCH), "index", str(pages), "--index", str(index_dir), "--rebuild"])
        assert api(base, f"/api/search?q={quote(NEW_WORD)}")["total"] == 50
        assert api(base, "/healthz")["documents"] == 120
        status, page = fetch(f"{base}/?q={quote(NEW_WORD)}")
        assert status == 200 and '<strong id="total">50</strong>' in page
