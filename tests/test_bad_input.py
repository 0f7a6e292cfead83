"""Bad files among good ones: one clear line each, the rest indexed, the summary counts them."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from conftest import SEEDS
from search import open_index
from web.cli import main


def test_bad_files_are_named_and_skipped(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (pages / "latin1.txt").write_bytes("Café crème brûlée, déjà vu à Zürich.\n".encode("latin-1") * 20)
    (pages / "gbk.txt").write_bytes("白俄罗斯总统卢卡申科在明斯克会见来访的中国代表团。\n双方讨论了经贸合作。\n".encode("gbk"))

    index_dir = tmp_path / "index"
    result = CliRunner().invoke(main, ["index", str(pages), "--index", str(index_dir)])

    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt" in line and "empty" in line.split("empty.txt", 1)[1] for line in errors)
    assert any("binary.txt" in line and "binary" in line.split("binary.txt", 1)[1] for line in errors)
    assert any("latin1.txt" in line and "not UTF-8" in line for line in errors)
    assert any("gbk.txt" in line and "gb18030" in line for line in result.output.splitlines())
    assert "added 6" in result.output and "failed 3" in result.output

    index = open_index(index_dir)
    assert index.doc_count() == 6
    assert index.search("明斯克").total == 1  # the GBK page decoded and indexed


def test_missing_path_is_reported(tmp_path):
    result = CliRunner().invoke(main, ["index", str(tmp_path / "nowhere"), "--index", str(tmp_path / "ix")])
    assert result.exit_code != 0
    assert "nowhere" in result.output and "no such file" in result.output


def test_extract_reports_each_bad_file_and_prints_the_good_ones(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    good = tmp_path / "good.txt"
    good.write_text("标题在这里\n这是正文第一段，讲述一件事情。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(empty), str(good)])
    assert result.exit_code == 1
    assert f"error: {empty}: empty file" in result.output
    assert '"title": "标题在这里"' in result.output


def test_index_never_writes_into_a_file_or_a_folder_of_other_files(tmp_path):
    taken = tmp_path / "notes.txt"
    taken.write_text("my notes", encoding="utf-8")
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(taken)])
    assert result.exit_code != 0 and "is a file" in result.output
    assert taken.read_text(encoding="utf-8") == "my notes"

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(folder)])
    assert result.exit_code != 0 and "holds other files" in result.output
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
