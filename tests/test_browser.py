"""The served search page in real headless Chromium (Debian's package)."""

from __future__ import annotations

from playwright.sync_api import expect


def test_search_then_open_an_article(page, server, tmp_path):
    page.goto(server + "/")
    page.get_by_label("搜索新闻").fill("卢卡申科")
    page.get_by_role("button", name="搜索").click()

    hits = page.locator(".hit")
    expect(hits.first).to_be_visible()
    expect(page.locator("#total")).to_have_text("1")
    expect(hits.first.locator(".snippet mark").first).to_have_text("卢卡申科")
    page.screenshot(path=str(tmp_path / "results.png"), full_page=True)

    hits.first.locator(".hit-title a").click()
    expect(page.locator("article h1")).to_contain_text("卢卡申科")
    expect(page.locator("article p mark").first).to_have_text("卢卡申科")
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
