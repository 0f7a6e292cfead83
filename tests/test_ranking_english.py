"""A page without a single Chinese character (an English story) is ranked like any other."""

from __future__ import annotations

from conftest import index_texts
from search import open_index


def test_questions_rank_over_an_index_holding_an_english_page(tmp_path):
    index_dir = index_texts(
        tmp_path,
        {
            "english.txt": "Chengdu Universiade\nThe Chengdu Universiade is witnessing a fusion of sports and ancient relics.\n",
            "a.txt": "长江防汛\n长江防汛工作进入关键期，各地加强巡查，确保安全度汛。\n",
            "b.txt": "黄河治理\n黄河治理工作稳步推进，沿线各地协同配合。\n",
        },
    )
    index = open_index(index_dir)
    # A question whose words are not all in any page ranks the partial matches by their character pairs.
    results = index.search("长江防汛工作的巡查情况如何，黄河怎么样？")
    assert results.total >= 1 and results.hits[0].title == "长江防汛"
    assert index.search("Universiade Chengdu").hits[0].title == "Chengdu Universiade"
