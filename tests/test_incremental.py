"""Re-indexing reads only what changed."""

from __future__ import annotations

import os

from indexer import manifest
from indexer.build import index_paths
from search import open_index


def write(path, title, text):
    path.write_text(f"{title}\n{text}\n", encoding="utf-8")


def test_add_change_delete_and_idempotent_rerun(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages / "a.txt", "第一篇文章", "内容提到了长江流域的防汛工作。")
    write(pages / "b.txt", "第二篇文章", "内容提到了黄河流域的水土保持。")
    index_dir = tmp_path / "index"

    first = index_paths([pages], index_dir)
    assert (first.added, first.updated, first.deleted, first.unchanged) == (2, 0, 0, 0)

    again = index_paths([pages], index_dir)
    assert (again.added, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 2)
    assert not again.changed

    write(pages / "a.txt", "第一篇文章", "内容改为珠江流域的航运发展。")
    os.utime(pages / "a.txt", ns=(1, 10**18))  # make sure the change is visible to size+mtime
    (pages / "b.txt").unlink()
    write(pages / "c.txt", "第三篇文章", "内容提到了淮河流域的治理。")
    third = index_paths([pages], index_dir)
    assert (third.added, third.updated, third.deleted, third.unchanged) == (1, 1, 1, 0)

    index = open_index(index_dir)
    assert index.search("珠江").total == 1
    assert index.search("长江").total == 0
    assert index.search("黄河").total == 0
    assert index.search("淮河").total == 1


def test_touched_but_unchanged_file_is_not_re_extracted(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages / "a.txt", "标题", "正文内容足够长的一段话。")
    index_dir = tmp_path / "index"
    index_paths([pages], index_dir)
    os.utime(pages / "a.txt", ns=(1, 10**18))
    touched = index_paths([pages], index_dir)
    assert (touched.added, touched.updated, touched.unchanged) == (0, 0, 1)
    # The new mtime was remembered, so the next run skips the file on size+mtime alone.
    (state,) = manifest.load(index_dir).values()
    assert state.mtime_ns == (pages / "a.txt").stat().st_mtime_ns
