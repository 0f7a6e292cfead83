"""rjieba runs jieba's segmentation: the analyzer gives the same tokens, positions
and offsets with either engine, on real articles, on the seeds and with a user dictionary."""

from __future__ import annotations

import gzip
import itertools
import json
import subprocess
import sys
from contextlib import contextmanager

import pytest

from conftest import REPO, SEEDS
from news import ARTICLES
from search.analysis import segment
from search.analysis.schema import ANALYZER

pytestmark = pytest.mark.skipif(not segment.RJIEBA_INSTALLED, reason="rjieba is not installed")


@contextmanager
def engine(name: str):
    before = segment.engine
    segment.use(name)
    try:
        yield
    finally:
        segment.use(before)


def analyzed(text: str, mode: str) -> list[tuple[str, int, int, int]]:
    return [
        (token.text, token.pos, token.startchar, token.endchar)
        for token in ANALYZER(text, positions=True, chars=True, mode=mode)
    ]


def texts() -> list[str]:
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as lines:
        articles = [json.loads(line)["body"] for line in itertools.islice(lines, 2000)]
    return articles + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def test_both_engines_give_the_analyzer_the_same_words():
    corpus = texts()
    with engine("jieba"):
        reference = [analyzed(text, "index") for text in corpus]
    with engine("rjieba"):
        fast = [analyzed(text, "index") for text in corpus]
    differing = [text[:60] for text, ours, theirs in zip(corpus, fast, reference) if ours != theirs]
    assert not differing, differing[:3]


def test_ascii_runs_are_cut_as_jieba_cuts_them():
    text = "F-35和歼-20，增长5.5%，网址www.thepaper.cn……2023-07-27，C++与C#"
    with engine("jieba"):
        reference = segment.cut(text), analyzed(text, "query")
    with engine("rjieba"):
        assert (segment.cut(text), analyzed(text, "query")) == reference


def test_rjieba_knows_the_words_jieba_gives_a_frequency():
    # Index-time sub-words are looked up in rjieba's dictionary: it must hold
    # exactly jieba's words (its frequencies also list prefixes, at 0).
    is_word = segment.is_dictionary_word()
    frequencies = segment.dictionary()
    assert [word for word, frequency in frequencies.items() if is_word(word) != bool(frequency)] == []
    assert not is_word("琨瑜珀") and is_word("乒乓球")


USERDICT_CHECK = """
import sys
from search.analysis import segment
from search.analysis.schema import load_userdict
load_userdict(sys.argv[1])
text = "琨瑜珀计划由张三丰收牵头，令人捧腹的张三丰收了庄稼，珀瑜计划也在推进。"
cuts = {}
for name in segment.ENGINES:
    segment.use(name)
    cuts[name] = segment.cut(text)
print(cuts["jieba"] == cuts["rjieba"], cuts["jieba"])
"""


def test_a_user_dictionary_teaches_both_engines(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("琨瑜珀计划 10 n\n张三丰收\n珀瑜计划 5\n", encoding="utf-8")
    # A process of its own: a user dictionary changes jieba for the whole process.
    done = subprocess.run(
        [sys.executable, "-c", USERDICT_CHECK, str(words)], capture_output=True, text=True, cwd=REPO, check=True
    )
    same, cut = done.stdout.split(" ", 1)
    assert same == "True", done.stdout
    assert "琨瑜珀计划" in cut and "张三丰收" in cut
