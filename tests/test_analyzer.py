"""The analyzer both the indexer and the query parser use."""

from __future__ import annotations

from search.query.parser import analyze
from search.analysis.schema import ANALYZER


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
