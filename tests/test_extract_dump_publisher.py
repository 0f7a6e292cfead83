"""A text dump that lost its first line (the page's <title>, which names the
site) still names the story's origin: a reporter's credit under the headline,
or else the publisher its footer names (copyright line, "about" link); a
footer naming no outlet gives nothing rather than a guess."""

from __future__ import annotations

import pytest

from indexer.extract import extract_bytes

STORY = [
    "首頁 社會 政治 生活",
    "男子深夜騎車撞上路樹 送醫不治",
    "2018/02/21 下午 06:03",
    "一名男子21日深夜騎機車行經市區道路時，疑因車速過快撞上路樹，當場失去生命跡象，送醫後仍宣告不治。",
    "警方表示，男子酒測值為零，詳細肇事原因仍待進一步調查釐清，呼籲民眾行車注意安全。",
    "熱門新聞",
]


def source(*footer: str, head: tuple[str, ...] = ()) -> str | None:
    lines = [*STORY[:3], *head, *STORY[3:], *footer]
    return extract_bytes("page.txt", "\n".join(lines).encode("utf-8")).source


def test_a_reporter_credit_under_the_headline_names_the_outlet():
    assert source("某某公司 版權所有", head=("顶端新闻·河南商报记者王明/文",)) == "河南商报"


@pytest.mark.parametrize(
    ("footer", "publisher"),
    [
        ("東森新聞雲股份有限公司ETtoday新聞雲 版權所有，非經授權，不許轉載本網站內容", "ETtoday新聞雲"),  # the company before the site
        ("BBC © 2014 非本网站内容BBC概不负责", "BBC"),
        ("© 2026 滨江新闻网 版权所有", "滨江新闻网"),
        ("關於三立新聞網", "三立新聞網"),  # the footer's "about" link
    ],
)
def test_the_footer_names_the_publisher(footer, publisher):
    assert source(footer, "Copyright © 2018 Example Television All Rights Reserved") == publisher


def test_a_footer_naming_no_outlet_gives_no_source():
    assert source("※本文版權所有，非經授權，不得轉載。", "© Example Corp. All Rights Reserved.", "關於我們") is None
