"""The HTML pages over the generated news index, through Flask's test client."""

from __future__ import annotations

import re
from html import unescape

import pytest

from indexer.build import index_paths
from search import FacetValue, open_index
from search.query.parser import analyze
from web import create_app
from web.histogram import histogram_bars
from web.pager import page_numbers
from web.params import SearchRequest
from web.suggest import did_you_mean, suggest


@pytest.fixture(scope="module")
def client(news_index):
    return create_app({"index_dir": str(news_index), "per_page": 10}).test_client()


def page(client, **params) -> str:
    response = client.get("/", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def links(html: str, css_class: str) -> list[str]:
    return [unescape(href) for href in re.findall(rf'<a class="{css_class}"[^>]*href="([^"]+)"', html)]


def test_results_summary_histogram_and_facets(client):
    html = page(client, q="能源")
    assert '<strong id="total">30</strong>' in html and "毫秒" in html
    assert html.count('class="hit"') == 10
    # Six months from the first to the last, the empty October included but not a link.
    assert html.count('<li class="bar') == 6
    assert '<span class="visually-hidden">2025年10月：0 篇</span>' in html and 'href="/?q=%E8%83%BD%E6%BA%90&amp;month=2025-10"' not in html
    assert 'href="/?q=%E8%83%BD%E6%BA%90&amp;month=2026-01"' in html
    assert "新华社" in html and "2026年" in html


def test_facet_filter_shows_chip_and_survives_paging(client):
    html = page(client, q="能源", source="新华社")
    assert '<strong id="total">13</strong>' in html
    assert 'aria-label="移除筛选 来源：新华社"' in html
    next_page = re.search(r'rel="next" href="([^"]+)"', html).group(1)
    assert "source=%E6%96%B0%E5%8D%8E%E7%A4%BE" in next_page and "page=2" in next_page
    second = page(client, q="能源", source="新华社", page=2)
    assert second.count('class="hit"') == 3 and 'aria-label="移除筛选 来源：新华社"' in second
    assert '<ol class="hits" start="11">' in second


def test_removing_a_chip_keeps_the_other_filters(client):
    html = page(client, q="能源", source="新华社", month="2026-01")
    removal = re.search(r'href="([^"]+)" aria-label="移除筛选 来源：新华社"', html).group(1)
    assert "month=2026-01" in removal and "source" not in removal


def test_sort_by_date_orders_newest_first(client):
    html = page(client, q="停火", sort="date")
    dates = re.findall(r'<time datetime="([^"]+)"', html)
    assert len(dates) == 10 and dates == sorted(dates, reverse=True)
    assert 'aria-current="true" class="current">按时间' in html


def test_pager_numbers():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 10) == [1, 2, 3, None, 10]
    assert page_numbers(6, 12) == [1, None, 4, 5, 6, 7, 8, None, 12]
    assert page_numbers(4, 7) == [1, 2, 3, 4, 5, 6, 7]


def test_histogram_fills_gaps_and_switches_to_years_for_long_spans():
    bars = histogram_bars([FacetValue("2025-11", 4), FacetValue("2026-02", 2)], {"month": "2026-02"})
    assert [(bar.value, bar.count, bar.height) for bar in bars] == [
        ("2025-11", 4, 100), ("2025-12", 0, 0), ("2026-01", 0, 0), ("2026-02", 2, 50)
    ]
    assert [bar.year_label for bar in bars] == ["2025", "", "2026", ""] and bars[-1].active
    long_span = histogram_bars([FacetValue("2019-05", 1), FacetValue("2023-02", 300)], {})
    assert [(bar.filter, bar.value, bar.count) for bar in long_span] == [
        ("year", "2019", 1), ("year", "2020", 0), ("year", "2021", 0), ("year", "2022", 0), ("year", "2023", 300)
    ]
    assert long_span[0].height > 0  # one hit still shows


def test_empty_state_suggests_broader_searches(client):
    html = page(client, q='"火星" 能源', source="新华社")
    assert '<strong id="total">0</strong>' in html
    assert 'class="empty"' in html and "试试更宽泛的搜索" in html
    assert "不要求精确短语，13 条结果" in html and "仍限 来源：新华社" in html


def test_bad_query_and_bad_parameters_are_explained_on_the_page(client):
    html = page(client, q="能源 date:someday")
    assert "已忽略无法理解的部分" in html and "date:someday" in html and '<strong id="total">30</strong>' in html
    bad = page(client, q="能源", page="x")
    assert 'role="alert"' in bad and "page" in bad and 'value="能源"' in bad
    past = page(client, q="能源", page="9")
    assert "这次搜索只有 3 页" in past and 'class="hit"' not in past


def test_empty_query_shows_the_introduction(client):
    html = page(client)
    assert "索引中共有 <strong>150</strong> 篇文章" in html and "搜索语法" in html


def test_article_view(client):
    first = client.get("/api/search", query_string={"q": "储能"}).get_json()["hits"][0]
    html = client.get(f"/doc/{first['id']}", query_string={"q": "储能"}).get_data(as_text=True)
    assert "<mark>储能</mark>" in html and "处匹配" in html
    assert f'href="/doc/{first["id"]}/original"' in html
    assert html.count('<li>\n      <a href="/doc/') == 5  # more like this
    assert "返回“储能”的搜索结果" in html


