"""The query language, on a small index made for it."""

from __future__ import annotations

import pytest

from conftest import index_texts
from search import SearchError, open_index

PAGES = {
    "a.txt": "网易首页 > 网易号 > 正文 申请入驻\n普京会见特朗普\n0\n分享至\n普京与特朗普在阿拉斯加会晤，讨论能源停火。\n2026-01-10 08:00:00\n甲账号\n甲账号\n10文章数 5关注度\n",
    "b.txt": "网易首页 > 网易号 > 正文 申请入驻\n泽连斯基访问华盛顿\n0\n分享至\n泽连斯基与特朗普讨论援助问题。\n2026-02-20 09:30:00\n乙账号\n乙账号\n20文章数 6关注度\n",
    "c.txt": "普京视察远东\n普京在远东视察港口建设，与地方官员座谈。\n",
    "d.txt": "<script>alert(1)</script> 标题\n正文写着 <script>alert(1)</script> 和能源价格。\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_index(index_texts(tmp_path_factory.mktemp("query"), PAGES))


def names(results):
    return sorted(hit.path.rsplit("/", 1)[-1] for hit in results.hits)


def test_pages_with_every_word_come_first_then_pages_with_some(index):
    results = index.search("普京 特朗普")
    assert [hit.path.rsplit("/", 1)[-1] for hit in results.hits][:1] == ["a.txt"]
    assert names(results) == ["a.txt", "b.txt", "c.txt"]
    assert (results.total, results.complete, results.partial) == (3, 1, 2)
    assert [hit.partial for hit in results.hits] == [False, True, True]


def test_question_words_are_not_required(index):
    results = index.search("普京在哪里视察了什么港口？")
    assert results.hits[0].path.endswith("c.txt") and results.complete == 1
    assert all(hit.partial for hit in results.hits[1:])


def test_explicit_syntax_is_never_relaxed(index):
    assert names(index.search('"能源停火" 普京 远东')) == ["a.txt"]
    assert names(index.search("普京 -特朗普")) == ["c.txt"]
    assert names(index.search("普京 OR 泽连斯基")) == ["a.txt", "b.txt", "c.txt"]
    assert names(index.search("普京 特朗普 title:视察")) == ["c.txt"]
    assert names(index.search("普京 援助 -远东")) == ["a.txt", "b.txt"]


def test_exact_phrase(index):
    assert names(index.search('"能源停火"')) == ["a.txt"]
    assert names(index.search('"停火能源"')) == []


def test_exclusion(index):
    assert names(index.search("普京 -特朗普")) == ["c.txt"]
    assert names(index.search("普京 NOT 特朗普")) == ["c.txt"]


def test_or(index):
    assert names(index.search("泽连斯基 OR 远东")) == ["b.txt", "c.txt"]


def test_field_filters(index):
    assert names(index.search("title:普京")) == ["a.txt", "c.txt"]
    assert names(index.search("标题:泽连斯基")) == ["b.txt"]
    assert names(index.search("特朗普 source:乙账号")) == ["b.txt"]
    assert names(index.search("特朗普 来源:甲账号")) == ["a.txt"]
    assert names(index.search("特朗普 site:网易号")) == ["a.txt", "b.txt"]


def test_date_ranges(index):
    assert names(index.search("特朗普 date:2026-01")) == ["a.txt"]
    assert names(index.search("特朗普 date:2026-01..2026-02")) == ["a.txt", "b.txt"]
    assert names(index.search("特朗普 after:2026-02-01")) == ["b.txt"]
    assert names(index.search("特朗普 before:2026-02-01")) == ["a.txt"]


def test_malformed_parts_are_ignored_and_reported(index):
    results = index.search("普京 date:someday OR")
    assert names(results) == ["a.txt", "c.txt"]
    assert results.ignored == ["date:someday", "OR"]


def test_facet_filters_combine_with_the_query(index):
    results = index.search("特朗普", filters={"month": "2026-02"})
    assert names(results) == ["b.txt"]
    with pytest.raises(SearchError, match="colour"):
        index.search("特朗普", filters={"colour": "red"})


def test_sort_by_date_puts_newest_first(index):
    results = index.search("特朗普", sort="date")
    assert [hit.date for hit in results.hits] == ["2026-02-20T09:30:00", "2026-01-10T08:00:00"]


def test_paging(index):
    first = index.search("普京 OR 特朗普", per_page=2, page=1)
    second = index.search("普京 OR 特朗普", per_page=2, page=2)
    assert first.total == second.total == 3
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert not {hit.id for hit in first.hits} & {hit.id for hit in second.hits}
    past = index.search("普京 OR 特朗普", per_page=2, page=3)
    assert past.beyond_last_page and past.hits == [] and past.total == 3 and past.facets == first.facets


def test_bad_parameters_name_themselves(index):
    with pytest.raises(SearchError, match="page"):
        index.search("普京", page=0)
    with pytest.raises(SearchError, match="sort"):
        index.search("普京", sort="colour")


def test_markup_in_documents_is_shown_as_text(index):
    hit = index.search("能源价格").hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<script>" not in hit.title_html


def test_a_question_ranks_first_the_page_that_answers_it_in_one_sentence(tmp_path):
    # Both pages hold every word, and the same runs of characters; the first
    # holds 台风 once more, but only the second says it all in one sentence.
    index = open_index(index_texts(tmp_path, {
        "apart.txt": "天气消息\n台风来了。浙江多雨。发布预警。台风过境。\n",
        "together.txt": "天气消息\n台风来了，浙江多雨，发布预警。今日过境。\n",
    }))
    question = "台风在浙江发布了什么预警？"
    assert [hit.path.rsplit("/", 1)[-1] for hit in index.search(question).hits] == ["together.txt", "apart.txt"]
    assert [hit.path.rsplit("/", 1)[-1] for hit in index.search(question, per_page=1).hits] == ["together.txt"]
    assert [hit.path.rsplit("/", 1)[-1] for hit in index.search(question, per_page=1, page=2).hits] == ["apart.txt"]
