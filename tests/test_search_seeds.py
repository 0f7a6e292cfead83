"""Searching the seed index from the command line, as a user would."""

from __future__ import annotations

import json

from click.testing import CliRunner

from web.cli import main


def search_json(index_dir, query: str) -> dict:
    result = CliRunner().invoke(main, ["search", query, "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def seed_numbers(results: dict) -> list[str]:
    return [hit["path"].rsplit("/", 1)[-1][:3] for hit in results["hits"]]


def test_json_output_has_the_documented_shape(seed_index):
    results = search_json(seed_index, "普京")
    assert {"query", "total", "partial", "took_ms", "hits", "facets"} <= set(results)
    assert results["query"] == "普京"
    hit = results["hits"][0]
    assert {"id", "path", "title", "date", "source", "site", "score", "snippet", "partial"} <= set(hit)
    assert set(results["facets"]) == {"source", "site", "year", "month"}
    for values in results["facets"].values():
        for value in values:
            assert set(value) == {"value", "count", "partial"}


def test_name_only_in_sidebar_headlines_finds_nothing(seed_index):
    results = search_json(seed_index, "张又侠")
    assert results["total"] == 0 and results["hits"] == []


def test_lukashenko_ranks_003_first(seed_index):
    assert seed_numbers(search_json(seed_index, "卢卡申科"))[0] == "003"


def test_energy_ceasefire_ranks_000_first_and_is_marked_whole(seed_index):
    results = search_json(seed_index, "能源停火")
    assert seed_numbers(results)[0] == "000"
    assert "<mark>能源停火</mark>" in results["hits"][0]["snippet"]


def test_putin_is_found_only_where_the_article_names_him(seed_index):
    results = search_json(seed_index, "普京")
    assert sorted(seed_numbers(results)) == ["000", "003", "004"]
    assert results["total"] == 3


def test_facet_counts_follow_the_query(seed_index):
    facets = search_json(seed_index, "普京")["facets"]
    assert facets["site"] == [{"value": "网易号", "count": 2, "partial": 0}]
    assert facets["source"] == [{"value": "寄星夜幕星河", "count": 1, "partial": 0}]
    assert facets["month"] == [{"value": "2026-02", "count": 1, "partial": 0}]


def test_plain_output_lists_title_date_source_and_snippet(seed_index):
    result = CliRunner().invoke(main, ["search", "卢卡申科", "--index", str(seed_index), "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 result (")
    assert "卢卡申科" in result.output and "003_" in result.output
    assert "\n   undated\n" in result.output  # the meta line, even without date, source or site
    assert "<mark>" not in result.output


def test_terminal_output_bolds_matches(seed_index):
    result = CliRunner().invoke(
        main, ["search", "卢卡申科", "--index", str(seed_index)], color=True
    )
    assert "\x1b[1m卢卡申科\x1b[0m" in result.output


def test_missing_index_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["search", "普京", "--index", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "no zhsearch index in" in result.output and "none" in result.output


def test_index_location_comes_from_the_environment(seed_index):
    result = CliRunner().invoke(main, ["search", "卢卡申科"], env={"ZHSEARCH_INDEX": str(seed_index)})
    assert result.exit_code == 0, result.output
    assert "003_" in result.output
