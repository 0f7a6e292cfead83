"""Saved pages from the big Chinese news sites, as HTML and as a browser's text dump:
every field exactly, the whole body in order, and none of the chrome."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

import sitepages as site
import stories as story
from indexer.extract.decode import decode
from indexer.extract.dom import compile_selector, parse, select
from indexer.extract import extract_bytes
from indexer.extract.sites import SITES, without_site_table
from web.cli import main

PAGES = [
    site.netease_news(story.FLOOD),
    site.netease_hao(story.DRONES),
    site.sina(story.ENERGY),
    site.sohu(story.SUMMIT),
    site.tencent(story.LUKASHENKO),
    site.ifeng(story.ROBOT),
    site.thepaper(story.GRID),
    site.people(story.TRADE),
    site.xinhua(story.HEALTH),
    site.wechat(story.COFFEE),
    site.cna_big5(story.TAIWAN),
    site.blog(story.COFFEE),
    site.city_portal(story.RAIL),
]
BY_NAME = {page.name: page for page in PAGES}


def page_text(page: site.Page) -> str:
    return decode(page.name, page.data, declared=True).text


def expected_json(page: site.Page, path: str) -> dict:
    return {
        "path": path,
        "title": page.story.title,
        "title_derived": False,
        "date": page.date.isoformat() + "+08:00",
        "source": page.source,
        "site": page.site,
        "body": "\n".join(page.story.body()),
        "extraction": "content",
    }


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_html_page_gives_every_field_exactly(page, tmp_path):
    path = tmp_path / f"{page.name}.html"
    path.write_bytes(page.data)
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected_json(page, str(path))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_html_body_holds_no_chrome(page):
    body = extract_bytes(f"{page.name}.html", page.data).body
    present = [marker for marker in site.CHROME if marker in page_text(page)]
    assert len(present) >= 6, f"the fixture should carry chrome, has only {present}"
    assert [marker for marker in present if marker in body] == []


def test_fixtures_cover_the_encodings_sites_serve():
    encodings = {page.name: extract_bytes(f"{page.name}.html", page.data).encoding for page in PAGES}
    assert encodings == {page.name: page.encoding for page in PAGES}
    legacy = [page for page in PAGES if page.encoding != "utf-8"]
    assert sorted(page.encoding for page in legacy) == ["big5hkscs", "gb18030", "gb18030"]
    for page in legacy:
        with pytest.raises(UnicodeDecodeError):
            page.data.decode("utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_general_rules_alone_read_every_field_but_the_sites_canonical_name(page):
    with without_site_table():
        unknown = extract_bytes(f"{page.name}.html", page.data).to_json()
    known = extract_bytes(f"{page.name}.html", page.data).to_json()  # the table is back after the block
    expected = expected_json(page, f"{page.name}.html")
    assert known == expected
    assert {field: unknown[field] for field in expected if field != "site"} == {field: expected[field] for field in expected if field != "site"}


def test_known_site_is_recognised_by_its_markup_when_the_url_is_gone():
    page = BY_NAME["sina"]
    html = page_text(page).replace("https://news.sina.com.cn/w/2026-01-25/doc-inakxyzw1234567.shtml", "")
    record = extract_bytes("sina.html", html.encode("utf-8"))
    assert (record.site, record.source) == ("新浪新闻", "新华网")


def test_browser_saved_from_comment_names_the_site():
    html = (
        "<!-- saved from url=(0040)https://www.sohu.com/a/862000001_162758 -->\n"
        "<html><head><meta charset='utf-8'><title>标题</title></head><body><div class='main'>"
        "<p>这是正文的第一段，讲的是一件发生在本地的事情。</p><p>这是正文的第二段，说明事情的后续进展。</p>"
        "</div></body></html>"
    )
    assert extract_bytes("saved.html", html.encode("utf-8")).site == "搜狐"


# What a text dump cannot say: the HTML gave these in markup or scripts only.
TEXT_DIFFERS = {
    "tencent": {"source": None, "site": None},  # the account name stands alone, with no 来源：
    "thepaper": {"site": None},
    "xinhua": {"site": None},
    "wechat": {"date": None, "source": None, "site": None},  # the date is filled in by script
    "cna_big5": {"site": None},
    "blog": {"site": None},  # and the byline shows the day without the time <time> carries
    "city_portal": {"site": None},
}


@pytest.fixture(scope="module")
def text_dumps(browser) -> dict[str, str]:
    """Each page as Chromium's innerText, which is what "save as text" writes."""
    dumps = {}
    context = browser.new_context()
    tab = context.new_page()
    tab.route("**/*", lambda route: route.abort())  # the pages' images and styles are not here
    for page in PAGES:
        # WeChat shows its text once its script has run; the dump is of the page as read.
        tab.set_content(page_text(page).replace('style="visibility: hidden;"', ""), wait_until="domcontentloaded")
        dumps[page.name] = tab.evaluate("document.body.innerText")
    context.close()
    return dumps


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_text_dump_gives_the_same_fields(page, text_dumps):
    record = extract_bytes(f"{page.name}.txt", text_dumps[page.name].encode("utf-8"))
    expected = {"title": page.story.title, "date": page.date, "source": page.source, "site": page.site}
    if page.name == "blog":
        expected["date"] = page.date.replace(hour=0, minute=0)
    expected.update(TEXT_DIFFERS.get(page.name, {}))
    assert {key: getattr(record, key) for key in expected} == expected
    assert record.body.split("\n") == page.story.body()
    assert [marker for marker in site.CHROME if marker in record.body] == []


def test_page_without_a_date_gets_none_whatever_the_file_time(tmp_path):
    page = BY_NAME["city_portal"]
    html = page_text(page).replace("发布时间：2026-01-22 17:03:12", "")
    path = tmp_path / "undated.html"
    path.write_text(html, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert json.loads(result.output)["date"] is None


def test_story_body_order_is_checked_not_just_membership():
    # The exact comparison above would miss nothing here; this guards the fixture itself.
    shuffled = replace(story.FLOOD, paragraphs=story.FLOOD.paragraphs[::-1])
    record = extract_bytes("x.html", site.netease_news(shuffled).data)
    assert record.body.split("\n") != story.FLOOD.body()
    assert record.body.split("\n") == shuffled.body()


def test_every_site_table_selector_compiles():
    for known in SITES:
        for selector in (known.fingerprint, known.byline, known.source, known.chrome):
            if selector:
                compile_selector(selector)


def test_selectors_match_as_css_does():
    page = parse(
        '<html><body><div class="post_main x"><h1 class="post_title">标题</h1></div>'
        '<div class="index_main_content_3f"><p data-role="original-link"><a href="#">来源</a></p></div>'
        '<link rel="alternate canonical" href="https://example.com/a"></body></html>'
    )
    assert [element.tag for element in select(page, ".post_main .post_title, #none")] == ["h1"]
    assert [element.tag for element in select(page, "[class*=index_main_content] [data-role=original-link] a")] == ["a"]
    assert [element.get("href") for element in select(page, "link[rel~=canonical]")] == ["https://example.com/a"]
    assert select(page, ".post") == []  # a class is a whole word, not a prefix
    assert [element.tag for element in select(page, "div > h1")] == ["h1"]
    with pytest.raises(ValueError, match="bad CSS selector 'div >>'"):
        compile_selector("div >>")