def test_original_file_is_served_as_text(client, news_pages):
    first = client.get("/api/search", query_string={"q": "储能"}).get_json()["hits"][0]
    response = client.get(f"/doc/{first['id']}/original")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True) == (news_pages / first["path"].rsplit("/", 1)[1]).read_text(encoding="utf-8")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_originals_can_be_switched_off(news_index):
    client = create_app({"index_dir": str(news_index), "serve_originals": False}).test_client()
    first = client.get("/api/search", query_string={"q": "储能"}).get_json()["hits"][0]
    assert client.get(f"/doc/{first['id']}/original").status_code == 404
    assert "查看原始文件" not in client.get(f"/doc/{first['id']}").get_data(as_text=True)


def test_embed_pages_stay_in_embed_mode(client):
    html = client.get("/embed/", query_string={"q": "能源"}).get_data(as_text=True)
    assert 'class="embedded"' in html and "<footer" not in html
    assert 'href="/embed/doc/' in html and 'action="/embed/"' in html
    assert re.search(r'href="/embed/\?q=%E8%83%BD%E6%BA%90&amp;month=', html)
    doc = re.search(r'href="(/embed/doc/[^"]+)"', html).group(1)
    article = client.get(unescape(doc)).get_data(as_text=True)
    assert 'class="embedded"' in article and 'href="/embed/doc/' in article


def test_unknown_document_is_a_404_page(client):
    response = client.get("/doc/0000000000000000")
    assert response.status_code == 404 and "找不到页面" in response.get_data(as_text=True)


def test_original_in_gb18030_is_shown_as_utf8(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    text = "国内 > 社会\n旧系统导出的页面\n2026-01-05 08:00 来源：档案室\n这一页是用国标编码保存的，原文件在浏览器里也要能读。\n"
    (pages / "old.txt").write_bytes(text.encode("gb18030"))
    index_paths([pages], tmp_path / "index")
    client = create_app({"index_dir": str(tmp_path / "index")}).test_client()
    doc_id = client.get("/api/search", query_string={"q": "国标"}).get_json()["hits"][0]["id"]
    response = client.get(f"/doc/{doc_id}/original")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True) == text


def test_suggestions_drop_quotes_words_and_filters(news_index):
    index = open_index(news_index)
    phrase = suggest(index, SearchRequest(query='"储能能源"'))
    assert phrase[0].request.query == "储能能源" and phrase[0].reason == "不要求精确短语"
    words = suggest(index, SearchRequest(query="储能 火星 -金牌"))
    assert [(s.request.query, s.reason) for s in words][:1] == [("储能 -金牌", "去掉“火星”")]
    filtered = suggest(index, SearchRequest(query="金牌", filters={"month": "2025-09", "source": "新华社"}))
    assert any(s.reason == "去掉筛选条件" and s.request.filters == {} for s in filtered)
    assert all(s.total > 0 for s in phrase + words + filtered)


def test_the_page_says_which_results_hold_only_some_of_the_words(client):
    html = page(client, q="储能 火星")
    assert "没有文章包含全部关键词，这些包含部分关键词" in html
    assert html.count('class="hit partial"') == 10 and html.count('<span class="grade">部分关键词</span>') == 10
    both = page(client, q="储能 上海")
    assert "8 篇包含全部关键词，另有 42 篇包含部分关键词" in both
    assert both.count('class="hit partial"') == 2


def test_every_result_has_a_meta_line_even_without_a_date(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "undated.txt").write_text("没有日期的页面\n这一页没有写明发布日期，也没有来源，但仍然是一篇完整的文章。\n", encoding="utf-8")
    index_paths([pages], tmp_path / "index")
    client = create_app({"index_dir": str(tmp_path / "index")}).test_client()
    html = client.get("/", query_string={"q": "发布日期"}).get_data(as_text=True)
    assert re.search(r'<p class="meta">\s*<span class="undated">无日期</span>', html)
    article = client.get(re.search(r'href="(/doc/[^"?]+)', html).group(1)).get_data(as_text=True)
    assert re.search(r'<p class="meta">\s*<span class="undated">无日期</span>', article)


def test_filters_without_words_browse_newest_first(client):
    html = page(client, source="新华社")
    dates = re.findall(r'<time datetime="([^"]+)"', html)
    assert len(dates) == 10 and dates == sorted(dates, reverse=True)
    assert re.search(r'<strong id="total">(\d+)</strong>', html).group(1) != "0"
    by_year = page(client, year="2025")
    assert all(date.startswith("2025") for date in re.findall(r'<time datetime="([^"]+)"', by_year))


def test_a_chosen_source_keeps_the_other_sources_listed_with_counts(client):
    html = page(client, q="能源", source="新华社")
    start = html.index('id="facet-source"')
    sidebar = html[start : html.index("</section>", start)]
    assert 'aria-current="true"' in sidebar
    others = re.findall(r'href="[^"]*source=([^"&]+)[^"]*"', sidebar)
    assert len(set(others)) >= 3  # links that switch to another source, the chip left as it is


def test_suggestions_offer_a_spelling_the_index_knows_and_never_single_characters(news_index):
    index = open_index(news_index)
    spelt = did_you_mean(index, SearchRequest(query="乌鲁木其"))
    assert (spelt.request.query, spelt.reason) == ("乌鲁木齐", "改为“乌鲁木齐”")
    for query in ("张又侠", "张又侠 储能", '"张又侠" 储能'):
        for suggestion in suggest(index, SearchRequest(query=query)):
            assert any(len(word) > 1 for word in analyze(suggestion.request.query)), suggestion


def test_a_chosen_year_keeps_the_other_years_listed(client):
    html = page(client, q="能源", year="2026")
    start = html.index('id="facet-date"')
    sidebar = html[start : html.index("</section>", start)]
    assert "2025年" in sidebar and "2026年" in sidebar
