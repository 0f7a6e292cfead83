"""Graded matching: when few documents hold every word of a query, those
holding many of its informative words follow them.

A question such as 启明行动发布了什么文件？ rarely has all its words in the
article that answers it: 什么 is not there, nor perhaps 发布. Documents with
all the words still come first; when they are fewer than ``FEW``, documents
holding at least a third of the query's informative words follow (or, when
none holds them all, the best there are), ranked by the BM25F of the text's
character bigrams and by how many of the words they hold. A query typed as a
sentence (it has weak words) ranks the documents holding all its words by
bigrams too.

Question words and particles (``WEAK_WORDS``) say what is asked, not what the
answer is about: they are never required and count for nothing. Neither do
single characters, which jieba leaves where it found no word (张又侠 is cut
张 | 又 | 侠): a document holding 张 is no partial match of the name. Explicit
syntax is never relaxed: a quoted phrase, an OR, a field, an exclusion.

This module says what a graded query is; each engine finds and ranks its
partial matches (``search.embedded.graded``, ``search.cluster.graded``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from whoosh import query as q

from search.analysis.schema import fold
from search.highlight import sentences
from search.ordering import best_first

# Fewer documents with all the words than this, and partial matches follow.
FEW = 10
# A partial match holds at least this share of the informative words.
MIN_SHARE = 1 / 3
# The best documents of a tier, reordered by their best sentence: enough for
# the first pages; beyond them the order is the bigrams' alone.
RERANKED = 30

WEAK_WORDS = frozenset(
    """
    什么 什么样 哪 哪一天 哪一年 哪方面 谁 几 多少 多久 多大 多长 多高 多远 多长时间
    为何 为什么 何 何时 何地 何种 因何 有何 如何 怎么 怎样 怎么样 是否 是不是 有没有 能否 可否
    了 的 地 得 着 过 吗 呢 吧 啊 呀 么 是 在 有 和 与 及 或 被 把 对 于 从 到 向 为 将 也 都 就 又
    这 那 其 之 以 而 所 等 中 上 下 里
    """.split()
)
_ONE_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")


def is_weak(word: str) -> bool:
    """A question word or particle: it says what is asked, not what about
    (哪几, 几艘, 几段: 几 or 哪 and a measure word)."""
    return word in WEAK_WORDS or len(word) == 2 and word[0] in "几哪"


def is_informative(word: str) -> bool:
    """A word whose presence makes a document a partial match."""
    return not is_weak(word) and not _ONE_HAN.match(word)


@dataclass(frozen=True)
class Graded:
    """How a query may be relaxed: any of its informative ``words`` (each a
    clause matching the word, its synonyms or the word literally), within what
    ``required`` matches and without what ``excluded`` matches."""

    words: tuple[q.Query, ...]
    # Each word's forms as text (the word and its synonyms), to find it in a sentence.
    forms: tuple[tuple[str, ...], ...] = ()
    # The distinct character bigrams of the words' text, to rank by.
    grams: tuple[str, ...] = ()
    # The words were typed as a sentence or a question (with weak words):
    # the documents holding them all are ranked by bigrams too.
    sentence: bool = False
    required: q.Query | None = None
    excluded: q.Query | None = None

    def ranked(
        self, docs: np.ndarray, relevance: np.ndarray, held: np.ndarray, count: int,
        bodies: Callable[[list[int]], Mapping[int, str]], weights: list[float],
    ) -> list[tuple[int, float]]:
        """The first ``count`` of the documents ``docs`` (each holding ``held`` of
        the informative words) and their scores: ``relevance`` (the BM25F of the
        text's character bigrams) scaled by the square root of the share of the
        words they hold; the first ``RERANKED`` of them reordered by their best
        sentence (``best_sentence``, the words weighing ``weights``),
        ``bodies(documents)`` giving their bodies. Ties go to the smaller number.

        Each engine ranks its partial matches so (``search.embedded.graded``,
        ``search.cluster.graded``). On the questions of bench/news_qa.py bigrams
        rank better than the words (they also score the words' parts, and pairs
        across two words), and the square root better than the share itself or
        nothing.
        """
        best = best_first(docs, relevance * np.sqrt(held / len(self.words)), max(count, RERANKED))
        head = best[:RERANKED]
        texts = bodies([doc for doc, _ in head])
        lifted = {doc: score * (1 + self.best_sentence(texts.get(doc, ""), weights)) for doc, score in head}
        head.sort(key=lambda pair: (-lifted[pair[0]], pair[0]))
        return ([(doc, lifted[doc]) for doc, _ in head] + best[RERANKED:])[:count]

    def best_sentence(self, text: str, weights: list[float]) -> float:
        """The share of the words, by weight, that the sentence of ``text``
        holding most of them holds.

        The article that answers a question usually says so in one sentence
        that repeats the question's words; on the questions of
        bench/news_qa.py this lifts MRR@10 from 0.857 to 0.862 and Recall@10
        from 0.950 to 0.952. Counting the words instead of weighing them by
        rarity lifts MRR@10 as much but lowers Recall@10 (0.949): a sentence
        with the common words of a question is not the answer.
        """
        total = sum(weights)
        if not total:
            return 0.0
        folded = fold(text).lower()
        spans = sentences(folded)
        starts = [start for start, _ in spans]
        # Each sentence's weight of words, from where the words' forms occur.
        held: dict[int, float] = {}
        for forms, weight in zip(self.forms, weights):
            places = set()
            for form in forms:
                at = folded.find(form)
                while at != -1:
                    place = bisect.bisect_right(starts, at) - 1
                    if place >= 0 and at + len(form) <= spans[place][1]:
                        places.add(place)
                    at = folded.find(form, at + 1)
            for place in places:
                held[place] = held.get(place, 0.0) + weight
        return max(held.values(), default=0.0) / total
