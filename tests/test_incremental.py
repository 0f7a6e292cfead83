"""Re-indexing reads only what changed."""

from __future__ import annotations

import json
import os

from search import manifest
from indexer.build import index_paths
from search import open_index


def write(path, title, text):
    path.write_text(f"{title}\n{text}\n", encoding="utf-8")


def folder_of(tmp_path, pages):
    """A folder of pages, ``{name: (title, text)}``, and where its index goes."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, (title, text) in pages.items():
        write(folder / name, title, text)
    return folder, tmp_path / "index"


def test_add_change_delete_and_idempotent_rerun(tmp_path):
    pages, index_dir = folder_of(tmp_path, {
        "a.txt": ("第一篇文章", "内容提到了长江流域的防汛工作。"),
        "b.txt": ("第二篇文章", "内容提到了黄河流域的水土保持。"),
    })

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
    (state,) = manifest.load(index_dir).files.values()
    assert state.mtime_ns == (pages / "a.txt").stat().st_mtime_ns


def test_json_lines_files_index_one_document_per_line_and_update_as_a_whole(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    feed = pages / "feed.jsonl"
    lines = [
        {"url": "https://example.cn/a", "title": "长江防汛", "body": "长江流域进入主汛期，沿江各地加强堤防巡查，水文部门每日发布水情通报。", "date": "2026-01-02"},
        {"url": "https://example.cn/b", "title": "黄河治理", "body": "黄河流域生态保护和高质量发展持续推进，沿黄省区开展水土保持治理工程。", "source": "新华社"},
        "not json",
    ]
    feed.write_text("\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    index_dir = tmp_path / "index"

    first = index_paths([pages], index_dir)
    assert first.added == 2
    assert len(first.failures) == 1 and "feed.jsonl#3" in str(first.failures[0])
    index = open_index(index_dir)
    assert index.search("长江").hits[0].path == "https://example.cn/a"
    assert index.search("黄河").hits[0].source == "新华社"

    feed.write_text(json.dumps(lines[1], ensure_ascii=False) + "\n", encoding="utf-8")
    os.utime(feed, ns=(1, 10**18))
    second = index_paths([pages], index_dir)
    assert second.updated == 1
    assert index.search("长江").total == 0 and index.search("黄河").total == 1

    feed.unlink()
    third = index_paths([pages], index_dir)
    assert third.deleted == 1 and index.doc_count() == 0


def test_a_word_left_only_in_deleted_pages_does_not_break_highlighting(tmp_path):
    # After b.txt is deleted its segment still lists 远东's postings, all of
    # them deleted; highlighting a.txt for 远东 must skip them, not fail.
    pages, index_dir = folder_of(tmp_path, {
        "a.txt": ("能源停火谈判", "双方讨论能源停火安排。"),
        "b.txt": ("远东停火", "远东港口停火后恢复运营。"),
    })
    index_paths([pages], index_dir, workers=1)
    (pages / "b.txt").unlink()
    assert index_paths([pages], index_dir, workers=1).deleted == 1

    results = open_index(index_dir).search("停火 OR 远东")
    assert [hit.title_html for hit in results.hits] == ["能源<mark>停火</mark>谈判"]
