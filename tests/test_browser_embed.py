"""Embedding zhsearch in other intranet pages, in real headless Chromium: the
one-tag widget and the iframe embed mode on a page served from another port,
both refused to origins that are not allowed, and the whole app under a URL prefix.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from conftest import serving

WIDGET_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>部门门户</title><link rel="icon" href="data:,"></head>
<body><h1>部门门户</h1><p>新闻检索：</p>
<script src="{server}/static/widget.js" data-per-page="{per_page}"></script>
<p id="after">小部件之后的内容</p></body></html>
"""
FRAME_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>部门门户</title><link rel="icon" href="data:,"></head>
<body><h1>部门门户</h1>
<iframe src="{server}/embed/?q={query}" title="新闻搜索" width="640" height="560"></iframe>
</body></html>
"""


def host_page(host_site, name: str, text: str) -> str:
    origin, folder = host_site
    (folder / name).write_text(text, encoding="utf-8")
    return f"{origin}/{name}"


def use_widget(page: Page, query: str) -> None:
    widget = page.locator(".zhsearch-widget")
    widget.get_by_role("searchbox", name="搜索新闻").fill(query)
    widget.get_by_role("button", name="搜索").click()


def test_widget_on_a_page_from_another_origin(page, news_server, host_site, tmp_path):
    url = host_page(host_site, "widget.html", WIDGET_PAGE.format(server=news_server, per_page=4))
    assert not url.startswith(news_server)
    page.goto(url)
    widget = page.locator(".zhsearch-widget")
    # Rendered where the tag stands, before what follows it.
    assert page.evaluate("document.querySelector('.zhsearch-widget').nextElementSibling.tagName") == "SCRIPT"
    use_widget(page, "停火")

    expect(widget.get_by_role("status")).to_have_text("找到 30 条结果（第 1 / 8 页）")
    hits = widget.locator(".hit")
    expect(hits).to_have_count(4)
    expect(hits.first.locator(".snippet mark").first).to_have_text("停火")
    expect(hits.first.locator(".title mark")).to_have_text("停火")
    link = hits.first.get_by_role("link")
    assert link.get_attribute("href").startswith(news_server + "/doc/")
    assert link.get_attribute("target") == "_blank"
    page.screenshot(path=str(tmp_path / "widget.png"), full_page=True)

    widget.get_by_role("button", name="下一页").click()
    expect(widget.get_by_role("status")).to_have_text("找到 30 条结果（第 2 / 8 页）")
    expect(widget.get_by_role("button", name="上一页")).to_be_visible()
    with page.context.expect_page() as opened:
        hits.first.get_by_role("link").click()
    article = opened.value
    expect(article.locator("article h1")).to_have_text(hits.first.get_by_role("link").inner_text())
    article.screenshot(path=str(tmp_path / "widget-article.png"))


def test_widget_offers_a_spelling_the_index_holds(page, news_server, host_site, tmp_path):
    page.goto(host_page(host_site, "widget-typo.html", WIDGET_PAGE.format(server=news_server, per_page=3)))
    widget = page.locator(".zhsearch-widget")
    use_widget(page, "乌鲁木其")
    offer = widget.locator(".did-you-mean")
    expect(offer).to_have_text(re.compile(r"您是不是要找：乌鲁木齐（\d+ 条结果）"))
    page.screenshot(path=str(tmp_path / "widget-did-you-mean.png"), full_page=True)
    offer.get_by_role("button", name="乌鲁木齐").click()
    expect(widget.get_by_role("searchbox", name="搜索新闻")).to_have_value("乌鲁木齐")
    expect(widget.locator(".hit").first).to_be_visible()
    expect(offer).to_be_empty()


def test_widget_is_refused_to_an_origin_not_on_the_allow_list(browser, news_server, host_site, tmp_path):
    url = host_page(host_site, "widget-elsewhere.html", WIDGET_PAGE.format(server=news_server, per_page=4))
    # Same files, other origin: localhost is not 127.0.0.1 to a browser.
    page = browser.new_page()
    page.goto(url.replace("127.0.0.1", "localhost"))
    use_widget(page, "停火")
    expect(page.locator(".zhsearch-widget").get_by_role("status")).to_contain_text("搜索失败：无法连接 zhsearch 服务")
    expect(page.locator(".zhsearch-widget .hit")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "widget-refused.png"), full_page=True)
    page.close()


def test_embed_mode_in_an_iframe(page, news_server, host_site, tmp_path):
    page.goto(host_page(host_site, "frame.html", FRAME_PAGE.format(server=news_server, query=quote("停火"))))
    frame = page.frame_locator("iframe")
    expect(frame.locator("#total")).to_have_text("30")
    expect(frame.locator("footer")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "iframe.png"), full_page=True)

    frame.locator(".facet a").first.click()
    expect(frame.locator(".chip")).to_have_count(1)
    frame.locator(".hit-title a").first.click()
    expect(frame.locator("article h1")).to_be_visible()
    frame_url = next(f.url for f in page.frames if f != page.main_frame)
    assert frame_url.startswith(news_server + "/embed/doc/")  # the reader stays inside the frame
    page.screenshot(path=str(tmp_path / "iframe-article.png"), full_page=True)


def test_embed_mode_is_refused_to_a_page_not_allowed_to_frame_it(browser, news_server, host_site, tmp_path):
    url = host_page(host_site, "frame-elsewhere.html", FRAME_PAGE.format(server=news_server, query=quote("停火")))
    page = browser.new_page()
    page.goto(url.replace("127.0.0.1", "localhost"))
    (frame,) = [f for f in page.frames if f != page.main_frame]
    assert not frame.url.startswith(news_server)  # Chromium replaced the framed page with its error page
    assert frame.locator("#total").count() == 0
    page.screenshot(path=str(tmp_path / "iframe-refused.png"), full_page=True)
    page.close()


@pytest.fixture(scope="module")
def prefixed_server(news_index, host_site):
    origin, _ = host_site
    with serving("--index", str(news_index), "--url-prefix", "/intranet/search", "--cors-origins", origin, prefix="/intranet/search") as base:
        yield base


def test_the_app_under_a_url_prefix(page, prefixed_server, host_site, tmp_path):
    page.goto(prefixed_server + "/")
    expect(page.locator(".brand")).to_have_css("color", "rgb(179, 38, 30)")  # the stylesheet loaded
    page.get_by_role("searchbox", name="搜索新闻").fill("能源")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#total")).to_have_text("30")
    assert page.url.startswith(prefixed_server + "/?q=")

    page.get_by_role("link", name="按时间").click()
    page.locator(".bar a").first.click()
    expect(page.locator(".chip")).to_have_count(1)
    assert page.url.startswith(prefixed_server + "/?")
    page.screenshot(path=str(tmp_path / "prefix-results.png"), full_page=True)

    page.locator(".hit-title a").first.click()
    assert page.url.startswith(prefixed_server + "/doc/")
    page.get_by_role("complementary", name="相似文章").get_by_role("link").first.click()
    expect(page.locator("article h1")).to_be_visible()
    assert page.url.startswith(prefixed_server + "/doc/")
    page.screenshot(path=str(tmp_path / "prefix-article.png"), full_page=True)

    # The widget finds the API under the prefix from its own address.
    page.goto(host_page(host_site, "widget-prefixed.html", WIDGET_PAGE.format(server=prefixed_server, per_page=3)))
    use_widget(page, "能源")
    expect(page.locator(".zhsearch-widget .hit")).to_have_count(3)
    assert page.locator(".zhsearch-widget .hit a").first.get_attribute("href").startswith(prefixed_server + "/doc/")
    page.screenshot(path=str(tmp_path / "prefix-widget.png"), full_page=True)
