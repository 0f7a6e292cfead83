"""The recall guarantee: any run of two or more Chinese characters that occurs
literally in a title or body finds that document, however jieba cut it; whole
words still rank above such partial matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.build import index_paths
from news import write_articles
from search import open_index

CRAFTED = {
    "ceasefire.txt": "双方同意停火\n双方同意停火，局势缓和。各方表示欢迎。\n",
    "station.txt": "大雪影响交通\n因大雪暂停火车站的部分服务，旅客请留意公告。\n",
    "pingpong.txt": "社区活动\n他家里有一张乒乓球桌，周末邻居常来打球。\n",
    "energy.txt": "会谈纪要\n两国讨论能源停火与战俘交换。\n",
}
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
ARTICLES = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("recall")
    pages = root / "pages"
    write_articles(pages, ARTICLES, start=500)
    for name, text in CRAFTED.items():
        (pages / name).write_text(text, encoding="utf-8")
    index_paths([pages], root / "index")
    index = open_index(root / "index")
    runs = []  # (file name, run of Chinese characters in its title or body)
    for path in sorted(pages.iterdir()):
        runs.extend((path.name, run) for run in HAN_RUN.findall(path.read_text(encoding="utf-8")))
    return index, runs


def found_names(index, query: str) -> list[str]:
    # Fewer documents than a page holds, so one page is every result.
    results = index.search(query, per_page=100)
    assert results.total == len(results.hits)
    return [hit.path.rsplit("/", 1)[-1] for hit in results.hits]


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_substring_of_an_indexed_document_finds_it(corpus, data):
    index, runs = corpus
    name, run = data.draw(st.sampled_from(runs))
    start = data.draw(st.integers(0, len(run) - 2))
    length = data.draw(st.integers(2, min(len(run) - start, 10)))
    query = run[start : start + length]
    assert name in found_names(index, query), f"{query!r} does not find {name}"


def test_a_word_inside_a_longer_word(corpus):
    index, _ = corpus
    assert "pingpong.txt" in found_names(index, "乒乓")


def test_a_run_across_two_of_jiebas_words(corpus):
    index, _ = corpus
    # The text is cut 能源 | 停火 and 暂停 | 火车站.
    assert found_names(index, "源停") == ["energy.txt"]
    assert found_names(index, "停火车") == ["station.txt"]


def test_part_of_a_name(corpus):
    index, _ = corpus
    assert "pingpong.txt" in found_names(index, "球桌")


def test_whole_word_matches_rank_above_partial_ones(corpus):
    index, _ = corpus
    names = found_names(index, "停火")
    # 停火 is a word in both of these; in station.txt it only spans 暂停 | 火车站.
    assert set(names[:2]) == {"ceasefire.txt", "energy.txt"}
    assert "station.txt" in names[2:]


def test_literal_matches_are_highlighted(corpus):
    index, _ = corpus
    hit = index.search("源停").hits[0]
    assert "能<mark>源停</mark>火" in hit.snippet


def test_an_exact_phrase_is_found_where_jieba_cut_it_otherwise(corpus):
    index, _ = corpus
    assert found_names(index, '"暂停火车"') == ["station.txt"]
    assert found_names(index, '"火车暂停"') == []


def test_literal_matches_follow_updates_and_deletions(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "first.txt").write_text("会谈\n两国讨论能源停火。\n", encoding="utf-8")
    (pages / "second.txt").write_text("会谈\n双方再谈能源停火细节。\n", encoding="utf-8")
    index_paths([pages], tmp_path / "index")
    # A later run writes a new segment and marks the deleted file's document deleted.
    (pages / "third.txt").write_text("会谈\n三方会谈涉及能源停火。\n", encoding="utf-8")
    (pages / "first.txt").unlink()
    index_paths([pages], tmp_path / "index")
    index = open_index(tmp_path / "index")
    assert sorted(found_names(index, "源停")) == ["second.txt", "third.txt"]
