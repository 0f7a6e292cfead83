"""`zhsearch index` and `zhsearch stats` as a nightly job sees them."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from whoosh import index as whoosh_index
from whoosh.formats import Characters

from conftest import SEEDS
from search import open_index
from search.analysis.schema import SCHEMA, TEXT_FIELDS, grams_text
from web.cli import main


def test_second_run_changes_nothing_and_says_so(tmp_path):
    index_dir = tmp_path / "index"
    first = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(index_dir)])
    assert "added 5" in first.output
    second = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(index_dir)])
    assert second.exit_code == 0
    assert "nothing changed" in second.output and "unchanged 5" in second.output
    assert "docs/s" in second.output


def test_not_a_tty_gets_log_lines_not_a_bar(tmp_path):
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(tmp_path / "index")])
    assert "\r" not in result.output


def test_stats_report_count_span_sources_and_update_time(seed_index):
    result = CliRunner().invoke(main, ["stats", "--index", str(seed_index), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["documents"] == 5
    assert figures["first_date"] == "2026-01-25T03:07:00"
    assert figures["last_date"] == "2026-02-25T18:47:00"
    assert {source["value"] for source in figures["top_sources"]} == {"史政先锋", "胡麒牧博士", "寄星夜幕星河"}
    assert figures["size_bytes"] > 0 and figures["updated"]
    plain = CliRunner().invoke(main, ["stats", "--index", str(seed_index)])
    assert "documents:  5" in plain.output and "史政先锋" in plain.output


def test_user_dictionary_is_kept_with_the_index_and_used_by_searches(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("会议纪要\n与会者讨论了琨瑜珀计划的进展。\n", encoding="utf-8")
    userdict = tmp_path / "words.txt"
    userdict.write_text("琨瑜珀计划 10 n\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    result = CliRunner().invoke(
        main, ["index", str(pages), "--index", str(index_dir), "--userdict", str(userdict)]
    )
    assert result.exit_code == 0, result.output
    assert (index_dir / "userdict.txt").read_text(encoding="utf-8") == userdict.read_text(encoding="utf-8")
    # A fresh process that opens the index cuts the name as one word.
    probe = (
        "from search import open_index; from search.query.parser import analyze; "
        f"open_index({str(index_dir)!r}); print(analyze('琨瑜珀计划'))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['琨瑜珀计划']"
    assert open_index(index_dir).search("琨瑜珀计划").total == 1


def test_unreadable_user_dictionary_is_named(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(tmp_path / "ix"), "--userdict", str(bad)])
    assert result.exit_code != 0
    assert "bad.txt" in result.output


def test_version_and_the_input_types_in_index_help():
    assert CliRunner().invoke(main, ["--version"]).output.strip() == "zhsearch 0.1.0"
    help_text = CliRunner().invoke(main, ["index", "--help"]).output
    assert all(kind in help_text for kind in (".txt", ".html", ".htm", ".jsonl", "--max-mb"))


def test_extract_reads_a_folder_as_index_does(tmp_path):
    pages = tmp_path / "pages"
    (pages / "inner").mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (pages / "inner" / seed.name).write_bytes(seed.read_bytes())
    (pages / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a page type: index and extract leave it alone
    result = CliRunner().invoke(main, ["extract", str(pages)])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["path"] for line in lines] == [str(pages / "inner" / seed.name) for seed in sorted(SEEDS.glob("*.txt"))[:2]]
    assert "extracted 2 records from 2 files, failed 0" in result.stderr


def test_index_refuses_pages_over_max_mb_and_indexes_the_rest(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "small.txt").write_text("小页面\n这是一篇短小但完整的文章，讲述了一件普通的事情。\n", encoding="utf-8")
    (pages / "large.txt").write_text("大页面\n" + "这是一篇很长的文章，内容重复。" * 20000 + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["index", str(pages), "--index", str(tmp_path / "index"), "--max-mb", "0.1", "--workers", "1"])
    assert result.exit_code == 1
    assert "large.txt: huge" in result.output and "added 1," in result.output and "1 worker" in result.output


def test_search_output_says_which_results_hold_only_some_words(seed_index):
    result = CliRunner().invoke(main, ["search", "卢卡申科 特朗普", "--index", str(seed_index)])
    assert result.output.splitlines()[0].startswith("5 results: 1 with every word, 4 with some (")
    assert "some of the words" in result.output


def _with_character_offsets(index_dir: Path, older: Path) -> None:
    """Copy ``index_dir`` as zhsearch wrote it before title and body kept only word
    positions: the same documents, written by Whoosh's own writer with character
    offsets in title and body, and the same record of indexed files."""
    schema = copy.deepcopy(SCHEMA)
    for name in TEXT_FIELDS:
        schema[name].format = Characters(field_boost=schema[name].format.field_boost)
    with whoosh_index.open_dir(str(index_dir)).searcher() as searcher:
        documents = list(searcher.all_stored_fields())
    older.mkdir()
    writer = whoosh_index.create_in(str(older), schema).writer()
    for stored in documents:
        writer.add_document(**stored, grams=grams_text(stored["title"], stored["body"]))
    writer.commit()
    for kept in index_dir.glob("zhsearch-*"):
        shutil.copy(kept, older / kept.name)


def test_an_index_with_character_offsets_still_answers_and_a_run_asks_for_a_rebuild(tmp_path):
    index_dir, older = tmp_path / "index", tmp_path / "older"
    CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(index_dir)])
    _with_character_offsets(index_dir, older)
    assert isinstance(whoosh_index.open_dir(str(older)).schema["body"].format, Characters)
    for query in ("普京", '"特朗普 政府"', "能源 -停火", "俄乌"):
        now, before = open_index(index_dir).search(query), open_index(older).search(query)
        assert [(hit.id, hit.title_html, hit.snippet) for hit in before.hits] == [
            (hit.id, hit.title_html, hit.snippet) for hit in now.hits
        ]
        assert before.hits and "<mark>" in "".join(hit.snippet for hit in before.hits)
    update = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(older)])
    assert update.exit_code != 0
    assert str(older) in update.output and "--rebuild" in update.output
    assert open_index(older).doc_count() == 5  # nothing lost
    rebuilt = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(older), "--rebuild"])
    assert rebuilt.exit_code == 0 and "added 5" in rebuilt.output
