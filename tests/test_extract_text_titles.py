"""Titles of text pages as a reader expects them: the headline line, however
short, without a lead-in; a title made from the text leaves out its credit."""

from __future__ import annotations

from indexer.extract import extract_bytes
from indexer.text import derive_title

VERDICT = "2023年7月1日，被告人张某酒后驾驶机动车在城区道路行驶，被交警查获。法院审理认为，张某构成危险驾驶罪。"


def read(text: str):
    return extract_bytes("page.txt", text.encode("utf-8"))


def test_a_short_first_line_is_the_title_and_not_dropped():
    record = read(f"醉驾案\n{VERDICT}\n")
    assert (record.title, record.title_derived, record.body) == ("醉驾案", False, VERDICT)


def test_a_page_opening_with_the_original_headline_has_it_as_title():
    record = read(f"原标题：暴雨来袭 多地发布预警\n{VERDICT}\n")
    assert (record.title, record.body) == ("暴雨来袭 多地发布预警", VERDICT)


def test_the_first_line_names_the_headline_below_the_menus():
    page = "\n".join(["醉驾男子获刑_法治频道_某某网", "首页 新闻 体育 财经", "当前位置：首页 > 法治", "醉驾男子获刑",
                      "2023-07-02 10:00 来源：", "某某日报", VERDICT, "相关新闻", "另一起醉驾案宣判"])
    record = read(page)
    assert (record.title, record.source, record.body) == ("醉驾男子获刑", "某某日报", VERDICT)
    assert record.date.isoformat() == "2023-07-02T10:00:00"


def test_a_derived_title_leaves_out_the_credit():
    assert derive_title(["新华社北京8月12日电（记者张三）今天，国家统计局发布数据。"]) == "今天，国家统计局发布数据"
    assert derive_title(["（中央社記者邱俊欽桃園19日電）桃園市平鎮區一家輪胎行今天清晨發生大火。"]) == "桃園市平鎮區一家輪胎行今天清晨發生大火"
