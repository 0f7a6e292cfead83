"""Snippets and marks: right characters, escaped text, sensible windows."""

from __future__ import annotations

import random
import re
import unicodedata
import shutil
import tempfile
from pathlib import Path

from conftest import index_texts
from news import write_articles
from search import open_index
from search.analysis.schema import ANALYZER, HAN_RUN, fold
from search.highlight import mark, match_spans, merge_spans, query_spans, run_spans, snippet
from search.query.parser import parse


def test_adjacent_and_overlapping_spans_merge():
    assert merge_spans([(4, 6), (0, 2), (2, 4), (5, 8)]) == [(0, 8)]
    assert merge_spans([(0, 2), (3, 4)]) == [(0, 2), (3, 4)]


def test_marks_land_on_the_right_characters_with_emoji_and_full_width():
    text = "😀ＡＢＣ普京🇺🇦与特朗普"
    start = text.index("普京")
    assert mark(text, [(start, start + 2)]) == "😀ＡＢＣ<mark>普京</mark>🇺🇦与特朗普"
    start = text.index("特朗普")
    assert mark(text, [(start, start + 3)]).endswith("与<mark>特朗普</mark>")


def test_everything_outside_marks_is_escaped():
    text = "<b>普京</b> & <script>alert(1)</script>"
    start = text.index("普京")
    out = mark(text, [(start, start + 2)])
    assert out == "&lt;b&gt;<mark>普京</mark>&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"


def test_snippet_windows_are_cut_at_sentence_boundaries_and_joined_with_ellipses():
    filler = "这是一段与查询无关的普通文字，用来拉开距离。" * 6
    text = filler + "第一处提到能源停火的句子。" + filler + "第二处也说能源停火。" + filler
    spans = [(m, m + 4) for m in (text.index("能源停火"), text.rindex("能源停火"))]
    out = snippet(text, spans)
    assert out.count("<mark>能源停火</mark>") == 2
    assert out.startswith("…") and out.endswith("…")
    pieces = [piece for piece in out.split("…") if piece]
    assert all(piece.endswith(("。", "，")) for piece in pieces)
    assert len(out) < 400


def test_paragraphs_meet_without_a_stray_space_and_a_headline_keeps_one():
    text = "美国大选结果让许多人大跌眼镜。\n特朗普随后发表讲话。"
    start = text.index("特朗普")
    assert snippet(text, [(start, start + 3)]) == "美国大选结果让许多人大跌眼镜。<mark>特朗普</mark>随后发表讲话。"
    headed = "特朗普访华\n特朗普随后发表讲话。"
    assert snippet(headed, []) == "特朗普访华 特朗普随后发表讲话。"


def test_snippet_without_matches_is_the_opening_of_the_text():
    text = "第一句。第二句很长" + "很" * 200
    assert snippet(text, []).startswith("第一句。")
    assert snippet(text, []).endswith("…")


def test_literal_runs_are_found_in_text_folded_by_script_and_width_without_shifting():
    text = "😀ＡＢ臺灣與台湾"
    assert sorted(run_spans(fold(text), ["台湾"])) == [(3, 5), (6, 8)]


def test_search_marks_land_on_the_right_characters_in_indexed_text(tmp_path):
    body = "😀🇺🇦 ＡＢＣ公司称：臺灣與普京會談，<b>普京</b>表示满意。"
    index = open_index(index_texts(tmp_path, {"a.txt": f"标题😀普京\n{body}\n"}))
    hit = index.search("普京").hits[0]
    assert hit.title_html == "标题😀<mark>普京</mark>"
    assert "與<mark>普京</mark>會談，&lt;b&gt;<mark>普京</mark>&lt;/b&gt;表示满意。" in hit.snippet
    assert "😀🇺🇦 <mark>ＡＢＣ</mark>公司" in index.search("abc").hits[0].snippet
    assert "称：<mark>臺灣</mark>與" in index.search("台湾").hits[0].snippet


def test_a_quoted_phrase_is_marked_only_where_it_occurs(tmp_path):
    body = "能源价格上涨。双方同意停火。会谈达成能源停火协议。"
    index = open_index(index_texts(tmp_path, {"a.txt": f"能源与停火\n{body}\n"}))
    hit = index.search('"能源停火"').hits[0]
    assert hit.snippet.count("<mark>") == 1 and "<mark>能源停火</mark>" in hit.snippet
    assert "<mark>" not in hit.title_html
    assert index.search('"能源 停火"').hits[0].snippet.count("<mark>") == 1
    assert index.search("能源 停火").hits[0].snippet.count("<mark>") == 3


