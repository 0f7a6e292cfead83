"""JSON Lines from pipelines: a record per good line, an error per bad one."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from click.testing import CliRunner

import sitepages as site
import stories as story
from indexer.extract.errors import ExtractError
from indexer.extract import extract_bytes, extract_records, extract_records_bytes
from web.cli import main

SINA = site.sina(story.ENERGY)
LINES = [
    {"url": "https://example.com/a/1", "title": "长江防汛", "body": "第一段讲防汛工作，内容足够长。\n返回搜狐，查看更多\n第二段讲下一步安排。", "date": "2026-01-30 16:20", "source": "中国新闻网"},
    {"body": "没有网址也没有标题的一篇文章，正文在这里，内容足够长。", "date": None},
    "not json at all",
    {"url": "https://news.sina.com.cn/w/2026-01-25/doc-inakxyzw1234567.shtml", "html": SINA.data.decode("gbk")},
    ["a", "list"],
    {"url": "https://example.com/a/4", "title": "没有正文"},
    {"url": "https://example.com/a/5", "body": "正文内容足够长的一段话。", "date": "someday"},
    {"url": "https://example.com/a/1", "body": "同一个网址又出现了一次，内容足够长。"},
    {"url": "https://example.com/a/9", "body": "短"},
    {"url": "https://example.com/a/10", "body": "有时间戳的一篇文章，正文足够长。", "date": 1769310420, "site": "新浪"},
]


def jsonl(tail: str = "") -> bytes:
    rows = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in LINES]
    return ("\n".join(rows[:2]) + "\n\n" + "\n".join(rows[2:]) + "\n" + tail).encode("utf-8")


def test_good_lines_become_records_and_bad_ones_errors():
    records = extract_records_bytes("feed.jsonl", jsonl())
    assert [record.path for record in records] == [
        "https://example.com/a/1",
        "feed.jsonl#2",
        "https://news.sina.com.cn/w/2026-01-25/doc-inakxyzw1234567.shtml",
        "https://example.com/a/10",
    ]
    first, second, page, stamped = records
    assert (first.title, first.date, first.source, first.site) == ("长江防汛", datetime(2026, 1, 30, 16, 20), "中国新闻网", None)
    assert first.body == "第一段讲防汛工作，内容足够长。\n第二段讲下一步安排。"  # chrome lines go here too
    assert (second.title_derived, second.date) == (True, None)
    assert (page.title, page.date, page.source, page.site) == (story.ENERGY.title, story.ENERGY.published, "新华网", "新浪新闻")
    assert page.body.split("\n") == story.ENERGY.body()
    assert (stamped.date, stamped.site) == (datetime(2026, 1, 25, 11, 7), "新浪新闻")

    errors = {error.path: error.reason for error in records.errors}
    assert list(errors) == [f"feed.jsonl#{n}" for n in (4, 6, 7, 8, 9, 10)]
    assert errors["feed.jsonl#4"].startswith("not valid JSON")
    assert errors["feed.jsonl#6"] == "not a JSON object but list"
    assert errors["feed.jsonl#7"] == "no body and no html"
    assert errors["feed.jsonl#8"] == "date 'someday' is not a date"
    assert errors["feed.jsonl#9"] == "same url as line 1"
    assert errors["feed.jsonl#10"].startswith("no article found")


def test_a_cut_off_last_line_is_reported_as_truncated():
    records = extract_records_bytes("feed.jsonl", jsonl('{"url": "https://example.com/a/11", "body": "被截'))
    assert records.errors[-1].path == "feed.jsonl#12"
    assert records.errors[-1].reason.startswith("truncated")
    assert len(records) == 4


def test_pages_give_one_record_and_whole_file_failures_raise(tmp_path):
    page = tmp_path / "sina.html"
    page.write_bytes(SINA.data)
    records = extract_records(page)
    assert [record.title for record in records] == [story.ENERGY.title] and records.errors == []
    with pytest.raises(ExtractError, match="empty file"):
        extract_records_bytes("feed.jsonl", b"\n\n")
    with pytest.raises(ExtractError, match="extract_records"):
        extract_bytes("feed.jsonl", jsonl())


def test_a_line_over_the_limit_is_its_own_error():
    data = (json.dumps({"body": "长" * 400 + "。"}, ensure_ascii=False) + "\n" + json.dumps({"body": "这是一篇正常长度的文章正文。"}, ensure_ascii=False) + "\n").encode()
    records = extract_records_bytes("feed.jsonl", data, max_bytes=1000)
    assert [record.path for record in records] == ["feed.jsonl#2"]
    assert [error.reason for error in records.errors] == ["line is over the 1000-byte limit"]


def test_the_command_prints_records_then_names_each_bad_line(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(jsonl())
    result = CliRunner().invoke(main, ["extract", str(feed)])
    assert result.exit_code == 1
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["path"] for record in printed][0] == "https://example.com/a/1"
    assert len(printed) == 4
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors[0] == f"error: {feed}#4: " + dict((e.path, e.reason) for e in extract_records(feed).errors)[f"{feed}#4"]
    assert len(errors) == 6
    assert result.stderr.splitlines()[-1] == "extracted 4 records from 1 file, failed 6"
