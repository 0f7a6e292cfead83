"""The extractor on real saved pages: ../shared/extraction's 57 hand-annotated
pages (42 HTML, 15 text dumps), scored by the scorer that comes with them.

The floors are what the extractor reaches today, per kind of page and field,
as pages right; they may only rise. No page may fail to extract.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SHARED

SCORER = SHARED / "extraction" / "score.py"
FIELDS = ("title", "date", "source", "body")
# Pages right per field, out of 42 HTML pages and 15 text dumps.
FLOORS = {
    "html": {"title": 42, "date": 42, "source": 42, "body": 42},
    "text": {"title": 15, "date": 15, "source": 15, "body": 15},
}
# Pages leaking chrome into the body, at most.
MAX_LEAKS = {"html": 0, "text": 0}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> list[dict]:
    if not SCORER.exists():
        pytest.skip(f"{SCORER} not found")
    out = tmp_path_factory.mktemp("devset") / "results.json"
    subprocess.run(
        [sys.executable, str(SCORER), "--callable", "devset:extract", "--json", str(out)],
        cwd=Path(__file__).parent,
        env={"PYTHONPATH": f"{REPO}:{Path(__file__).parent}", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return json.loads(out.read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_each_field_is_right_on_at_least_the_floor(results, kind):
    pages = [page for page in results if page["kind"] == kind]
    right = {field: sum(bool(page[field]) for page in pages) for field in FIELDS}
    assert all(right[field] >= FLOORS[kind][field] for field in FIELDS), (right, FLOORS[kind])


def test_every_page_extracts(results):
    assert [(page["file"], page["error"]) for page in results if page["error"]] == []


@pytest.mark.parametrize("kind", sorted(MAX_LEAKS))
def test_chrome_leaks_stay_under_the_ceiling(results, kind):
    leaking = [page["file"] for page in results if page["kind"] == kind and page["body_detail"]["leaks"]]
    assert len(leaking) <= MAX_LEAKS[kind], leaking
