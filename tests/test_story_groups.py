"""Copies of one story (a wire story carried by several outlets) are grouped when
pages are indexed, stay grouped right under incremental runs, and results show
one story once, from the library, the API, the search page and the command line."""

from __future__ import annotations

import gzip
import itertools
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import SHARED
from indexer.build import index_paths
from search.analysis.near_duplicates import STATE_NAME
from search.engine import open_engine
from web import create_app
from web.cli import main

ARTICLES = SHARED / "news" / "articles.jsonl.gz"
OUTLETS = ("新华网", "人民网", "澎湃新闻", "央视网")


def corpus(count: int) -> list[dict]:
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in itertools.islice(lines, count)]


ARTICLES_USED = corpus(12)
# The wire story three outlets carry, and one two carry; the others are stories of their own.
WIRE, SECOND = ARTICLES_USED[0], ARTICLES_USED[1]


def page_text(body: str, outlet: str, day: int, title: str) -> str:
    """A page as an outlet runs a story: its own headline, byline, credit line and footer."""
    return (
        f"{title}\n2023-07-{day:02d} 10:{day:02d} 来源：{outlet}\n"
        f"{outlet}讯 据{outlet}报道。{body}\n本文来自{outlet}客户端，转载请注明出处。\n"
    )


def write_pages(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    pages = {}
    for number, outlet in enumerate(OUTLETS[:3]):
        pages[f"wire-{outlet}"] = folder / f"wire_{number}.txt"
        pages[f"wire-{outlet}"].write_text(page_text(WIRE["body"], outlet, 20 + number, f"{outlet}：{WIRE['body'][:14]}"), encoding="utf-8")
    for number, outlet in enumerate(OUTLETS[2:]):
        pages[f"second-{outlet}"] = folder / f"second_{number}.txt"
        pages[f"second-{outlet}"].write_text(page_text(SECOND["body"], outlet, 10 + number, SECOND["body"][:16]), encoding="utf-8")
    for number, article in enumerate(ARTICLES_USED[2:]):
        pages[article["id"]] = folder / f"other_{number}.txt"
        pages[article["id"]].write_text(page_text(article["body"], "新华网", 1 + number, article["body"][:16]), encoding="utf-8")
    return pages


def wire_words() -> str:
    """A phrase only the wire story holds, as a search."""
    sentence = re.split(r"[，。]", WIRE["body"])[1]
    return f'"{sentence[:8]}"'


@pytest.fixture
def indexed(tmp_path):
    pages = write_pages(tmp_path / "pages")
    index_dir = tmp_path / "index"
    report = index_paths([tmp_path / "pages"], index_dir, workers=2)
    assert report.added == len(pages) and not report.failures
    return pages, index_dir


def groups_of(index_dir: Path) -> dict[str, str | None]:
    engine = open_engine(index_dir)
    try:
        everything = engine.search("date:2023", per_page=100)
        return {hit.path.split("/")[-1]: hit.group for hit in everything.hits}
    finally:
        engine.close()


def test_copies_share_a_group_and_other_stories_have_their_own(indexed):
    _, index_dir = indexed
    groups = groups_of(index_dir)
    assert len(groups) == 3 + 2 + 10 and all(groups.values())
    assert groups["wire_0.txt"] == groups["wire_1.txt"] == groups["wire_2.txt"]
    assert groups["second_0.txt"] == groups["second_1.txt"] != groups["wire_0.txt"]
    others = [groups[f"other_{number}.txt"] for number in range(10)]
    assert len(set(others)) == 10 and not set(others) & {groups["wire_0.txt"], groups["second_0.txt"]}


def test_results_show_one_story_once_with_its_copies(indexed):
    _, index_dir = indexed
    engine = open_engine(index_dir)
    collapsed = engine.search(wire_words(), collapse=True)
    assert (collapsed.total, collapsed.stories, collapsed.collapsed) == (3, 1, True)
    [hit] = collapsed.hits
    assert len(hit.copies) == 2 and {hit.source, *hit.outlets} == set(OUTLETS[:3])
    assert {copy.date[:10] for copy in hit.copies} <= {"2023-07-20", "2023-07-21", "2023-07-22"}
    # Facet counts stay counts of pages.
    assert sum(value.count for value in collapsed.facets["source"]) == 3
    every = engine.search(wire_words(), collapse=False)
    assert (every.total, every.stories, every.collapsed, len(every.hits)) == (3, 1, False, 3)
    assert all(not found.copies for found in every.hits) and every.hits[0].id == hit.id
    # Pages count stories when collapsed.
    browse = engine.search("date:2023", per_page=5, collapse=True)
    assert (browse.total, browse.stories, browse.pages) == (15, 12, 3)
    assert len({found.group for page in (1, 2, 3) for found in engine.search("date:2023", per_page=5, page=page, collapse=True).hits}) == 12
    engine.close()


def test_groups_stay_right_under_incremental_runs(indexed, tmp_path):
    pages, index_dir = indexed
    before = groups_of(index_dir)
    wire_group = before["wire_0.txt"]

    # A new copy joins its story's group.
    late = pages["wire-新华网"].with_name("wire_late.txt")
    late.write_text(page_text(WIRE["body"], "央视网", 27, "央视网：" + WIRE["body"][:14]), encoding="utf-8")
    assert index_paths([pages["wire-新华网"].parent], index_dir, workers=2).added == 1
    assert groups_of(index_dir)["wire_late.txt"] == wire_group

    # Deleting the copy a search shows for the story shows another, with one copy fewer.
    engine = open_engine(index_dir)
    shown = engine.search(wire_words(), collapse=True).hits[0]
    engine.close()
    (late.parent / shown.path.split("/")[-1]).unlink()
    assert index_paths([late.parent], index_dir).deleted == 1
    engine = open_engine(index_dir)
    [promoted] = engine.search(wire_words(), collapse=True).hits
    engine.close()
    assert promoted.id != shown.id and promoted.group == wire_group and len(promoted.copies) == 2

    # A page changed into another story leaves its group; its old copies keep theirs.
    changed = pages["second-澎湃新闻"]
    changed.write_text(page_text(ARTICLES_USED[11]["body"][::-1], "澎湃新闻", 12, "另一则消息"), encoding="utf-8")
    assert index_paths([late.parent], index_dir).updated == 1
    after = groups_of(index_dir)
    assert after["second_0.txt"] not in (before["second_0.txt"], wire_group)
    assert after["second_1.txt"] == before["second_1.txt"]


def test_a_lost_group_state_is_made_again_from_the_pages(indexed):
    pages, index_dir = indexed
    before = groups_of(index_dir)
    (index_dir / STATE_NAME).unlink()
    report = index_paths([pages["wire-新华网"].parent], index_dir)
    assert report.updated == len(pages) and (index_dir / STATE_NAME).is_file()
    after = groups_of(index_dir)
    assert [after[name] == after["wire_0.txt"] for name in sorted(after)] == [
        before[name] == before["wire_0.txt"] for name in sorted(before)
    ]
    # Now known again: nothing is read the next time.
    assert not index_paths([pages["wire-新华网"].parent], index_dir).changed


def test_the_api_page_and_command_line_collapse_by_default(indexed):
    _, index_dir = indexed
    client = create_app({"index_dir": str(index_dir)}).test_client()
    data = client.get("/api/search", query_string={"q": wire_words()}).get_json()
    components = client.get("/api/openapi.json").get_json()["components"]
    validator = Draft202012Validator({"$ref": "#/components/schemas/SearchResults", "components": components})
    assert not list(validator.iter_errors(data))
    assert (data["total"], data["stories"], data["collapsed"], len(data["hits"])) == (3, 1, True, 1)
    copies = data["hits"][0]["copies"]
    assert len(copies) == 2 and all(copy["url"].startswith("/doc/") for copy in copies)
    every = client.get("/api/search", query_string={"q": wire_words(), "collapse": "false"}).get_json()
    assert (every["collapsed"], len(every["hits"])) == (False, 3)
    assert client.get("/api/search", query_string={"q": "x", "collapse": "maybe"}).status_code == 400

    page = client.get("/", query_string={"q": wire_words()}).get_data(as_text=True)
    outlets = "、".join(copy["source"] for copy in copies)
    assert f"<summary>另有 2 家媒体转载：{outlets}</summary>" in page
    assert "合并转载后为 <strong id=\"stories\">1</strong> 个报道" in page
    assert all(f'href="/doc/{copy["id"]}?q=' in page for copy in copies)
    assert "collapse=false" in page and "逐篇显示全部转载" in page
    uncollapsed = client.get("/", query_string={"q": wire_words(), "collapse": "false"}).get_data(as_text=True)
    assert uncollapsed.count('<li class="hit') == 3 and "合并转载：每个报道只显示一次" in uncollapsed

    runner = CliRunner()
    printed = runner.invoke(main, ["search", wire_words(), "--index", str(index_dir)])
    assert "3 results in 1 story" in printed.stdout and "also carried by 2 other pages: " in printed.stdout
    every_page = runner.invoke(main, ["search", wire_words(), "--no-collapse", "--index", str(index_dir)])
    assert "\n3. " in every_page.stdout and "also carried by" not in every_page.stdout

    exported = client.get("/api/export", query_string={"q": wire_words(), "format": "jsonl"}).get_data(as_text=True)
    rows = [json.loads(line) for line in exported.splitlines()]
    assert len(rows) == 3 and len({row["group"] for row in rows}) == 1 and rows[0]["group"] == data["hits"][0]["group"]


def test_a_reader_opens_the_copies_of_a_story_in_the_browser(indexed, page):
    from urllib.parse import quote

    from playwright.sync_api import expect

    from conftest import serving

    _, index_dir = indexed
    with serving("--index", str(index_dir), "--workers", "1", "--threads", "2") as base:
        page.goto(f"{base}/?q={quote(wire_words())}")
        expect(page.locator(".hit")).to_have_count(1)
        summary = page.locator(".copies summary")
        expect(summary).to_contain_text("另有 2 家媒体转载")
        copy_link = page.locator(".copies li a").first
        expect(copy_link).to_be_hidden()
        summary.click()
        expect(copy_link).to_be_visible()
        outlet = copy_link.inner_text()
        copy_link.click()
        expect(page.locator(".meta, .article-meta, main").first).to_contain_text(outlet)
        page.go_back()
        page.get_by_role("link", name="逐篇显示全部转载").click()
        expect(page.locator(".hit")).to_have_count(3)
