"""Metadata in order of trust: JSON-LD, meta tags, <time>, the visible byline."""

from __future__ import annotations

from datetime import datetime

import pytest

from indexer.extract.byline import read_byline
from indexer.extract.dates import best_date, find_date, parse_iso
from indexer.extract import extract_bytes

BODY = (
    "<div class='article'><p>这是正文的第一段，讲述了事情的起因和经过，内容足够长。</p>"
    "<p>这是正文的第二段，介绍了各方的反应以及下一步的安排。</p></div>"
)
SOURCES = {
    "json-ld": '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
    '"headline":"结构化标题","datePublished":"2026-01-01T08:00:00+08:00","author":{"@type":"Organization","name":"甲报"},'
    '"publisher":{"@type":"Organization","name":"甲网"}}</script>',
    "meta": '<meta property="og:title" content="元标签标题"><meta property="article:published_time" content="2026-01-02T09:00:00+08:00">'
    '<meta name="source" content="来源：乙报"><meta property="og:site_name" content="乙网">',
    "time": '<time datetime="2026-01-03T10:00:00+08:00">1月3日</time>',
    "byline": "<div class='info'>2026-01-04 11:00 来源：丙报</div>",
}


def page(*parts: str) -> bytes:
    head = "".join(SOURCES[part] for part in parts if part in ("json-ld", "meta"))
    top = "".join(SOURCES[part] for part in parts if part in ("time", "byline"))
    return (
        f"<html><head><meta charset='utf-8'><title>页面标题_某网</title>{head}</head>"
        f"<body><h1>页面标题</h1>{top}{BODY}</body></html>"
    ).encode("utf-8")


# Dates trust the markup first. A source is what the page shows as its 来源
# first (markup authors are often a reporter or the site's group), then the
# markup's, then the publishing site's own name, a portal's never.
@pytest.mark.parametrize(
    "parts, date, source",
    [
        (("json-ld", "meta", "time", "byline"), datetime(2026, 1, 1, 8), "丙报"),
        (("json-ld", "meta", "time"), datetime(2026, 1, 1, 8), "甲报"),
        (("meta", "time"), datetime(2026, 1, 2, 9), "乙报"),
        (("time", "byline"), datetime(2026, 1, 3, 10), "丙报"),
        (("byline",), datetime(2026, 1, 4, 11), "丙报"),
        ((), None, "某网"),
    ],
)
def test_the_most_trusted_source_wins(parts, date, source):
    record = extract_bytes("page.html", page(*parts))
    assert (record.date, record.source) == (date, source)


def test_a_portal_is_never_a_source():
    html = page().replace("_某网".encode(), "_网易新闻".encode())
    assert extract_bytes("a.html", html).source is None


@pytest.mark.parametrize(
    "parts, title, site",
    [
        (("json-ld", "meta"), "结构化标题", "甲网"),
        (("meta",), "元标签标题", "乙网"),
        # Without markup the visible headline beats the <title>, which carries the site's name.
        ((), "页面标题", None),
    ],
)
def test_title_and_site_follow_the_same_order(parts, title, site):
    html = page(*parts)
    if parts:  # a page whose headline is not in an <h1>
        html = html.replace("<h1>页面标题</h1>".encode(), b"")
    record = extract_bytes("page.html", html)
    assert (record.title, record.title_derived, record.site) == (title, False, site)


def test_the_headline_shown_and_in_title_beats_another_wording_in_the_markup():
    assert extract_bytes("page.html", page("json-ld", "meta")).title == "页面标题"


def test_open_graph_title_with_the_site_name_yields_to_the_headline():
    html = page("meta").replace("元标签标题".encode(), "页面标题_某网".encode())
    assert extract_bytes("a.html", html).title == "页面标题"


