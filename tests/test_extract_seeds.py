"""What `zhsearch extract` reads out of the five real NetEase pages."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import seed
from indexer.extract import extract_file
from web.cli import main


def extract_json(prefix: str) -> dict:
    result = CliRunner().invoke(main, ["extract", str(seed(prefix))])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    "prefix, title, date, source",
    [
        ("001", "美俄乌会谈无果而终,世界很可能陷入巨震中", "2026-01-25T03:07:00+08:00", "史政先锋"),
        ("002", "亚洲五国元首飞抵美国,特朗普将借这个机会,好好给中俄上眼药?", "2026-02-25T18:47:00+08:00", "胡麒牧博士"),
        ("004", "大量无人机袭击普京官邸,特朗普非常生气,俄乌和谈要泡汤?", "2026-02-04T15:12:49+08:00", "寄星夜幕星河"),
    ],
)
def test_pages_with_chrome_give_title_date_and_account(prefix, title, date, source):
    record = extract_json(prefix)
    assert set(record) == {"path", "title", "title_derived", "date", "source", "site", "body", "extraction"}
    assert record["extraction"] == "content"
    assert record["title"] == title
    assert record["title_derived"] is False
    assert record["date"] == date
    assert record["source"] == source
    assert record["site"] == "网易号"


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_bare_pages_get_no_made_up_metadata_and_a_readable_title(prefix):
    record = extract_json(prefix)
    assert record["date"] is None
    assert record["source"] is None
    assert record["title_derived"] is True
    first_paragraph = record["body"].split("\n")[0]
    title = record["title"].rstrip("…")
    assert 8 <= len(title) <= 48
    assert first_paragraph.startswith(title)
    # Cut at a clause boundary, never in the middle of a word run.
    assert first_paragraph[len(title)] in ",，。、；;：:—" or title == first_paragraph


def test_site_comes_from_the_notice_when_there_is_no_breadcrumb():
    assert extract_json("000")["site"] == "网易号"
    assert extract_json("003")["site"] is None


CHROME = [
    "网易首页", "申请入驻", "分享至", "![]()", "特别声明", "Notice:", "NetEase Hao", "相关推荐", "热点推荐",
    "文章数", "关注度", "往期回顾", "incentive-icons", "头条要闻", "体育要闻", "娱乐要闻", "财经要闻",
    "科技要闻", "态度原创", "无障碍浏览", "进入关怀版", "ad1 webp", "ad2 webp",
]


def chrome_lines(raw_lines: list[str]) -> list[str]:
    """Every line of a page from the disclaimer on: recommended titles, their authors
    and dates, the author box and the sidebar headlines."""
    for index, line in enumerate(raw_lines):
        if line.startswith("特别声明"):
            return [line for line in raw_lines[index:] if line]
    return []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_body_holds_no_chrome(prefix):
    body = extract_file(seed(prefix)).body
    for marker in CHROME:
        assert marker not in body, marker
    raw_lines = [line.strip() for line in seed(prefix).read_text(encoding="utf-8").splitlines()]
    for line in chrome_lines(raw_lines):
        if len(line) >= 6:  # short lines such as 家居 also occur inside sentences
            assert line not in body, line
    assert re.search(r"^\d+$", body, re.MULTILINE) is None  # the share counter


ARTICLE_BOUNDS = {
    "000": ("之前还剑拔弩张的美俄关系", "普京:2026年俄罗斯军工出口将大幅增长——央视新闻2026-1-31"),
    "001": ("1月23-24日,美、俄、乌三方", "一场原本可控的战争如今却升级成了很可能波及全球的灾难,谁之罪恶,谁之不幸?"),
    "002": ("当中亚五国元首相继飞抵华盛顿", "最终,这场博弈的结局将取决于谁的合作模式更能顺应时代潮流。中亚的未来,将是这一宏大叙事的最佳注脚。"),
    "003": ("在2025年3月的一次采访里", "当危机来袭,这张网能否撑住,还需时间给出答案。"),
    "004": ("特朗普这两天忙的可谓是不可开交", "眼下这场战争,距离停火越来越远,距离全面升级却只差一次报复,未来的局面,恐怕只会更糟。"),
}


@pytest.mark.parametrize("prefix", sorted(ARTICLE_BOUNDS))
def test_body_keeps_every_paragraph_first_to_last(prefix):
    first, last = ARTICLE_BOUNDS[prefix]
    paragraphs = extract_file(seed(prefix)).body.split("\n")
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1] == last
    raw = [line.strip() for line in seed(prefix).read_text(encoding="utf-8").splitlines()]
    start = next(i for i, line in enumerate(raw) if line.startswith(first))
    end = raw.index(last)
    expected = [line for line in raw[start : end + 1] if line and line != "![]()"]
    assert paragraphs == expected
