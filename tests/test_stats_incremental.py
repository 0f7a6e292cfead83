"""`zhsearch stats` and a search's totals, facets and date order after any
sequence of incremental runs that add, change and delete pages with and
without a date and a source (tracker issue 11, item 7).

Whoosh writes a segment's column file only once one of its documents has a
value, so pages without a date or source committed apart from pages with one
leave segments that have no file for those columns.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import seed
from indexer.build import index_paths
from indexer.extract import extract_bytes
from search import open_index
from web.cli import main

DATES = [datetime(2021, 3, 5, 8, 30), datetime(2023, 5, 1, 10, 0), datetime(2023, 11, 20, 7, 15), datetime(2024, 12, 31, 23, 59)]
SOURCES = ["东方日报", "南方晚报", "北方时报"]
NAMES = [f"page{number}.txt" for number in range(6)]
WORD = "公园"  # in every page
BODY = (
    "本市城市公园今天上午举行春季花展开幕仪式，数万株郁金香和樱花吸引了大量市民前来观赏。"
    "公园管理处表示，花展将持续一个月，期间每天开放到晚上九点。"
    "许多家长带着孩子在花丛中拍照留念，现场气氛热烈。"
)


@dataclass(frozen=True)
class Page:
    """A text page as the extractor reads it: a title, a byline with the date
    and source the page has, and a few sentences."""

    date: datetime | None
    source: str | None

    def text(self) -> str:
        byline = [f"{self.date:%Y-%m-%d %H:%M:%S}"] if self.date else []
        byline += [f"来源：{self.source}"] if self.source else []
        return f"城市公园春季花展开幕\n\n{' '.join(byline)}\n\n{BODY}\n"


pages = st.builds(Page, st.none() | st.sampled_from(DATES), st.none() | st.sampled_from(SOURCES))
# A page written under a name (added or changed), or None: the file deleted.
operations = st.tuples(st.sampled_from(NAMES), st.none() | pages)
# Each run of the indexer follows one to three operations. Each run commits a
# small segment, and Whoosh merges small segments once there are five.
histories = st.lists(st.lists(operations, min_size=1, max_size=3), min_size=5, max_size=10)


def expected_stats(folder: dict[str, Page]) -> dict:
    dates = sorted(page.date for page in folder.values() if page.date)
    return {
        "documents": len(folder),
        "first_date": dates[0].isoformat() if dates else None,
        "last_date": dates[-1].isoformat() if dates else None,
        "top_sources": Counter(page.source for page in folder.values() if page.source),
    }


def expected_facets(folder: dict[str, Page]) -> dict[str, Counter[str]]:
    dates = [page.date for page in folder.values() if page.date]
    return {
        "source": expected_stats(folder)["top_sources"],
        "site": Counter(),
        "year": Counter(f"{date:%Y}" for date in dates),
        "month": Counter(f"{date:%Y-%m}" for date in dates),
    }


def check(index_dir: Path, folder: dict[str, Page]) -> None:
    """The index's stats and a search agree with the pages in ``folder``."""
    index = open_index(index_dir)
    stats = index.stats()
    assert {
        "documents": stats.documents,
        "first_date": stats.first_date,
        "last_date": stats.last_date,
        "top_sources": Counter({value.value: value.count for value in stats.top_sources}),
    } == expected_stats(folder)
    results = index.search(WORD)
    assert results.total == len(folder)
    facets = {name: Counter({value.value: value.count for value in values}) for name, values in results.facets.items()}
    assert facets == expected_facets(folder)
    newest = index.search(WORD, sort="date", per_page=len(NAMES))
    dates = sorted((page.date for page in folder.values() if page.date), reverse=True)
    undated = [None] * (len(folder) - len(dates))
    assert [hit.date for hit in newest.hits] == [date.isoformat() for date in dates] + undated


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(histories)
def test_stats_and_facets_follow_any_sequence_of_runs(history):
    with tempfile.TemporaryDirectory() as root:
        pages_dir, index_dir = Path(root) / "pages", Path(root) / "index"
        pages_dir.mkdir()
        folder: dict[str, Page] = {}
        clock = 10**18
        for run in history:
            for name, page in run:
                path = pages_dir / name
                if page is None:
                    path.unlink(missing_ok=True)
                    folder.pop(name, None)
                    continue
                path.write_text(page.text(), encoding="utf-8")
                # A new size or mtime makes the indexer read the file again.
                clock += 10**9
                os.utime(path, ns=(clock, clock))
                folder[name] = page
            report = index_paths([pages_dir], index_dir, workers=1)
            assert not report.failures
            check(index_dir, folder)


@pytest.mark.parametrize("date", [None, DATES[0]])
@pytest.mark.parametrize("source", [None, SOURCES[0]])
def test_generated_pages_have_the_date_and_source_they_say(date, source):
    record = extract_bytes("page.txt", Page(date, source).text().encode("utf-8"))
    assert (record.date, record.source, record.site) == (date, source, None)
    assert WORD in record.body


@pytest.mark.parametrize(
    "first, then",
    [(["001", "002", "004"], ["003"]), (["003"], ["001", "002", "004"])],
    ids=["undated page added", "dated pages added"],
)
def test_stats_after_adding_pages_unlike_the_indexed_ones(tmp_path, first, then):
    """The report: seed 003 has no date, source or site; 001, 002 and 004 have all three."""
    pages_dir, index_dir = tmp_path / "pages", tmp_path / "index"
    pages_dir.mkdir()
    for batch in (first, then):
        for prefix in batch:
            shutil.copy(seed(prefix), pages_dir)
        indexed = CliRunner().invoke(main, ["index", str(pages_dir), "--index", str(index_dir)])
        assert indexed.exit_code == 0, indexed.output
    result = CliRunner().invoke(main, ["stats", "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["documents"] == 4
    assert (figures["first_date"], figures["last_date"]) == ("2026-01-25T03:07:00", "2026-02-25T18:47:00")
    assert {source["value"]: source["count"] for source in figures["top_sources"]} == {
        "史政先锋": 1, "胡麒牧博士": 1, "寄星夜幕星河": 1,
    }
    found = CliRunner().invoke(main, ["search", "特朗普", "--index", str(index_dir), "--json"])
    assert found.exit_code == 0, found.output
    results = json.loads(found.output)
    assert results["total"] == 4
    assert {value["value"]: value["count"] for value in results["facets"]["site"]} == {"网易号": 3}
