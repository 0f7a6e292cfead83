"""The analyzer both the indexer and the query parser use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from whoosh.fields import TEXT

from search.analysis.schema import ANALYZER, SCHEMA, pre_analyze
from search.query.parser import analyze

from conftest import REPO, SEEDS


def indexed(text: str) -> list[str]:
    return [token.text for token in ANALYZER(text, mode="index")]


def spans(text: str) -> dict[str, str]:
    return {t.text: text[t.startchar : t.endchar] for t in ANALYZER(text, mode="index", chars=True)}


def test_sub_words_are_indexed_so_shorter_words_find_longer_ones():
    assert "乒乓" in indexed("乒乓球比赛")
    assert analyze("乒乓球比赛") == ["乒乓球", "比赛"]


def test_numbers_and_model_names_stay_whole():
    assert analyze("苏57和S400") == ["苏57", "和", "s400"]
    assert analyze("贸易额达2448亿美元") == ["贸易额", "达", "2448亿", "亿美元"]
    assert analyze("歼-20与RD-180") == ["歼20", "与", "rd180"]
    assert analyze("在2025年") == ["在", "2025年"]


def test_parts_of_joined_words_are_findable_with_exact_offsets():
    text = "歼-20与RD-180"
    found = spans(text)
    assert found["歼20"] == "歼-20" and found["20"] == "20"
    assert found["rd180"] == "RD-180" and found["180"] == "180"


def test_full_width_and_case_fold():
    assert analyze("ＡＢＣ１２３") == analyze("abc123") == ["abc123"]
    assert spans("用ＧＰＴ写")["gpt"] == "ＧＰＴ"


def test_punctuation_is_dropped():
    assert analyze("“停火”！？——，。") == ["停火"]


# Texts that exercise every path of the analyzer: joined numbers and model
# names with their parts, units, sub-words, width, script and case folding,
# punctuation, runs of Chinese characters broken by other characters.
MIXED = [
    "歼-20与RD-180，苏57和S400；贸易额达2448亿美元，在2025年3月",
    "ＡＢＣ abc ABC 臺灣 台湾 乒乓球比赛 能源停火 卢卡申科",
    "第一段。\n第二段：“引号”里的话！F-35、F+35？\u3000全角空格",
    "",
]


@pytest.mark.parametrize("fieldname", ["title", "body", "grams"])
def test_indexing_workers_give_the_postings_whoosh_itself_would(fieldname):
    # pre_analyze computes postings without Whoosh's Token objects; they must be Whoosh's own.
    texts = MIXED + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    for text in texts:
        expected = sorted(TEXT.index(SCHEMA[fieldname], text))
        assert sorted(pre_analyze(fieldname, text).postings) == expected, text[:40]


USERDICT_CHECK = """
import json, sys
from whoosh.fields import TEXT
from search.analysis.schema import SCHEMA, load_userdict, pre_analyze
text = "他爱打乒乓球。"
def terms():
    return sorted(term.decode() for term, *_ in pre_analyze("body", text).postings)
before = terms()
load_userdict(sys.argv[1])
after = terms()
print(json.dumps([before, after, sorted(pre_analyze("body", text).postings) == sorted(TEXT.index(SCHEMA["body"], text))]))
"""


def test_a_user_dictionary_gives_known_words_their_new_sub_words(tmp_path):
    # The workers keep each word's terms; a word taught later is a sub-word from then on.
    words = tmp_path / "words.txt"
    words.write_text("乓球 5\n", encoding="utf-8")
    # A process of its own: a user dictionary changes jieba for the whole process.
    done = subprocess.run(
        [sys.executable, "-c", USERDICT_CHECK, str(words)], capture_output=True, text=True, cwd=REPO, check=True
    )
    before, after, same_as_whoosh = json.loads(done.stdout)
    assert "乒乓球" in before and "乓球" not in before
    assert "乒乓球" in after and "乓球" in after
    assert same_as_whoosh
