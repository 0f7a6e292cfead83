"""A reindex never leaves a broken index: kill -9, concurrent searches, a second writer."""

from __future__ import annotations

import signal
import subprocess
import time

from click.testing import CliRunner
from whoosh.index import open_dir

from conftest import SEEDS, ZHSEARCH
from news import write_articles
from search import open_index
from web.cli import main


def index_seeds(index_dir) -> None:
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output


def start_index(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ZHSEARCH), "index", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_for_writer(index_dir, process: subprocess.Popen) -> None:
    """Until the writer has opened its temporary files, i.e. is mid-index."""
    deadline = time.monotonic() + 60
    while not any(index_dir.glob("*.tmp")):
        assert process.poll() is None, process.stdout.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    index_dir = tmp_path / "index"
    index_seeds(index_dir)
    writer = open_dir(str(index_dir)).writer()
    try:
        result = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(index_dir), "--rebuild"])
    finally:
        writer.cancel()
    assert result.exit_code != 0
    assert "another `zhsearch index` is writing this index" in result.output
    assert open_index(index_dir).search("普京").total == 3


def test_kill_9_mid_index_leaves_the_previous_index_and_the_next_run_recovers(tmp_path):
    index_dir = tmp_path / "index"
    index_seeds(index_dir)
    news = tmp_path / "news"
    write_articles(news, 1500)

    process = start_index(str(SEEDS), str(news), "--index", str(index_dir), "--workers", "1")
    wait_for_writer(index_dir, process)
    time.sleep(1.0)
    assert process.poll() is None, "indexing finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()

    # The previous index is intact and searchable.
    before = open_index(index_dir)
    assert before.doc_count() == 5
    assert before.search("普京").total == 3

    # The next run takes the (stale) lock and finishes the job.
    result = CliRunner().invoke(main, ["index", str(SEEDS), str(news), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "added 1500" in result.output and "unchanged 5" in result.output
    assert open_index(index_dir).doc_count() == 1505
    assert not list(index_dir.glob("*.tmp"))


def test_searches_keep_working_on_the_previous_index_during_a_rebuild(tmp_path):
    index_dir = tmp_path / "index"
    index_seeds(index_dir)
    news = tmp_path / "news"
    write_articles(news, 600)
    searchable = open_index(index_dir)

    process = start_index(str(SEEDS), str(news), "--index", str(index_dir), "--rebuild", "--workers", "1")
    wait_for_writer(index_dir, process)
    during = []
    while process.poll() is None:
        during.append((searchable.search("普京").total, searchable.doc_count()))
    assert process.returncode == 0, process.stdout.read().decode()

    assert during, "no search ran while the rebuild was under way"
    # Every search saw either the old index or the finished new one, never a partial one.
    assert set(count for _, count in during) <= {5, 605}
    assert all(putin >= 3 for putin, _ in during)
    assert searchable.doc_count() == 605


def test_rebuild_starts_clean(tmp_path):
    index_dir = tmp_path / "index"
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("标题甲\n长江防汛工作进入关键期。\n", encoding="utf-8")
    index_seeds(index_dir)
    result = CliRunner().invoke(main, ["index", str(pages), "--index", str(index_dir), "--rebuild"])
    assert result.exit_code == 0, result.output
    rebuilt = open_index(index_dir)
    assert rebuilt.doc_count() == 1
    assert rebuilt.search("普京").total == 0 and rebuilt.search("长江").total == 1