def test_a_date_only_tag_is_completed_by_the_bylines_time():
    html = page("byline").replace(b"<head>", b"<head><meta name='publishdate' content='2026-01-04'>")
    assert extract_bytes("a.html", html).date == datetime(2026, 1, 4, 11)
    other_day = html.replace(b"2026-01-04 11:00", b"2026-01-05 11:00")
    assert extract_bytes("b.html", other_day).date == datetime(2026, 1, 4)


def test_instants_in_other_zones_are_shown_in_beijing_time():
    assert parse_iso("2026-01-24T19:07:00Z").when == datetime(2026, 1, 25, 3, 7)
    assert parse_iso("2026-01-25T03:07:00+08:00").when == datetime(2026, 1, 25, 3, 7)
    assert parse_iso("2026-01-25").has_time is False


@pytest.mark.parametrize(
    "line, date, source",
    [
        ("2026-01-25 03:07:00　来源: 新华社", datetime(2026, 1, 25, 3, 7), "新华社"),
        ("2026年1月25日 03:07", datetime(2026, 1, 25, 3, 7), None),
        ("2026年01月25日03:07 | 来源：人民网－国际频道", datetime(2026, 1, 25, 3, 7), "人民网－国际频道"),
        ("2026年01月25日 03:07 新华网", datetime(2026, 1, 25, 3, 7), "新华网"),
        ("2026/1/25", datetime(2026, 1, 25), None),
        ("2026 01/25 03:07:00", datetime(2026, 1, 25, 3, 7), None),
        ("2026-01-28 22:40发布于北京", datetime(2026, 1, 28, 22, 40), None),
        ("发布时间：2026-01-22 17:03:12　来源：滨江日报　作者：刘洋", datetime(2026, 1, 22, 17, 3, 12), "滨江日报"),
        ("作者：张三", None, "张三"),
        ("2004-12-10 11:55:08 来源: 网易商业报道", datetime(2004, 12, 10, 11, 55, 8), "网易商业报道"),
        ("http://www.sina.net 2005年03月21日 11:21 《理财周刊》", datetime(2005, 3, 21, 11, 21), "理财周刊"),
        ("2018-02-28 14:31中央社 澎湖縣28日電", datetime(2018, 2, 28, 14, 31), "中央社"),
        ("BUSINESS.SOHU.COM 2005年3月11日12:12 来源：[ 人民网 ]", datetime(2005, 3, 11, 12, 12), "人民网"),
        # Not a source: a label for reprints, a clause after the minute, a picture's credit.
        ("2005-04-05 06:40更新 来源：转载文章", datetime(2005, 4, 5, 6, 40), None),
        ("2023年8月16日13时40分发布暴雨红色预警信号", datetime(2023, 8, 16, 13, 40), None),
        ("2026-01-25 03:07 图片来源：视觉中国", datetime(2026, 1, 25, 3, 7), None),
        ("BUSINESS.SOHU.COM 2005年05月13日14:15", datetime(2005, 5, 13, 14, 15), None),
        ("更新时间 2012年12月10日", datetime(2012, 12, 10), None),
        # A column's author before the date, a reporter's credit naming the paper.
        ("maomaobear 2015-06-19 11:20:11 0人参与评论", datetime(2015, 6, 19, 11, 20, 11), "maomaobear"),
        ("顶端新闻·河南商报记者马俊峰/文 受访者供图", None, "河南商报"),
        # Halves of the day, as Taiwan pages write the time; traditional labels.
        ("2018/02/21 下午 06:03 來源：三立新聞網", datetime(2018, 2, 21, 18, 3), "三立新聞網"),
        ("2018-02-21 06:03 PM", datetime(2018, 2, 21, 18, 3), None),
        ("2023年7月28日 上午10:05", datetime(2023, 7, 28, 10, 5), None),
        ("央视网消息（新闻联播）：今天", None, "央视网"),
    ],
)
def test_visible_bylines(line, date, source):
    found, named = read_byline(line)
    assert (found.when if found else None, named) == (date, source)


