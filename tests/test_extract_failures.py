"""Files that cannot become a record: one clear line each, naming the file and
the reason; the run goes on and the summary counts them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import sitepages as site
import stories as story
from indexer.extract.errors import ExtractError
from indexer.extract import MAX_BYTES, extract_bytes, extract_file
from web.cli import main

GOOD = site.netease_news(story.FLOOD).data
NAV_ONLY = (
    "<html><head><meta charset='utf-8'><title>频道首页</title></head><body><ul>"
    + "".join(f"<li><a href='/n/{n}.html'>第{n}条新闻的标题放在这里，足够长的一行链接文字</a></li>" for n in range(30))
    + "</ul></body></html>"
).encode("utf-8")

BAD = {
    "empty.html": (b"", "empty file"),
    "blank.txt": (b" \n\t\n", "empty file"),
    "nul.txt": (bytes(range(256)) * 4, "binary"),
    "scan.html": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "binary"),
    "controls.txt": ("正文".encode() + bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16]) * 20, "binary"),
    "cut.txt": ("这是一篇在保存时被截断的文章。".encode("utf-8")[:-2], "truncated"),
    "cut.html": (GOOD[: len(GOOD) // 2], "truncated"),
    "latin1.txt": ("Café crème brûlée, déjà vu à Zürich.\n".encode("latin-1") * 20, "undecodable"),
    "nav.html": (NAV_ONLY, "no article found"),
    "404.txt": (b"404 Not Found\n", "no article found"),
    "page.pdf": (b"whatever", "unsupported file type .pdf"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_failure_names_its_reason(name):
    data, reason = BAD[name]
    with pytest.raises(ExtractError) as caught:
        extract_bytes(name, data)
    assert caught.value.path == name
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{name}: ")


def test_huge_files_are_refused_before_they_are_read(tmp_path):
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: nothing is written, nothing need be read
    with pytest.raises(ExtractError, match=r"huge: 20971521 bytes, over the 20971520-byte limit"):
        extract_file(huge)


def test_the_limit_is_configurable(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(GOOD)
    with pytest.raises(ExtractError, match="huge"):
        extract_file(page, max_bytes=1000)
    result = CliRunner().invoke(main, ["extract", "--max-mb", "0.001", str(page)])
    assert result.exit_code == 1 and f"error: {page}: huge:" in result.output
    assert CliRunner().invoke(main, ["extract", "--max-mb", "1", str(page)]).exit_code == 0


def test_a_run_reports_every_bad_file_and_prints_every_good_one(tmp_path):
    names = []
    for name, (data, _) in BAD.items():
        (tmp_path / name).write_bytes(data)
        names.append(str(tmp_path / name))
    good = tmp_path / "good.html"
    good.write_bytes(GOOD)
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["extract", *names, str(good), str(missing)])

    assert result.exit_code == 1
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [str(good)]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(BAD) + 1
    for name, (_, reason) in BAD.items():
        (line,) = [line for line in errors if line.startswith(f"error: {tmp_path / name}: ")]
        assert reason in line
    assert f"error: {missing}: cannot read: No such file or directory" in errors
    assert result.stderr.splitlines()[-1] == f"extracted 1 record from {len(BAD) + 2} files, failed {len(BAD) + 1}"


def test_text_format_lays_the_record_out_for_reading(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(GOOD)
    result = CliRunner().invoke(main, ["extract", "--format", "text", str(page)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:5] == [
        f"== {page}",
        f"title:  {story.FLOOD.title}",
        "date:   2026-01-30 16:20:45",
        "source: 中国新闻网",
        "site:   网易新闻",
    ]
    assert [line for line in lines[6:] if line] == story.FLOOD.body()


# Every line reads like a byline (a time, then a few words), so none counts as
# the article's text once the head is skipped: a list of news flashes.
FLASHES = (
    "<html><head><meta charset='utf-8'><title>快讯</title></head><body><div class='list'>"
    "<p>2024-01-05 08:00 北京地铁4号线早高峰临时限流</p><p>2024-01-05 09:30 首都机场部分航班延误</p>"
    "<p>2024-01-05 10:15 京藏高速进京方向恢复通行</p></div></body></html>"
).encode("utf-8")


def test_a_page_with_text_but_no_convincing_article_falls_back_and_says_so(tmp_path):
    page = tmp_path / "flashes.html"
    page.write_bytes(FLASHES)
    result = CliRunner().invoke(main, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["extraction"] == "fallback"
    assert record["body"].split("\n") == [
        "2024-01-05 08:00 北京地铁4号线早高峰临时限流",
        "2024-01-05 09:30 首都机场部分航班延误",
        "2024-01-05 10:15 京藏高速进京方向恢复通行",
    ]
    assert "fallback" in CliRunner().invoke(main, ["extract", "--format", "text", str(page)]).output
