"""The general rules that read outlets the site table does not know, each on
a small page of the kind it reads (the real pages behind them are in both parts
of ../shared/extraction, scored by tests/test_extract_devset.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from indexer.extract import extract_bytes

TEXT = (
    "<p>市政府今天宣布，明年起將在全市增設二十個公共自行車站點，方便市民通勤與休閒使用。</p>"
    "<p>交通局表示，新站點將優先設在捷運站與學校附近，預計投入經費約三千萬元。</p>"
)
LAST = "交通局表示，新站點將優先設在捷運站與學校附近，預計投入經費約三千萬元。"


def page(*, head: str = "", title: str = "市府明年增設二十個自行車站 - 某某日報", above: str = "", text: str = TEXT, below: str = "", footer: str = "") -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
        f"<h1>市府明年增設二十個自行車站</h1>{above}<div class='article'>{text}{below}</div>{footer}</body></html>"
    ).encode("utf-8")


def read(html: bytes):
    return extract_bytes("page.html", html)


@pytest.mark.parametrize(
    "byline",
    ["<div class='author'>記者王小明</div>", "<p>記者王小明／台北報導 2024-01-02 10:00</p>",
     "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": {\"name\": \"王小明\"}}</script>"],
)
def test_a_reporter_is_never_the_source_of_an_outlet_naming_itself(byline):
    assert read(page(above=byline)).source == "某某日報"


@pytest.mark.parametrize(
    "head, title",
    [
        ("<meta property='og:site_name' content='科技 - 某某新聞網'>", "市府明年增設二十個自行車站"),
        ("<meta name='application-name' content='某某日報 Daily News'>", "市府明年增設二十個自行車站"),
        ("", "某某日報 - 市府明年增設二十個自行車站"),
        ("", "市府明年增設二十個自行車站 | 地方 | 某某日報 NEWS"),
    ],
)
def test_the_outlet_is_named_as_the_page_names_itself(head, title):
    record = read(page(head=head, title=title, above="<p>記者王小明</p>"))
    assert record.title == "市府明年增設二十個自行車站"
    assert record.source in ("某某新聞網", "某某日報")


def test_the_footers_copyright_holder_names_an_outlet_whose_markup_does_not():
    html = page(title="市府明年增設二十個自行車站", footer="<p>某某時報版權所有 © 2024</p>")
    assert read(html).source == "某某時報"


@pytest.mark.parametrize("credit", ["〔本報訊〕", "本報記者王小明／台北報導"])
def test_our_paper_is_the_outlet_publishing_the_page(credit):
    html = page(text=f"<p>{credit}市政府今天宣布，明年起將在全市增設二十個公共自行車站點，方便市民通勤與休閒使用。</p>" + TEXT)
    assert read(html).source == "某某日報"


@pytest.mark.parametrize(
    "control", ["<span>列印</span><span>文字大小</span> 2024-01-02 10:00", "2024-01-02 10:00 江苏"]
)
def test_a_page_control_or_a_province_beside_the_date_is_no_source(control):
    html = page(title="市府明年增設二十個自行車站_网易新闻", above=f"<div class='info'>{control}</div>")
    assert read(html).source is None


@pytest.mark.parametrize(
    "call",
    [
        "<p>下載某某日報App，隨時掌握最新消息</p>",
        "<p>收看更多文章，請訂閱某某日報Facebook專頁：</p>",
        "<p>不用抽 不用搶 現在用APP看新聞 保證天天中獎</p><p>按我看活動辦法</p>",
        "<p>省錢大作戰！超夯優惠等你GO</p>",
        "<p>上一篇：另一則新聞的標題</p><p>下一篇：又一則新聞的標題</p>",
    ],
)
def test_calls_to_action_after_the_last_paragraph_leave_the_body(call):
    body = read(page(below=call)).body
    assert body.endswith(LAST), body


def test_a_sign_up_box_inside_the_text_leaves_the_body():
    box = "<p>訂閱《早安世界》電子報</p><p>請輸入正確的電子信箱格式</p><p>感謝您的訂閱！</p>"
    body = read(page(text=TEXT.replace("</p>", f"</p>{box}", 1))).body
    assert "訂閱" not in body and body.endswith(LAST)


def test_a_reporters_credit_after_the_calls_stays():
    body = read(page(below="<p>立即下載某某日報App：https://example.com/app</p><p>記者：王小明</p>")).body
    assert body.endswith(f"{LAST}\n記者：王小明")


def test_the_story_starts_at_its_credit_past_a_caption_and_crosshead_above():
    caption = "<p>市府官員昨天在記者會上說明自行車站點的規畫。（記者王小明攝）</p><p>站點規畫 優先設在捷運站</p>"
    credited = "<p>〔記者王小明／台北報導〕市政府今天宣布，明年起將在全市增設二十個公共自行車站點。</p>"
    body = read(page(text=caption + credited + TEXT)).body
    assert body.startswith("〔記者王小明／台北報導〕市政府今天宣布")


def test_a_story_cut_into_blocks_of_one_kind_is_read_whole():
    parts = "".join(
        f"<div class='body-item'><p>第{n}段：市政府今天宣布，明年起將增設公共自行車站點，方便市民通勤，也方便休閒使用。</p></div><div class='ad'>廣告</div>"
        for n in range(1, 4)
    )
    html = page(text=f"<section>{parts}</section>").replace(b"<div class='article'>", b"<div>")
    body = read(html).body
    assert body.startswith("第1段") and body.endswith("方便休閒使用。") and "第2段" in body


@pytest.mark.parametrize(
    "markup, when",
    [
        ("<div class='createddate'>2018-07-02 HKT 12:58</div>", datetime(2018, 7, 2, 12, 58)),
        ("<p class='info'>今日 09:18</p><script>ejValue['publishDateTime']=\"2020-08-14 09:18:00\";</script>", datetime(2020, 8, 14, 9, 18)),
        ("<p>2024年01月05日 星期五 天氣：晴 15℃</p><p>發佈日期：2024-01-02 10:00</p>", datetime(2024, 1, 2, 10, 0)),
    ],
)
def test_the_publish_time_not_the_headers_clock(markup, when):
    assert read(page(above=markup)).date == when


def test_a_machine_datetime_without_a_zone_does_not_overrule_the_zoned_meta_tag():
    head = "<meta property='article:published_time' content='2023-09-11T10:30:47.000Z'>"
    above = "<time datetime='2023-09-11 10:30:47'>2023年9月11日</time>"
    assert read(page(head=head, above=above)).date == datetime(2023, 9, 11, 18, 30, 47)


@pytest.mark.parametrize(
    "head, title",
    [
        ("<meta property='og:title' content='某某日報 - 某某日報網'>", "某某日報"),
        ("<meta property='og:title' content='某某日報新聞(市府明年增設二十個自行車站)'>", "某某日報"),
    ],
)
def test_a_title_naming_only_the_site_is_no_headline(head, title):
    html = page(head=head, title=title, above="<p>發佈日期：2024-01-02</p>").replace(b"<h1>", b"<h2>").replace(b"</h1>", b"</h2>")
    assert read(html).title == "市府明年增設二十個自行車站"


def test_the_headline_line_of_an_h1_with_a_sub_headline():
    html = page(title="某某日報-國際-市府明年增設二十個自行車站-20240102").replace(
        "<h1>市府明年增設二十個自行車站</h1>".encode(), "<h1>市府明年增設二十個自行車站<br><br>方便市民通勤</h1>".encode()
    )
    record = read(html)
    assert (record.title, record.date) == ("市府明年增設二十個自行車站", datetime(2024, 1, 2))


def test_zero_width_characters_leave_the_title():
    assert read(page(title="市府明年增設\u200b二十個自行車站 - 某某日報")).title == "市府明年增設二十個自行車站"


def test_a_dump_whose_first_line_is_the_site_and_whose_date_is_in_pieces():
    dump = (
        "某某日報 DAILY NEWS\n繁體 | 简体\n市府明年增設二十個自行車站\n2024\n01/02\n10:00\n【本報記者報道】\n"
        "市政府今天宣布，明年起將在全市增設二十個公共自行車站點，方便市民通勤與休閒使用。\n" + LAST + "\n"
    )
    record = extract_bytes("page.txt", dump.encode("utf-8"))
    assert (record.title, record.date, record.source) == ("市府明年增設二十個自行車站", datetime(2024, 1, 2, 10, 0), "某某日報")