def test_impossible_dates_are_passed_over():
    assert find_date("2026-02-30 发布 2026-03-01 08:00") == datetime(2026, 3, 1, 8)
    assert find_date("第2026-13-01号") is None


def test_best_date_keeps_the_most_trusted_day():
    assert best_date([parse_iso("2026-01-04"), parse_iso("2026-01-05 11:00")]) == datetime(2026, 1, 4)
    assert best_date([None, parse_iso("2026-01-05 11:00")]) == datetime(2026, 1, 5, 11)


def test_a_time_the_page_gives_in_greenwich_time_is_shown_in_beijing_time():
    html = page().replace(b"<h1>", "<div class='datestamp'>更新时间 2012年12月10日, 格林尼治标准时间10:41</div><h1>".encode())
    assert extract_bytes("a.html", html).date == datetime(2012, 12, 10, 18, 41)


def test_a_stamp_marked_utc_that_shows_as_local_time_was_mislabelled():
    # Taiwan pages put their local time in a meta tag ending in Z; the visible time says which it is.
    html = page().replace(b"<head>", b"<head><meta name='pubdate' content='2018-07-31T08:19:35Z'>")
    assert extract_bytes("a.html", html).date == datetime(2018, 7, 31, 16, 19, 35)
    shown = html.replace(b"<h1>", "<div>2018-07-31 08:19</div><h1>".encode())
    assert extract_bytes("b.html", shown).date == datetime(2018, 7, 31, 8, 19)


def test_an_element_named_as_the_issue_date_dates_an_e_paper_page():
    html = page().replace(b"<body>", "<body><div class='toolbar'><span id='paperdate'>2022年02月13日</span></div>".encode())
    assert extract_bytes("a.html", html).date == datetime(2022, 2, 13)
    bylined = html.replace(b"<h1>", "<div>2022-02-14 09:00 来源：丙报</div><h1>".encode())
    assert extract_bytes("b.html", bylined).date == datetime(2022, 2, 14, 9)


def test_the_headline_as_shown_beats_an_earlier_wording_in_the_markup():
    html = page("json-ld").replace("结构化标题".encode(), "與母爭吵疑失足墜樓　男送醫搶救不治".encode())
    html = html.replace("<h1>页面标题</h1>".encode(), "<h1>與母爭吵疑失足墜樓　男子送醫搶救不治</h1>".encode())
    assert extract_bytes("a.html", html).title == "與母爭吵疑失足墜樓 男子送醫搶救不治"


def test_a_logo_heading_naming_the_site_is_not_the_headline():
    html = page().replace("<title>页面标题_某网</title>".encode(), "<title>土豆不“土” 土豆无“土” 松花江网</title>".encode())
    html = html.replace("<h1>页面标题</h1>".encode(), "<h1>松花江网</h1>".encode())
    record = extract_bytes("a.html", html)
    assert (record.title, record.source) == ("土豆不“土” 土豆无“土”", "松花江网")


def test_an_element_named_as_the_authors_names_a_column_page_source():
    html = page().replace(b"<h1>", "<span class='con1_author'>maomaobear</span><h1>".encode())
    html = html.replace("_某网".encode(), "_网易财经".encode())  # a portal: it names no outlet of its own
    assert extract_bytes("a.html", html).source == "maomaobear"


@pytest.mark.parametrize(
    "markup",
    [
        "<span class='con1_author'>张小明</span>",
        "<p>记者 张小明 2026-01-04 11:00</p>",
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": {\"name\": \"张小明\"}}</script>",
    ],
)
def test_a_reporter_is_not_the_source_where_the_page_names_its_outlet(markup):
    html = page().replace(b"<h1>", f"{markup}<h1>".encode())
    assert extract_bytes("a.html", html).source == "某网"


