"""The `zhsearch` command as a newcomer types it: run as the installed program."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import click
import pytest

from conftest import SEEDS, ZHSEARCH, seed
from indexer.extract import ALL_SUFFIXES
from web.cli import main

LOOKED_FOR = "(looked for .html, .htm, .shtml, .xhtml, .txt, .text, .jsonl)"


def zhsearch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ZHSEARCH), *args], capture_output=True, text=True, timeout=120)


def found(*args: str) -> dict:
    result = zhsearch("search", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_word_after_the_options_is_the_query(seed_index):
    unquoted = found("普京", "特朗普", "--index", str(seed_index))
    quoted = found("普京 特朗普", "--index", str(seed_index))
    assert unquoted["query"] == "普京 特朗普"
    assert unquoted == {**quoted, "took_ms": unquoted["took_ms"]}
    assert unquoted["total"] > found("普京", "特朗普", "-特朗普", "--index", str(seed_index))["total"] >= 0
    # Options may stand between the words; a word with a minus is the query's NOT.
    between = found("--index", str(seed_index), "普京", "--limit", "2", "-特朗普")
    assert between["query"] == "普京 -特朗普"
    assert between["total"] == found("普京 NOT 特朗普", "--index", str(seed_index))["total"]


def test_a_mistyped_option_is_no_query_word(seed_index):
    result = zhsearch("search", "普京", "--limt", "3", "--index", str(seed_index))
    assert result.returncode == 2
    assert "no such option: --limt" in result.stderr


def _command_paths(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*path, name))
        else:
            paths.append((*path, name))
    return paths


@pytest.mark.parametrize("path", _command_paths(main), ids=lambda path: " ".join(path) or "zhsearch")
def test_dash_h_is_help_everywhere(path):
    result = zhsearch(*path, "-h")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: zhsearch {' '.join(path)}".rstrip())
    assert "-h, --help" in result.stdout


def _modules_after(*args: str) -> set[str]:
    """The modules loaded by the time the command ``args`` has finished."""
    script = (
        "import sys\n"
        "from web.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "print('\\n'.join(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return {line.split(".")[0] if not line.startswith(("search", "indexer", "web")) else line
            for line in result.stdout.splitlines()}


ENGINE = {"whoosh", "rjieba", "jieba", "opencc", "search.engine", "search.embedded.searcher"}
EXTRACTOR = {"lxml", "charset_normalizer", "cssselect", "indexer.extract", "indexer.build"}
WEB = {"flask", "werkzeug", "jinja2", "gunicorn", "web.app"}


def test_help_loads_no_engine_extractor_or_web():
    assert not _modules_after("--help") & (ENGINE | EXTRACTOR | WEB | {"pymysql", "tqdm"})
    assert not _modules_after("serve", "--help") & (ENGINE | EXTRACTOR | WEB)


def test_search_and_stats_load_only_what_they_use(seed_index):
    searched = _modules_after("search", "普京", "--index", str(seed_index))
    assert {"whoosh", "rjieba", "search.embedded.searcher"} <= searched
    # jieba itself (its dictionary takes a second) only for a pasted paragraph's tagger.
    # Nor the sound tables of "did you mean", which a search that finds every word does not ask.
    assert not searched & ({"jieba", "pymysql", "pypinyin", "rapidfuzz"} | EXTRACTOR | WEB)
    counted = _modules_after("stats", "--index", str(seed_index))
    assert "whoosh" in counted
    assert not counted & ({"jieba", "rjieba", "pymysql", "pypinyin", "rapidfuzz"} | EXTRACTOR | WEB)


def test_a_pasted_paragraph_still_leaves_out_names(seed_index):
    # The tagger is loaded when a long query needs it, and used as before.
    paragraph = seed("004").read_text(encoding="utf-8").split("\n", 3)[-1][:300]
    assert found(paragraph, "--index", str(seed_index))["hits"][0]["path"].endswith(seed("004").name)


@pytest.mark.parametrize("files", [{}, {"notes.pdf": "不是网页", "sub/readme.md": "说明"}], ids=["empty", "no page files"])
def test_a_folder_without_pages_is_an_error(tmp_path, files):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    result = zhsearch("index", str(folder), "--index", str(tmp_path / "index"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: no pages found in {folder} {LOOKED_FOR}"
    assert "nothing changed" not in result.stdout and "docs/s" not in result.stdout
    assert not (tmp_path / "index").exists()


def test_the_message_lists_the_types_the_indexer_reads():
    assert LOOKED_FOR == f"(looked for {', '.join(ALL_SUFFIXES)})"


def test_an_unsupported_file_names_every_type(tmp_path):
    page = tmp_path / "page.pdf"
    page.write_text("不是网页", encoding="utf-8")
    result = zhsearch("extract", str(page))
    assert result.returncode == 1
    assert f"unsupported file type .pdf; expected one of {', '.join(ALL_SUFFIXES)}" in result.stderr


def test_a_busy_port_is_reported_before_anything_claims_to_serve(seed_index):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = zhsearch("serve", "--index", str(seed_index), "--port", str(port))
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "serving" not in result.stdout + result.stderr


def test_search_json_dates_carry_their_zone_as_extract_gives_them(seed_index):
    hits = found("普京", "--index", str(seed_index), "--limit", "10")["hits"]
    dated = [hit for hit in hits if hit["date"]]
    assert dated
    for hit in dated:
        extracted = json.loads(zhsearch("extract", str(SEEDS / hit["path"].split("/", 1)[1])).stdout)
        assert hit["date"] == extracted["date"]
        assert hit["date"].endswith("+08:00")
