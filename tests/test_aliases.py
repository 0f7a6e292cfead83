"""Aliases from the synonyms files, and traditional and simplified Chinese folded together."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import index_texts
from search import SynonymsError, open_index
from search.analysis.synonyms import Synonyms, read_groups
from web.cli import main

PAGES = {
    "trump.txt": "特朗普发表讲话\n特朗普在白宫发表讲话，谈及关税。\n",
    "chuanpu.txt": "川普谈关税\n川普在记者会上再谈关税问题。\n",
    "taiwan-traditional.txt": "臺灣電腦展開幕\n臺灣的電腦展今日開幕，吸引眾多觀眾。\n",
    "taiwan-simplified.txt": "台湾天气\n台湾明天有雨，气温下降。\n",
    "chips.txt": "晶片出口\n今年晶片出口再创新高。\n",
    "robot.txt": "机器人比赛\n机器人足球比赛在杭州举行，十支队伍参赛。\n",
}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return index_texts(tmp_path_factory.mktemp("aliases"), PAGES)


def names(results) -> list[str]:
    return sorted(hit.path.rsplit("/", 1)[-1] for hit in results.hits)


def test_an_alias_finds_the_other_name_both_ways(index_dir):
    index = open_index(index_dir)
    assert names(index.search("特朗普")) == ["chuanpu.txt", "trump.txt"]
    assert names(index.search("川普")) == ["chuanpu.txt", "trump.txt"]


def test_the_alias_found_is_highlighted(index_dir):
    hits = {hit.path.rsplit("/", 1)[-1]: hit for hit in open_index(index_dir).search("特朗普").hits}
    assert "<mark>川普</mark>" in hits["chuanpu.txt"].snippet
    assert "<mark>川普</mark>" in hits["chuanpu.txt"].title_html


def test_aliases_combine_with_other_words(index_dir):
    both = open_index(index_dir).search("川普 白宫")
    assert both.hits[0].path.endswith("trump.txt") and both.complete == 1
    assert names(open_index(index_dir).search("川普 -白宫")) == ["chuanpu.txt"]


def test_traditional_and_simplified_find_each_other(index_dir):
    index = open_index(index_dir)
    assert names(index.search("臺灣")) == ["taiwan-simplified.txt", "taiwan-traditional.txt"]
    assert names(index.search("台湾")) == ["taiwan-simplified.txt", "taiwan-traditional.txt"]
    assert names(index.search("电脑展")) == ["taiwan-traditional.txt"]


def test_traditional_text_is_shown_as_written_and_highlighted(index_dir):
    hit = open_index(index_dir).search("台湾 电脑").hits[0]
    assert hit.title_html == "<mark>臺灣電腦</mark>展開幕"
    assert "<mark>臺灣</mark>" in hit.snippet


def test_a_user_synonyms_file_adds_groups(index_dir, tmp_path):
    user = tmp_path / "synonyms.txt"
    user.write_text("# our words\n机器人 机械人, 机器人足球\n", encoding="utf-8")
    assert names(open_index(index_dir).search("机械人")) == []
    assert names(open_index(index_dir, synonyms=user).search("机械人")) == ["robot.txt"]
    # The shipped groups are still there.
    assert names(open_index(index_dir, synonyms=user).search("芯片")) == ["chips.txt"]


def test_the_cli_reads_a_synonyms_file(index_dir, tmp_path):
    user = tmp_path / "synonyms.txt"
    user.write_text("机器人 机械人\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["search", "机械人", "--index", str(index_dir), "--synonyms", str(user)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 result (")


def test_a_bad_synonyms_file_is_named(tmp_path, index_dir):
    lonely = tmp_path / "lonely.txt"
    lonely.write_text("特朗普 川普\n机器人\n", encoding="utf-8")
    with pytest.raises(SynonymsError, match=r"lonely.txt, line 2: .*机器人"):
        open_index(index_dir, synonyms=lonely)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(SynonymsError, match="binary.txt: cannot read"):
        read_groups(binary)
    result = CliRunner().invoke(main, ["search", "x", "--index", str(index_dir), "--synonyms", str(lonely)])
    assert result.exit_code == 1 and "lonely.txt, line 2" in result.output


def test_groups_are_folded_and_merged():
    synonyms = Synonyms([["特朗普", "川普"], ["川普", "Trump"]])
    assert synonyms.of("川普") == ["特朗普", "trump"]
    # Only a word in both groups joins them.
    assert synonyms.of("TRUMP") == ["川普"]
    assert Synonyms([["臺灣", "宝岛"]]).of("台湾") == ["宝岛"]
