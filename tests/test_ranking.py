"""Long pasted queries: read as a description of what to find, ranked by its
bigrams, with people's and places' names left out; and ``rank`` for scoring
chosen documents as search would."""

from __future__ import annotations

import pytest
from whoosh import query as q
from whoosh import scoring
from whoosh.index import open_dir

from conftest import index_texts
from indexer.build import index_paths
from search import open_index
from search.query.parser import parse
from search.embedded.nodes import executable
from search.query.description import describe

# A pasted case description: a drunk driver, named, in named places.
DESCRIPTION = (
    "2018年1月15日14时10分许，被告人莫新国酒后驾驶小型轿车沿长沙市天心区大道由南往北行驶时，"
    "被在该处执勤的交通警察检查，经现场酒精吹气检测，其血液中乙醇含量为195毫克/100毫升，"
    "属醉酒驾驶机动车。被告人到案后如实供述了自己的罪行。"
)
PAGES = {
    # The same kind of case, other people, other places.
    "drunk.txt": "醉驾案\n被告人王某某酒后驾驶小型轿车行驶时被交通警察检查，经酒精检测，其血液中乙醇含量为"
    "120毫克/100毫升，属醉酒驾驶机动车。被告人到案后如实供述了自己的罪行。\n",
    # Another kind of case, with the description's person and places.
    "theft.txt": "盗窃案\n被告人莫新国在长沙市天心区大道一商店内盗窃手机一部，价值三千元，后被民警抓获。\n",
    "weather.txt": "天气\n长沙市今日晴，气温回升，市民外出踏青。\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_index(index_texts(tmp_path_factory.mktemp("ranking"), PAGES))


def test_a_long_text_is_a_description_not_a_list_of_required_words():
    parsed = parse(DESCRIPTION)
    assert parsed.description
    assert parsed.ignored == []
    assert not parse("醉酒 驾驶 长沙").description


def test_names_of_people_and_places_are_left_out_of_a_description():
    description = describe(DESCRIPTION)
    searched = {term.text for term in description.query.leaves()}
    assert {"醉酒", "驾驶", "乙醇"} <= searched
    assert not {"莫新", "新国", "长沙"} & searched
    assert "莫新国" not in description.words and "驾驶" in description.words


def test_a_description_finds_cases_of_the_same_kind_first(index):
    results = index.search(DESCRIPTION)
    paths = [hit.path.rsplit("/", 1)[-1] for hit in results.hits]
    assert paths[0] == "drunk.txt"
    assert "<mark>" in results.hits[0].snippet


def test_quotes_and_colons_in_pasted_text_are_text(index):
    pasted = "记者：" + DESCRIPTION.replace("醉酒驾驶机动车", "“醉酒驾驶机动车”") + ' title: "'
    results = index.search(pasted)
    assert results.ignored == []
    assert results.hits[0].path.endswith("drunk.txt")


def test_rank_scores_the_given_documents_as_search_orders_them(index):
    found = index.search(DESCRIPTION)
    ids = [hit.id for hit in found.hits]
    scores = index.rank(DESCRIPTION, [*ids, "no-such-document"])
    assert set(scores) == set(ids)
    assert sorted(ids, key=lambda doc_id: -scores[doc_id]) == ids
    assert [round(scores[hit.id], 4) for hit in found.hits] == [hit.score for hit in found.hits]


def test_rank_gives_zero_to_documents_the_query_does_not_match(index):
    weather = next(hit.id for hit in index.search("踏青").hits)
    drunk = next(hit.id for hit in index.search("乙醇").hits)
    assert index.rank("盗窃 手机", [weather, drunk]) == {weather: 0.0, drunk: 0.0}
    assert index.rank("乙醇", [drunk])[drunk] > 0


def assert_scores_match_whoosh(index_dir) -> None:
    description = describe(DESCRIPTION)
    plain_or = q.Or([q.Term("grams", gram) for gram in description.query.grams])
    with open_dir(str(index_dir)).searcher(weighting=scoring.BM25F()) as searcher:
        ours = {hit.docnum: hit.score for hit in searcher.search(executable(description.query), limit=None)}
        theirs = {hit.docnum: hit.score for hit in searcher.search(plain_or, limit=None)}
    assert ours.keys() == theirs.keys() and len(ours) >= 2
    assert all(abs(ours[docnum] - theirs[docnum]) < 1e-4 * theirs[docnum] for docnum in ours)


def test_description_scores_are_whoosh_bm25f_of_the_or_of_its_bigrams(index):
    assert_scores_match_whoosh(index.index_dir)


def test_description_scores_skip_deleted_documents_across_segments(tmp_path):
    index_dir = index_texts(tmp_path, PAGES)
    pages = tmp_path / "pages"
    (pages / "drunk.txt").write_text(PAGES["drunk.txt"].replace("120毫克", "150毫克"), encoding="utf-8")
    (pages / "more.txt").write_text("又一醉驾\n被告人酒后驾驶轿车，血液中乙醇含量超标。\n", encoding="utf-8")
    index_paths([pages], index_dir)
    assert_scores_match_whoosh(index_dir)
    hits = open_index(index_dir).search(DESCRIPTION).hits
    assert [hit.path.rsplit("/", 1)[-1] for hit in hits].count("drunk.txt") == 1
