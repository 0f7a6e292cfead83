"""Text dumps are first-class: the development set's 42 real HTML pages saved
as text by a browser (Chromium's innerText, which is what "save as text"
writes, under a first line holding the page's <title>), scored against the
HTML page's own annotations; and every dump, those and the set's 15 real
ones, read again without that first line, which a dump may well have lost.

The floors are pages right per field today; they may only rise.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import SHARED
from indexer.extract.decode import decode
from indexer.extract.errors import ExtractError
from indexer.extract import extract_bytes

DEVSET = SHARED / "extraction"
FIELDS = ("title", "date", "source", "body")
FLOORS = {
    # WeChat's page fills its title, date and account in by script.
    "browser dumps": {"title": 41, "date": 41, "source": 41, "body": 42},
    "browser dumps without the title line": {"title": 41, "date": 41, "source": 41, "body": 42},
    "real dumps without the title line": {"title": 15, "date": 15, "source": 15, "body": 15},
}


@pytest.fixture(scope="module")
def devset():
    if not (DEVSET / "score.py").exists():
        pytest.skip(f"{DEVSET} not found")
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer, json.loads((DEVSET / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dumps(devset, browser) -> dict[str, list[tuple[dict, str]]]:
    """Each kind of dump as (annotation, text) pairs."""
    _, manifest = devset
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.route("**/*", lambda route: route.abort())  # the pages' images and styles are not here
    saved = []
    for entry in manifest["pages"]:
        if entry["kind"] == "html":
            html = decode(entry["file"], (DEVSET / "pages" / entry["file"]).read_bytes(), declared=True).text
            # WeChat shows its text once its script has run; the dump is of the page as read.
            tab.set_content(html.replace("visibility: hidden", "visibility: visible"), wait_until="domcontentloaded")
            title, text = tab.evaluate("[document.title, document.body ? document.body.innerText : '']")
            saved.append((entry, f"{title}\n\n{text}" if title.strip() else text))
    context.close()
    real = [(entry, (DEVSET / "pages" / entry["file"]).read_text(encoding="utf-8")) for entry in manifest["pages"] if entry["kind"] == "text"]
    return {
        "browser dumps": saved,
        "browser dumps without the title line": [(entry, text.split("\n", 1)[1]) for entry, text in saved],
        "real dumps without the title line": [(entry, text.split("\n", 1)[1]) for entry, text in real],
    }


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_dumps_give_the_html_pages_fields(devset, dumps, kind):
    scorer, manifest = devset
    results = []
    for entry, text in dumps[kind]:
        try:
            record, error = extract_bytes("page.txt", text.encode("utf-8")).to_json(), None
        except ExtractError as failure:
            record, error = None, failure.reason
        results.append(scorer.score_page(entry, record, error, manifest["generic_chrome"]))
    right = {field: sum(bool(result[field]) for result in results) for field in FIELDS}
    wrong = {field: [result["file"] for result in results if not result[field]] for field in FIELDS}
    assert all(right[field] >= FLOORS[kind][field] for field in FIELDS), (right, FLOORS[kind], wrong)
    assert [result["file"] for result in results if result["error"]] == []
    assert [result["file"] for result in results if result["body_detail"]["leaks"]] == []
