"""The search page and article view over the generated news, in real headless Chromium.

Every test saves screenshots under its temporary folder, and the ``page``
fixture fails it on any console error (a script or style the
Content-Security-Policy blocked would be one).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Page, expect


def shot(page: Page, folder, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def search(page: Page, base: str, query: str) -> None:
    page.goto(base + "/")
    page.get_by_role("searchbox", name="搜索新闻").fill(query)
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#total")).to_be_visible()


def hit_dates(page: Page) -> list[str]:
    return page.locator(".hit time").evaluate_all("nodes => nodes.map(node => node.getAttribute('datetime'))")


def test_search_shows_count_time_and_highlighted_results(page, news_server, tmp_path):
    search(page, news_server, "能源")
    expect(page.locator("#total")).to_have_text("30")
    expect(page.locator(".summary")).to_contain_text("毫秒")
    expect(page.locator(".hit")).to_have_count(10)
    expect(page.locator(".hit").first.locator(".snippet mark").first).to_have_text("能源")
    expect(page.get_by_role("searchbox", name="搜索新闻")).to_have_value("能源")
    expect(page).to_have_title("能源 - zhsearch 新闻搜索")
    shot(page, tmp_path, "results")


def test_facet_filters_shows_a_chip_and_the_chip_removes_it(page, news_server, tmp_path):
    search(page, news_server, "能源")
    facet = page.locator(".facet", has=page.get_by_role("heading", name="来源")).get_by_role("link").nth(1)
    source = facet.locator(".facet-value").inner_text()
    count = facet.locator(".count").inner_text().strip().lstrip("，").split()[0]
    facet.click()

    expect(page.locator("#total")).to_have_text(count)
    chip = page.get_by_role("link", name=f"移除筛选 来源：{source}")
    expect(chip).to_be_visible()
    expect(page.locator(".hit .source")).to_have_count(min(int(count), 10))
    assert set(page.locator(".hit .source").all_inner_texts()) == {source}
    shot(page, tmp_path, "facet-filtered")

    chip.click()
    expect(page.locator("#total")).to_have_text("30")
    expect(page.locator(".chip")).to_have_count(0)
    shot(page, tmp_path, "chip-removed")


def test_histogram_bar_filters_by_month(page, news_server, tmp_path):
    search(page, news_server, "能源")
    bar = page.get_by_role("link", name=re.compile(r"^2026年1月：\d+ 篇$"))
    count = re.search(r"(\d+) 篇", bar.get_attribute("aria-label")).group(1)
    bar.click()

    expect(page.locator("#total")).to_have_text(count)
    expect(page.get_by_role("link", name="移除筛选 月份：2026-01")).to_be_visible()
    assert hit_dates(page) and all(date.startswith("2026-01") for date in hit_dates(page))
    # The other months stay drawn, so another one is a click away; the chosen one is marked.
    expect(page.locator(".bar")).to_have_count(6)
    expect(page.locator(".bar.active a")).to_have_attribute("aria-current", "true")
    shot(page, tmp_path, "month-filtered")


def test_sort_by_date(page, news_server, tmp_path):
    search(page, news_server, "停火")
    relevance = hit_dates(page)
    page.get_by_role("link", name="按时间").click()
    expect(page.get_by_role("link", name="按时间")).to_have_attribute("aria-current", "true")
    dates = hit_dates(page)
    assert len(dates) == 10 and dates == sorted(dates, reverse=True) and dates != relevance
    shot(page, tmp_path, "sorted-by-date")


def test_paging_keeps_the_filters(page, news_server, tmp_path):
    page.goto(f"{news_server}/?q={quote('能源')}&source={quote('新华社')}")
    expect(page.locator("#total")).to_have_text("13")
    first_page = page.locator(".hit-title").all_inner_texts()
    pager = page.get_by_role("navigation", name="翻页")
    pager.get_by_role("link", name="下一页").click()

    expect(page.locator(".hit")).to_have_count(3)
    expect(page.get_by_role("link", name="移除筛选 来源：新华社")).to_be_visible()
    expect(page.get_by_role("navigation", name="翻页").get_by_role("link", name="第 2 页，当前页")).to_have_attribute("aria-current", "page")
    assert not set(page.locator(".hit-title").all_inner_texts()) & set(first_page)
    assert set(page.locator(".hit .source").all_inner_texts()) == {"新华社"}
    shot(page, tmp_path, "page-2")

    page.get_by_role("navigation", name="翻页").get_by_role("link", name="上一页").click()
    expect(page.locator(".hit")).to_have_count(10)


def test_article_view_highlights_and_more_like_this(page, news_server, tmp_path):
    search(page, news_server, "储能")
    title = page.locator(".hit-title a").first.inner_text()
    page.locator(".hit-title a").first.click()

    expect(page.locator("article h1")).to_have_text(title)
    expect(page.locator("article .body mark").first).to_have_text("储能")
    expect(page.locator(".matches")).to_contain_text("处匹配")
    expect(page.get_by_role("link", name="查看原始文件")).to_be_visible()
    similar = page.get_by_role("complementary", name="相似文章").get_by_role("link")
    expect(similar).to_have_count(5)
    shot(page, tmp_path, "article")

    other = similar.first.inner_text()
    similar.first.click()
    expect(page.locator("article h1")).to_have_text(other)
    assert "能源" in page.locator("article .body").inner_text()  # like the first: an energy story
    shot(page, tmp_path, "similar-article")

    page.get_by_role("link", name="查看原始文件").click()
    expect(page.locator("body")).to_contain_text("来源：")


def test_empty_state_and_bad_query(page, news_server, tmp_path):
    search(page, news_server, '"火星" 能源')
    expect(page.locator("#total")).to_have_text("0")
    expect(page.locator(".empty")).to_contain_text("没有找到")
    shot(page, tmp_path, "empty")
    page.locator(".suggestions a").first.click()
    expect(page.locator("#total")).to_have_text("30")

    search(page, news_server, "能源 date:someday OR")
    expect(page.locator(".notice")).to_contain_text("date:someday")
    expect(page.locator("#total")).to_have_text("30")
    shot(page, tmp_path, "bad-query")


def test_keyboard_and_screen_reader_structure(page, news_server, tmp_path):
    page.goto(f"{news_server}/?q={quote('能源')}")
    for role, name in (("banner", None), ("search", None), ("main", None), ("complementary", "筛选结果"), ("navigation", "翻页"), ("navigation", "排序方式")):
        expect(page.get_by_role(role, name=name) if name else page.get_by_role(role)).to_have_count(1)
    expect(page.get_by_role("heading", name="“能源”的搜索结果", level=1)).to_have_count(1)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到搜索结果")
    expect(skip).to_be_focused()
    shot(page, tmp_path, "skip-link")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(".histogram a").first).to_be_focused()

    # "/" jumps to the box with the query selected, so typing replaces it.
    page.locator("body").press("/")
    expect(page.get_by_role("searchbox", name="搜索新闻")).to_be_focused()
    page.keyboard.type("储能")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="“储能”的搜索结果", level=1)).to_have_count(1)


def test_phone_screen(browser, news_server, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{news_server}/?q={quote('能源')}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone.locator(".histogram")).to_be_in_viewport()
    phone.screenshot(path=str(tmp_path / "phone.png"))
    phone.get_by_role("link", name="按来源、日期筛选 ↓").click()
    expect(phone.get_by_role("heading", name="筛选结果")).to_be_in_viewport()
    phone.screenshot(path=str(tmp_path / "phone-facets.png"))
    doc = phone.locator(".hit-title a").first
    doc.click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(tmp_path / "phone-article.png"), full_page=True)
    context.close()


def test_the_feed_link_of_a_results_page_leads_to_a_feed_of_its_articles(page, news_server):
    import feedparser

    search(page, news_server, "能源")
    feed_link = page.get_by_role("link", name="订阅")
    expect(feed_link).to_be_visible()
    feed_url = feed_link.evaluate("link => link.href")
    assert feed_url == page.locator('link[rel="alternate"][type="application/atom+xml"]').evaluate("link => link.href")
    response = page.request.get(feed_url)
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert len(feed.entries) == 20 and not feed.bozo
    page.goto(feed.entries[0].link)
    expect(page.get_by_role("heading", level=1)).to_have_text(feed.entries[0].title)
