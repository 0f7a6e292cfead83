"""A large JSON Lines feed is indexed by every worker, and progress counts documents."""

from __future__ import annotations

import json
import threading
import time

import pytest

from whoosh.index import open_dir

from indexer import build, progress
from indexer.build import index_paths
from indexer.workers import FEEDER_NAME
from search import open_index


def write_feed(path, count: int) -> None:
    lines = [
        {"url": f"https://news.example/{number}", "title": f"第{number}号通报", "body": f"第{number}号通报：防汛工作进入关键期，各地加强巡查。"}
        for number in range(count)
    ]
    lines.insert(10, {"url": "https://news.example/3", "body": "同一链接又出现了一次，内容足够长的一段话。"})
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    path.write_text(text + "这一行不是 JSON\n", encoding="utf-8")


def test_a_large_feed_is_shared_by_the_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "FEED_SHARE_BYTES", 1000)
    pages, index_dir = tmp_path / "pages", tmp_path / "index"
    pages.mkdir()
    write_feed(pages / "feed.jsonl", 60)
    report = index_paths([pages], index_dir, workers=2)
    assert report.added == 60
    # Each line is reported once, by the share that read it.
    assert sorted(error.reason.split(":")[0] for error in report.failures) == ["not valid JSON", "same url as line 4"]
    with open_dir(str(index_dir)).reader() as reader:
        assert len(reader.leaf_readers()) == 2  # a segment from each worker
    index = open_index(index_dir)
    assert index.search("防汛").total == 60 and index.search("同一链接").total == 0
    # Changed, the feed is replaced as a whole, whichever worker read which line.
    write_feed(pages / "feed.jsonl", 30)
    again = index_paths([pages], index_dir, workers=2)
    assert (again.updated, open_index(index_dir).search("防汛").total) == (30, 30)


def test_progress_counts_documents(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0)
    pages = tmp_path / "pages"
    pages.mkdir()
    write_feed(pages / "feed.jsonl", 40)
    (pages / "page.txt").write_text("长江防汛\n长江防汛工作进入关键期，各地加强巡查。\n", encoding="utf-8")
    index_paths([pages], tmp_path / "index", workers=2, show_progress=True)
    logged = [line for line in capsys.readouterr().err.splitlines() if line.startswith("indexed ")]
    assert logged[-1].startswith("indexed 43/43 documents")


def test_a_run_that_fails_leaves_no_thread_behind(tmp_path):
    from news import write_articles

    pages = tmp_path / "pages"
    write_articles(pages, 600)
    # Read first (files go in name order), so the run fails while most batches still wait.
    (pages / "0000-empty.txt").write_bytes(b"")

    def give_up(error) -> None:
        raise RuntimeError(f"stopped at {error}")

    with pytest.raises(RuntimeError, match="stopped at"):
        index_paths([pages], tmp_path / "index", workers=2, on_failure=give_up)
    deadline = time.monotonic() + 10
    while any(thread.name == FEEDER_NAME for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "the feeder thread still waits on a queue nobody reads"
        time.sleep(0.1)
    assert not (tmp_path / "index" / "_MAIN_1.toc").exists()  # nothing committed