@pytest.mark.parametrize("credit", ["本報訊", "本报记者 张小明"])
def test_our_paper_in_a_credit_is_the_outlet_publishing_the_page(credit):
    html = page().replace("页面标题_某网".encode(), "页面标题 - 某某日報".encode())
    html = html.replace("<p>这是".encode(), f"<p>{credit}</p><p>这是".encode(), 1)
    assert extract_bytes("a.html", html).source == "某某日報"


def test_a_source_line_under_the_story_names_a_reprint_source():
    html = page().replace(b"</body>", "<table><tr><td>编辑：金金</td><td>来源：21世纪经济报道</td></tr></table></body>".encode())
    assert extract_bytes("a.html", html).source == "21世纪经济报道"


def test_an_update_time_is_the_date_only_when_the_page_gives_no_other():
    updated = page().replace(b"<h1>", "<div>2026-01-06 18:00 更新</div><h1>".encode())
    assert extract_bytes("a.html", updated).date == datetime(2026, 1, 6, 18)
    both = updated.replace(b"<h1>", "<div>发布时间：2026-01-05 09:30</div><h1>".encode(), 1)
    assert extract_bytes("b.html", both).date == datetime(2026, 1, 5, 9, 30)


def test_a_time_tag_whose_datetime_lost_the_time_of_day_gives_the_shown_time():
    html = page().replace(b"<h1>", '<time datetime="2018/09/16 00:00">2018年09月16日 15:31</time><h1>'.encode())
    assert extract_bytes("a.html", html).date == datetime(2018, 9, 16, 15, 31)


def test_a_markup_author_that_is_the_site_yields_to_the_wire_credit_in_the_text():
    html = page().replace(b"<head>", "<head><meta name='author' content='某网'><meta property='og:site_name' content='某网'>".encode())
    assert extract_bytes("a.html", html).source == "某网"  # nothing else names an origin
    wired = html.replace("这是正文的第一段".encode(), "（中央社記者張三台北5日電）這是正文的第一段".encode())
    assert extract_bytes("b.html", wired).source == "中央社"


# NetEase's 2019 self-media layout (dy.163.com/v2/article/detail/…): the headline
# is an <h2>, the day and the account stand in the share bar, the time of day
# only in the wrapper's data-ptime, and the meta author is the portal's name.
NETEASE_2019 = (
    "<html><head><meta charset='utf-8'><title>京沪高速无锡段封闭施工_网易订阅</title>"
    "<meta name='author' content='网易'></head><body>"
    "<div class='wrapper' id='contain' data-wemediaid='W1' data-ptime='2019-05-17 20:02:46'>"
    "<div class='article_title'><h2>京沪高速无锡段封闭施工</h2><div class='share_box'>"
    "<p class='time'><span>2019-05-17</span><span class='point'> · </span><span>苏皖城市报道</span></p>"
    "<span class='share'>分享到</span><span class='fr'><a href='#'>19</a>跟贴</span></div></div>"
    f"{BODY}<div class='statement'><p>特别声明：以上内容为自媒体平台“网易号”用户上传并发布。</p></div></div></body></html>"
)


def test_a_byline_in_a_share_bar_is_read_and_an_attribute_gives_the_time_of_day():
    record = extract_bytes("a.html", NETEASE_2019.encode("utf-8"))
    assert (record.title, record.date, record.source, record.site) == (
        "京沪高速无锡段封闭施工", datetime(2019, 5, 17, 20, 2, 46), "苏皖城市报道", "网易号"
    )


def test_a_portal_named_as_the_author_in_markup_is_no_source():
    without_byline = NETEASE_2019.replace("<span>苏皖城市报道</span>", "")
    assert extract_bytes("a.html", without_byline.encode("utf-8")).source is None


def test_a_date_alone_in_a_toolbar_is_still_chrome():
    # Only a byline that names who wrote the story beside its date survives a block named like chrome.
    html = page("byline").replace(b"<h1>", "<div class='toolbar'>2026-02-01 星期日</div><h1>".encode())
    assert extract_bytes("a.html", html).date == datetime(2026, 1, 4, 11)
