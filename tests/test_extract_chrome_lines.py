"""In-body chrome that real pages put between and after paragraphs goes; the
article's own sentences that mention the same words stay."""

from __future__ import annotations

import pytest

from indexer.extract import extract_bytes
from indexer.extract.lines import article_paragraphs

STORY = ["警方接获报案后到场处理，确认男子已无生命迹象。", "检方将进一步调查死因，并安排相验。"]


@pytest.mark.parametrize(
    "chrome, where",
    [
        ("广告", "between"),
        ("第1页/共1页 << 上一页 | 下一页 >>", "before"),
        ("（松花江网编辑 孙桂芳）", "after"),
        ("下载法广应用程序跟踪国际时事", "after"),
        ("电邮新闻头条新闻就在您的每日新闻信里", "after"),
    ],
)
def test_chrome_inside_the_text_is_dropped(chrome, where):
    lines = {
        "before": [chrome, *STORY],
        "between": [STORY[0], chrome, STORY[1]],
        "after": [*STORY, chrome],
    }[where]
    assert article_paragraphs(lines) == STORY


@pytest.mark.parametrize(
    "box",
    [
        ["★中時電子報關心您", "自殺諮詢專線：0800-788995（24小時）", "生命線：1995"],
        ["珍惜生命 自殺防治諮詢安心專線：0800-788995； 生命線協談專線：1995"],
        ["您所瀏覽的新聞已過查詢時效。建議您加入中央社付費會員找尋您要的新聞。"],
    ],
)
def test_boxes_after_a_story_end_it(box):
    assert article_paragraphs([*STORY, *box, "另一篇报道的标题，不属于本文。"]) == STORY


def test_sentences_mentioning_the_words_stay():
    story = ["该公司表示，明年将加大广告投入，并推出新的应用程序。", "市民可拨打生命线热线求助，专家说，这条热线已运行二十年，接听电话逾百万通。"]
    assert article_paragraphs(story) == story


@pytest.mark.parametrize(
    "tail",
    [
        ["网友评论 0 条", "·另一篇报道的标题"],
        ["反侵权公告：", "根据《中华人民共和国著作权法》，本网刊发的作品版权归本社所有。"],
        ["如果您喜欢网易新闻，请告诉您的朋友。　给网易提意见"],
    ],
)
def test_comment_counts_and_notices_end_the_story(tail):
    assert article_paragraphs([*STORY, *tail]) == STORY


def test_an_old_breadcrumb_drawn_with_arrows_is_not_the_headline():
    page = "\n".join(["新闻 | 体育 | 娱乐 | 商业 | 科技 | 财经 | 汽车", "网易 --> 商业频道 --> --> 经济学人分析中国经济热度",
                      "经济学人分析中国经济热度", "http://biz.163.com　2005-04-25 08:24:06　来源: 第一财经日报", *STORY])
    record = extract_bytes("page.txt", page.encode("utf-8"))
    assert (record.title, record.source, record.body.split("\n")) == ("经济学人分析中国经济热度", "第一财经日报", STORY)
