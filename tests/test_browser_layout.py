"""What a reader sees first on a phone and in an embed frame, and how a result's
meta line sits and wraps, in real headless Chromium at those sizes.

Each test saves screenshots of what it checked under its temporary folder.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from conftest import index_texts, serving

PHONE = {"width": 390, "height": 844}
FRAME = {"width": 600, "height": 500}
DESKTOP = {"width": 1280, "height": 800}
BODY = "今年冬季能源供应总体平稳，专家认为储能项目的建设进度明显加快，各地正在推进相关工作。" * 3

# Where each part of a result's meta line is drawn: the rectangles of its text
# (the separators drawn before them are not text), and the left edge of the result.
META_TEXT = """meta => {
  const parts = [...meta.children].map(child => {
    const range = document.createRange();
    range.selectNodeContents(child);
    const box = range.getBoundingClientRect();
    return {text: child.textContent, left: box.left, top: box.top, bottom: box.bottom};
  });
  return {parts, left: meta.closest('li, article').getBoundingClientRect().left};
}"""


def tops(page: Page) -> list[float]:
    return page.locator(".hit").evaluate_all("nodes => nodes.map(node => node.getBoundingClientRect().top)")


def opened(browser, viewport: dict, url: str, **options) -> Page:
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.goto(url)
    expect(page.locator(".hit").first).to_be_visible()
    return page


@pytest.mark.parametrize(
    ("served", "query"),
    [("news_server", "能源"), ("news_server", "火星 能源"), ("server", "特朗普")],
    ids=["six months", "one month, some words", "seed pages"],
)
def test_two_results_start_on_the_first_screen_of_a_phone(browser, request, served, query, tmp_path):
    base = request.getfixturevalue(served)
    phone = opened(browser, PHONE, f"{base}/?q={quote(query)}", is_mobile=True, has_touch=True)
    phone.screenshot(path=str(tmp_path / "phone-first-screen.png"))
    expect(phone.locator(".histogram")).to_be_visible()
    assert len([top for top in tops(phone) if top < PHONE["height"]]) >= 2, tops(phone)
    phone.context.close()


def test_a_whole_result_shows_in_a_small_embed_frame(browser, news_server, tmp_path):
    frame = opened(browser, FRAME, f"{news_server}/embed/?q={quote('停火')}")
    frame.screenshot(path=str(tmp_path / "embed-600x500.png"))
    first = frame.locator(".hit").first.bounding_box()
    assert first["y"] >= 0 and first["y"] + first["height"] <= FRAME["height"], first
    frame.context.close()


def test_embed_at_desktop_width_keeps_the_filters_beside_the_results(browser, news_server, tmp_path):
    wide = opened(browser, DESKTOP, f"{news_server}/embed/?q={quote('停火')}")
    wide.screenshot(path=str(tmp_path / "embed-1280.png"))
    results = wide.locator(".results").bounding_box()
    facets = wide.locator(".facets").bounding_box()
    beside = facets["x"] >= results["x"] + results["width"] and facets["y"] < DESKTOP["height"]
    above = facets["y"] + facets["height"] <= results["y"]
    assert beside or above, (results, facets)
    wide.context.close()


@pytest.fixture(scope="module")
def meta_server(tmp_path_factory):
    """Pages whose meta lines are long (a long source name, a site, some of the words only) or undated.
    They share their body, so they are copies of one story: the tests list every page (collapse=false)."""
    pages = {
        "dated.txt": f"网易 > 网易号 > 历史\n冬季能源与火星探测\n2026-01-05 08:00 来源：寄星夜幕星河\n火星探测。{BODY}\n",
        "partial.txt": f"网易 > 网易号 > 历史\n冬季能源保供有序推进\n2026-01-06 09:30 来源：寄星夜幕星河\n{BODY}\n",
        "undated.txt": f"网易 > 网易号 > 历史\n没有日期的能源报道\n来源：寄星夜幕星河\n{BODY}\n",
    }
    index = index_texts(tmp_path_factory.mktemp("meta-lines"), pages)
    with serving("--index", str(index)) as base:
        yield base


def test_undated_sits_on_the_baseline_of_its_meta_line(browser, meta_server, tmp_path):
    page = opened(browser, DESKTOP, f"{meta_server}/?q={quote('能源')}&collapse=false")
    undated = page.locator(".hit", has=page.locator(".meta .undated")).locator(".meta")
    undated.screenshot(path=str(tmp_path / "undated-meta.png"))
    parts = undated.evaluate(META_TEXT)["parts"]
    assert parts[0]["text"] == "无日期" and len(parts) >= 2
    for part in parts[1:]:
        assert abs(part["bottom"] - parts[0]["bottom"]) < 0.5 and abs(part["top"] - parts[0]["top"]) < 0.5, parts
    page.context.close()


def test_a_wrapped_meta_line_never_starts_with_its_separator(browser, meta_server, tmp_path):
    phone = opened(browser, {"width": 320, "height": 740}, f"{meta_server}/?q={quote('火星 能源')}&collapse=false", is_mobile=True)
    phone.screenshot(path=str(tmp_path / "phone-meta-lines.png"))
    wrapped = 0
    for meta in phone.locator(".hit .meta").all():
        drawn = meta.evaluate(META_TEXT)
        lines: dict[float, list[dict]] = {}
        for part in drawn["parts"]:
            lines.setdefault(round(part["top"]), []).append(part)
        wrapped += len(lines) > 1
        for line in lines.values():
            first = min(line, key=lambda part: part["left"])
            # The first text of every line starts at the result's left edge: nothing, no "·", before it.
            assert abs(first["left"] - drawn["left"]) < 1, (first, drawn["left"])
    assert wrapped, "no meta line wrapped at this width: the test saw no wrapped line"
    phone.context.close()
