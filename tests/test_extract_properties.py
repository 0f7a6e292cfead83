"""Random and mutated pages: extraction returns a sound record or raises
ExtractError, nothing else, and never takes long over one page."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sitepages as site
import stories as story
from indexer.extract.errors import ExtractError
from indexer.extract import Records, extract_bytes, extract_records_bytes
from indexer.extract.record import Record

# A page is a few hundred kilobytes at most; a second of CPU is generous even on
# a busy two-core machine, and catches anything worse than linear.
PER_PAGE = timedelta(seconds=3)
# HYPOTHESIS_EXAMPLES=1000 runs a longer search by hand; the suite keeps it short.
CHECKS = settings(deadline=PER_PAGE, max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")), suppress_health_check=[HealthCheck.too_slow])

PAGES = [site.netease_news(story.FLOOD), site.sina(story.ENERGY), site.wechat(story.COFFEE), site.cna_big5(story.TAIWAN)]
FRAGMENTS = [
    "这是正文的一段话，讲述了事情的经过。", "来源：新华社", "责任编辑：张三", "2026-01-25 03:07:00", "2026年1月25日",
    "分享至", "0", "相关阅读", "特别声明：以上内容为自媒体平台用户上传", "网易首页 > 网易号 > 正文", "Copyright © 2026",
    "返回搜狐，查看更多", "【纠错】", "1623文章数 36200关注度", "2026 01/25 03:07:00", "　　", " ", "\u00a0", "。", "，",
    "<", ">", "&amp;", "\ufffd", "a" * 50, "字" * 200,
]
TAGS = ["div", "p", "a", "span", "br", "h1", "section", "article", "td", "li", "time", "script", "header", "em", "font"]
CLASSES = ["article", "content", "share", "comment", "related", "post_body", "rm_txt_con", "sidebar", "main", "footer"]


def check(name: str, data: bytes) -> None:
    started = time.perf_counter()
    try:
        record = extract_bytes(name, data)
    except ExtractError as error:
        assert error.path == name and error.reason
    else:
        assert isinstance(record, Record)
        assert record.title and record.body
        assert record.date is None or isinstance(record.date, datetime)
        assert all(line and line == line.strip() for line in record.body.split("\n"))
    assert time.perf_counter() - started < PER_PAGE.total_seconds()


text_lines = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80)), max_size=60)


@st.composite
def html_trees(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = ""
    if draw(st.booleans()):
        attributes += f' class="{draw(st.sampled_from(CLASSES))}"'
    if tag == "time":
        attributes += f' datetime="{draw(st.sampled_from(["2026-01-25T03:07:00+08:00", "garbage", ""]))}"'
    if draw(st.integers(0, 9)) == 0:
        attributes += ' style="display:none"'
    children = draw(st.lists(st.sampled_from(FRAGMENTS) if depth >= 4 else st.one_of(st.sampled_from(FRAGMENTS), html_trees(depth + 1)), max_size=6))
    closing = "" if draw(st.integers(0, 7)) == 0 else f"</{tag}>"  # real pages leave tags open
    return f"<{tag}{attributes}>{''.join(children)}{closing}"


@CHECKS
@given(st.binary(max_size=4096), st.sampled_from(["page.html", "page.txt"]))
def test_random_bytes(data, name):
    check(name, data)


@CHECKS
@given(text_lines, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_random_text_dumps(lines, encoding):
    check("dump.txt", "\n".join(lines).encode(encoding, errors="replace"))


@CHECKS
@given(st.lists(html_trees(), max_size=5), st.booleans())
def test_random_html(trees, declared):
    head = "<head><meta charset='gbk'></head>" if declared else ""
    check("page.html", f"<html>{head}<body>{''.join(trees)}</body></html>".encode("utf-8"))


@st.composite
def mutated_pages(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(PAGES)).data)
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 2000)))
        action = draw(st.sampled_from(["delete", "insert", "repeat", "cut"]))
        if action == "delete":
            del data[start:end]
        elif action == "insert":
            data[start:start] = draw(st.binary(min_size=1, max_size=200))
        elif action == "repeat":
            data[start:start] = data[start:end] * draw(st.integers(1, 20))
        else:
            del data[start:]
    return bytes(data)


@CHECKS
@given(mutated_pages())
def test_mutated_site_pages(data):
    check("page.html", data)


@CHECKS
@given(st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["url", "title", "body", "html", "date", "source", "site"]),
                    st.one_of(st.none(), st.integers(), st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=6),
    st.text(max_size=40),
), max_size=12))
def test_random_json_lines(rows):
    data = "\n".join(row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows).encode("utf-8")
    try:
        records = extract_records_bytes("feed.jsonl", data)
    except ExtractError:
        return
    assert isinstance(records, Records)
    assert all(isinstance(error, ExtractError) for error in records.errors)
    assert len({record.path for record in records}) == len(records)


PATHOLOGICAL = {
    "deep nesting": ("<html><body>" + "<div>" * 3000 + "<p>正文内容，这是一段足够长的文字，用来测试深层嵌套。</p>" + "</div>" * 3000 + "</body></html>", ".html"),
    "unclosed meta tags": ("<meta " * 50000 + "<html><body><p>x</p></body></html>", ".html"),
    "spaces after a date": ("2026-01-25" + " " * 200000 + "x\n正文内容在这里。", ".txt"),
    "letters after a share label": ("分享" + "a" * 100000 + "!\n正文内容在这里。", ".txt"),
    "one huge line": ("字" * 1_000_000 + "。", ".txt"),
    "many short lines": ("短\n" * 100000, ".txt"),
    "arrows": ("a>" * 100000 + "\n正文内容在这里。", ".txt"),
    "repeated editor labels": ("【" + "责任编辑：" * 30000, ".txt"),
    "nested JSON-LD": ("<html><head><script type='application/ld+json'>" + "[" * 100000 + "</script></head><body><p>正文内容在这里，足够长的一段话。</p></body></html>", ".html"),
    "ten thousand paragraphs": ("<html><body>" + "<p>这是一段话，有逗号，还有句号。</p>" * 10000 + "</body></html>", ".html"),
}


@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_inputs_that_break_backtracking_patterns_stay_fast(case):
    text, suffix = PATHOLOGICAL[case]
    check("page" + suffix, text.encode("utf-8"))