def test_snippets_are_whole_sentences_within_about_160_characters():
    filler = "这是一段与查询无关的普通文字，用来拉开距离。" * 10
    text = filler + "能源停火的消息传来，市场为之一振。" + filler + "各方都在谈论停火。" + filler
    spans = [(m.start(), m.end()) for m in re.finditer("能源|停火", text)]
    out = snippet(text, spans)
    plain = re.sub("</?mark>", "", out)
    assert "能源停火的消息传来，市场为之一振。" in plain and "各方都在谈论停火。" in plain
    assert len(plain) <= 160 and plain.startswith("…") and plain.endswith("…")
    pieces = [piece for piece in plain.split("…") if piece]
    assert len(pieces) == 2  # apart in the text, so apart in the snippet
    assert all(piece.endswith("。") and text[text.index(piece) - 1] == "。" for piece in pieces)


def test_a_long_sentence_is_cut_at_clauses_with_a_visible_break():
    clauses = "，".join(f"第{n}个分句说的是别的事情" for n in range(30))
    text = clauses + "，这里提到能源停火，" + clauses + "。"
    start = text.index("能源停火")
    out = snippet(text, [(start, start + 4)])
    plain = re.sub("</?mark>", "", out)
    assert "<mark>能源停火</mark>" in out and plain.startswith("…") and plain.endswith("…")
    assert len(plain) <= 170


def _marked_as_indexed(text: str, query: str) -> list[tuple[int, int]]:
    """The spans ``query`` marks in ``text`` by the whole text's index-time tokens:
    the positions and character offsets the index would have recorded."""
    parsed = parse(query)
    occurrences: dict[str, dict[int, tuple[int, int]]] = {}
    for token in ANALYZER(text, positions=True, chars=True, mode="index"):
        occurrences.setdefault(token.text, {})[token.pos] = (token.startchar, token.endchar)
    return merge_spans(query_spans(occurrences, parsed, fold(text)))


def test_marks_found_by_analysing_sentences_are_those_of_the_whole_texts_tokens():
    """Highlighting analyses only the sentences holding a query word: on real articles
    it marks the very characters the whole text's index-time tokens give, for words,
    for phrases inside a sentence and for phrases across a sentence's end."""
    rng = random.Random(7)
    checked = across = 0
    for path in write_articles(tmp_folder := Path(tempfile.mkdtemp()), 150):
        text = path.read_text(encoding="utf-8")
        tokens = [token.text for token in ANALYZER(text, positions=True, mode="index")]
        words = list(dict.fromkeys(token for token in tokens if len(token) > 1))
        queries = [rng.choice(words), f"{rng.choice(words)} {rng.choice(words)}"]
        # Words on either side of a sentence's end, quoted: a phrase the index finds across it.
        for match in re.finditer(r"([\u4e00-\u9fff]{2})[。！？]([\u4e00-\u9fff]{2})", text):
            queries.append(f'"{match.group(1)} {match.group(2)}"')
        quoted = [token for token in ANALYZER(text[:60], mode="query")][:2]
        if len(quoted) == 2:
            queries.append(f'"{quoted[0].text} {quoted[1].text}"')
        for query in queries:
            expected = _marked_as_indexed(text, query)
            assert merge_spans(match_spans(text, parse(query))) == expected, (path.name, query)
            checked += 1
            across += query.startswith('"') and any(mark_text(text, span) for span in expected)
    shutil.rmtree(tmp_folder)
    assert checked > 400 and across > 20


def mark_text(text: str, span: tuple[int, int]) -> bool:
    """Whether a marked span crosses a sentence's end."""
    return any(mark in text[span[0] : span[1]] for mark in "。！？")


def test_a_phrase_across_a_full_stop_and_a_folded_number_are_marked_as_the_index_finds_them():
    text = "他访问了美国。中国代表团随后抵达。价格上涨①成。"
    assert mark(text, match_spans(text, parse('"美国 中国"'))) == "他访问了<mark>美国。中国</mark>代表团随后抵达。价格上涨①成。"
    assert mark(text, match_spans(text, parse("1"))) == "他访问了美国。中国代表团随后抵达。价格上涨<mark>①</mark>成。"


def test_no_character_folds_into_a_chinese_word_that_its_text_does_not_hold():
    """A query word that is also a literal run is marked where the run stands,
    without analysing the text (search.highlight.match_spans). That is right
    only if no token the index makes from other characters folds into
    Chinese characters: check every character that NFKC turns into some,
    between two Chinese characters, as the index cuts and folds it."""
    han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
    folding = [chr(code) for code in range(0x110000)
               if 0xD800 > code or code > 0xDFFF
               if han.search(normalized := unicodedata.normalize("NFKC", chr(code))) and normalized != chr(code)]
    assert len(folding) > 1000  # compatibility ideographs, radicals, enclosed and squared ideographs
    for character in folding:
        text = f"中{character}国"
        folded = fold(text)
        for token in ANALYZER(text, positions=True, chars=True, mode="index"):
            if token.startchar <= 1 < token.endchar and HAN_RUN.fullmatch(token.text):
                assert folded[token.startchar : token.endchar] == token.text, (hex(ord(character)), token.text)
