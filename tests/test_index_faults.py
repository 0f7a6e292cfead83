"""Faults of the file system and of the process do not lose pages or jam the index:
names that are not UTF-8, folders that cannot be read, an indexer killed by its PID,
and many runs adding segments."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from click.testing import CliRunner
from whoosh.index import open_dir

from conftest import ZHSEARCH
from indexer.build import index_paths
from search.embedded import segments
from search.embedded.segments import MERGE_FACTOR
from news import write_articles
from search import open_index
from test_index_safety import start_index, wait_for_writer
from web.cli import main

# Root reads any folder whatever its mode; without these capabilities it is held to the mode like anyone.
AS_ORDINARY_READER = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []


def write(path, title: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n{text}\n", encoding="utf-8")


def run_index(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*AS_ORDINARY_READER, str(ZHSEARCH), "index", *args], capture_output=True, text=True, timeout=120
    )


def test_a_file_name_that_is_not_utf8_is_one_error_and_the_rest_is_indexed(tmp_path):
    pages = tmp_path / "pages"
    write(pages / "good.txt", "长江防汛", "长江防汛工作进入关键期，各地加强巡查。")
    gbk_name = os.fsdecode("测试".encode("gbk") + b".txt")
    write(pages / gbk_name, "黄河治理", "黄河治理工作稳步推进，沿线各地协同配合。")
    result = run_index(str(pages), "--index", str(tmp_path / "index"))
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {pages}/\\xb2\\xe2\\xca\\xd4.txt: cannot be named: the file name is not valid UTF-8; rename the file"]
    assert "added 1" in result.stdout
    assert open_index(tmp_path / "index").search("长江").total == 1


def test_an_unreadable_folder_is_an_error_and_its_pages_stay(tmp_path):
    pages, index_dir = tmp_path / "pages", tmp_path / "index"
    write(pages / "open" / "a.txt", "长江防汛", "长江防汛工作进入关键期，各地加强巡查。")
    write(pages / "closed" / "b.txt", "黄河治理", "黄河治理工作稳步推进，沿线各地协同配合。")
    assert run_index(str(pages), "--index", str(index_dir)).returncode == 0
    (pages / "closed").chmod(0)
    try:
        again = run_index(str(pages), "--index", str(index_dir))
        third = run_index(str(pages), "--index", str(index_dir))
    finally:
        (pages / "closed").chmod(0o755)
    for result in (again, third):
        assert result.returncode == 1
        assert f"error: {pages / 'closed'}: cannot read folder: Permission denied" in result.stderr
        assert "deleted 0" in result.stdout
    assert open_index(index_dir).search("黄河").total == 1


def children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in found.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return bool(state) and not state.startswith("Z")


def test_killing_the_indexer_by_its_pid_takes_its_workers_down(tmp_path):
    news, index_dir = tmp_path / "news", tmp_path / "index"
    write_articles(news, 800)
    process = start_index(str(news), "--index", str(index_dir), "--workers", "2")
    wait_for_writer(index_dir, process)
    deadline = time.monotonic() + 30
    while len(workers := children(process.pid)) < 2:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)  # the main process alone, not its group
    process.wait()
    deadline = time.monotonic() + 10
    while any(alive(worker) for worker in workers):
        assert time.monotonic() < deadline, "workers outlived the indexer"
        time.sleep(0.1)
    result = CliRunner().invoke(main, ["index", str(news), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert open_index(index_dir).doc_count() == 800


def test_many_runs_keep_the_segments_few(tmp_path):
    pages, index_dir = tmp_path / "pages", tmp_path / "index"
    runs = 3 * MERGE_FACTOR
    for run in range(runs):
        write(pages / f"{run:03}.txt", f"第{run}号通报", f"第{run}号通报：防汛工作进入关键期，各地加强巡查。")
        index_paths([pages], index_dir, workers=1)
        with open_dir(str(index_dir)).reader() as reader:
            assert len(reader.leaf_readers()) < 2 * MERGE_FACTOR
    assert open_index(index_dir).search("防汛").total == runs


def segment_sizes(index_dir) -> list[tuple[int, int]]:
    """(live, all) documents of each segment."""
    return sorted((segment.doc_count(), segment.doc_count_all()) for segment in open_dir(str(index_dir))._segments())


def test_full_segments_are_left_alone_until_deletions_empty_them(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENT_DOCS", 4)
    monkeypatch.setattr(segments, "MERGE_FACTOR", 2)
    pages, index_dir = tmp_path / "pages", tmp_path / "index"
    for number in range(8):
        write(pages / f"{number:03}.txt", f"第{number}号通报", f"第{number}号通报：防汛工作进入关键期，各地加强巡查。")
    index_paths([pages], index_dir, workers=1)
    for number in range(8, 12):
        write(pages / f"{number:03}.txt", f"第{number}号通报", f"第{number}号通报：防汛工作进入关键期，各地加强巡查。")
        index_paths([pages], index_dir, workers=1)
    # Two full segments as written, and the four one-page runs merged among themselves.
    assert segment_sizes(index_dir).count((4, 4)) >= 2
    assert len(segment_sizes(index_dir)) <= 4
    for number in range(3):
        (pages / f"{number:03}.txt").unlink()
    index_paths([pages], index_dir, workers=1)
    write(pages / "100.txt", "第100号通报", "第100号通报：防汛工作进入关键期，各地加强巡查。")
    index_paths([pages], index_dir, workers=1)
    # The segment that deletions left with one page was merged away, its deleted pages with it.
    assert all(live == total for live, total in segment_sizes(index_dir))
    assert open_index(index_dir).search("防汛").total == 10
