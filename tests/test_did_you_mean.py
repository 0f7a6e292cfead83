"""Did you mean (您是不是要找), for Chinese as it is typed with a pinyin input method:
on the seed index, on real articles from ../shared/news, on the page, in the API and the CLI."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from click.testing import CliRunner

from indexer.build import index_paths
from news import write_articles_naming
from search import open_index
from search.query.parser import analyze
from search.spelling import Vocabulary, loose_sound, resembles, sound
from web import create_app
from web.cli import main
from web.params import SearchRequest
from web.suggest import did_you_mean

# Typed → meant: the wrong character with the right sound (特郎普, 卢卡申可, 阿不扎比),
# a sound the typist does not tell apart (普金: jin for jing), and a name jieba
# cuts in two (泽连斯基 → 泽 | 连斯基), so that the index has no word for it.
TYPOS = {"特郎普": "特朗普", "普金": "普京", "泽连斯机": "泽连斯基", "卢卡申可": "卢卡申科", "阿不扎比": "阿布扎比"}


def test_sounds_are_toneless_pinyin_with_confusable_pairs_folded():
    assert sound("特朗普") == sound("特郎普") == "te lang pu"
    assert sound("普京") == "pu jing" and loose_sound("普京") == loose_sound("普金") == "pu jin"
    assert loose_sound("张") == loose_sound("脏") and loose_sound("男") == loose_sound("蓝")


def test_resemblance_by_sound_or_by_one_character():
    assert resembles("特郎普", "特朗普") and resembles("普金", "普京") and resembles("泽连斯机", "泽连斯基")
    assert resembles("乌鲁木其", "乌鲁木齐")  # one character of a longer word, whatever its sound
    assert not resembles("普金", "普及")  # two characters, another sound
    assert not resembles("特朗普", "特朗普")
    assert not resembles("泽连斯机", "连斯基")  # that is the name cut short, not a spelling


def test_the_vocabulary_keeps_no_single_characters_and_compares_words_of_similar_length():
    vocabulary = Vocabulary(["普", "京", "普京", "特朗普", "普京大帝", "普京的演讲稿", "news"])
    assert "普" not in vocabulary and "news" not in vocabulary and len(vocabulary) == 4
    assert vocabulary.near("普金") == ["普京"]
    assert sorted(vocabulary.near("普京大地")) == ["普京大帝"]


def test_the_seed_index_respells_each_typo(seed_index):
    index = open_index(seed_index)
    for typed, meant in TYPOS.items():
        assert index.spellings(typed)[:1] == [meant], typed
    assert len(analyze("泽连斯基")) == 2  # offered though jieba cuts it in two


def test_no_spelling_for_what_the_index_holds_or_cannot_tell(seed_index):
    index = open_index(seed_index)
    for held in ("特朗普", "普京", "泽连斯基", "卢卡申科"):
        assert index.spellings(held) == [], held
    assert index.spellings("张又侠") == []  # a name only in sidebar headlines, spelt right
    assert index.spellings("特") == []


@pytest.fixture(scope="module")
def real_news_index(tmp_path_factory):
    """Real articles from ../shared/news that name the people and places of TYPOS."""
    root = tmp_path_factory.mktemp("real-news")
    write_articles_naming(root / "pages", sorted(TYPOS.values()), each=8)
    index_paths([root / "pages"], root / "index")
    return root / "index"


def test_real_news_offers_the_names_as_the_index_holds_them(real_news_index):
    index = open_index(real_news_index)
    for typed, meant in TYPOS.items():
        offered = index.spellings(typed)
        assert offered[:1] == [meant], (typed, offered)
        for spelling in offered:
            # Never a single character, never a word the index does not hold.
            assert len(spelling) >= 2
            assert index.search(spelling, per_page=1).complete > 0, spelling


def test_did_you_mean_respells_every_word_it_can_and_counts_the_results(real_news_index):
    index = open_index(real_news_index)
    offered = did_you_mean(index, SearchRequest(query="普金 泽连斯机"))
    assert offered.request.query == "普京 泽连斯基"
    assert offered.total == index.search("普京 泽连斯基", per_page=1).total > 0
    assert did_you_mean(index, SearchRequest(query="特郎普访华")).request.query.startswith("特朗普")
    assert did_you_mean(index, SearchRequest(query="普京 泽连斯基")) is None


def test_the_page_offers_it_when_nothing_or_only_some_words_are_found(seed_index):
    client = create_app({"index_dir": str(seed_index)}).test_client()
    for typed, meant in TYPOS.items():
        html = client.get("/", query_string={"q": typed}).get_data(as_text=True)
        offer = re.search(r'<p class="did-you-mean">您是不是要找：<a href="([^"]+)">([^<]+)</a>', html)
        assert offer and offer.group(2) == meant, typed
        followed = client.get(unescape(offer.group(1))).get_data(as_text=True)
        assert 'class="hit"' in followed and "did-you-mean" not in followed
    # 卢卡申可 finds one page with some of its words: the offer comes with it.
    html = client.get("/", query_string={"q": "卢卡申可"}).get_data(as_text=True)
    assert 'class="hit partial"' in html and "您是不是要找" in html


def test_the_api_gives_it(seed_index):
    client = create_app({"index_dir": str(seed_index)}).test_client()
    data = client.get("/api/search", query_string={"q": "特郎普"}).get_json()
    assert data["did_you_mean"]["query"] == "特朗普" and data["did_you_mean"]["total"] == 5
    assert client.get("/api/search", query_string={"q": "特朗普"}).get_json()["did_you_mean"] is None


def test_the_command_line_gives_it(seed_index):
    runner = CliRunner()
    shown = runner.invoke(main, ["search", "泽连斯机", "--index", str(seed_index)])
    assert shown.exit_code == 0 and "did you mean: 泽连斯基 (2 results)" in shown.output
    printed = runner.invoke(main, ["search", "泽连斯机", "--index", str(seed_index), "--json"])
    assert json.loads(printed.output)["did_you_mean"]["query"] == "泽连斯基"
