"""Graded matching: when few documents hold every word of a query, those
holding most of its informative words follow them.

A question such as 启明行动发布了什么文件？ rarely has all its words in the
article that answers it: 什么 is not there, nor perhaps 发布. Documents with
all the words still come first; when they are fewer than ``FEW``, documents
covering at least half of the query's informative words follow, ranked by
how many of them they hold and then by BM25F.

Question words and particles (``WEAK_WORDS``) say what is asked, not what the
answer is about: they are never required and count for nothing. Neither do
single characters, which jieba leaves where it found no word (张又侠 is cut
张 | 又 | 侠): a document holding 张 is no partial match of the name. Explicit
syntax is never relaxed: a quoted phrase, an OR, a field, an exclusion.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass

from whoosh import query as q
from whoosh.searching import Searcher

from search.docsets import matching

# Fewer documents with all the words than this, and partial matches follow.
FEW = 10
# A partial match holds at least this share of the informative words.
MIN_SHARE = 0.5

WEAK_WORDS = frozenset(
    """
    什么 什么样 哪 哪个 哪些 哪里 哪儿 哪位 哪项 哪种 哪家 哪年 哪天 哪一天 哪一年 哪国 哪方面
    谁 几 多少 多久 多大 多长 多高 多远 几个 几次 几年 几天 几级 为何 为什么 何 何时 何地 何种
    如何 怎么 怎样 怎么样 是否 是不是 有没有 能否 可否
    了 的 地 得 着 过 吗 呢 吧 啊 呀 么 是 在 有 和 与 及 或 被 把 对 于 从 到 向 为 将 也 都 就 又
    这 那 其 之 以 而 所 等 中 上 下 里
    """.split()
)
_ONE_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")


def is_weak(word: str) -> bool:
    """A question word or particle: it says what is asked, not what about."""
    return word in WEAK_WORDS


def is_informative(word: str) -> bool:
    """A word whose presence makes a document a partial match."""
    return not is_weak(word) and not _ONE_HAN.match(word)


@dataclass(frozen=True)
class Graded:
    """How a query may be relaxed: any of its informative ``words`` (each a
    clause matching the word, its synonyms or the word literally), within what
    ``required`` matches and without what ``excluded`` matches."""

    words: tuple[q.Query, ...]
    required: q.Query | None = None
    excluded: q.Query | None = None

    def coverage(self, searcher: Searcher, allowed: Set[int] | None, strict: Set[int]) -> Counter[int]:
        """The partial matches: how many informative words each document holds,
        for the documents not in ``strict`` that ``allowed`` lets through and
        that hold at least half of them (or, when ``strict`` is empty, as
        many as any document does)."""
        held: Counter[int] = Counter()
        for word in self.words:
            held.update(matching(word, searcher))
        if not held:
            return held
        kept = set(held) - strict
        if allowed is not None:
            kept &= allowed
        if self.required is not None:
            kept &= matching(self.required, searcher)
        if self.excluded is not None:
            kept -= matching(self.excluded, searcher)
        least = math.ceil(MIN_SHARE * len(self.words))
        if not strict:
            # Nothing holds every word: the best there is rather than nothing.
            least = min(least, max((held[docnum] for docnum in kept), default=0))
        return Counter({docnum: held[docnum] for docnum in kept if held[docnum] >= least})

    def ranked(self, searcher: Searcher, coverage: Counter[int], count: int) -> list[tuple[int, float]]:
        """The first ``count`` partial matches: most words first, then by BM25F."""
        levels: dict[int, set[int]] = {}
        for docnum, words in coverage.items():
            levels.setdefault(words, set()).add(docnum)
        scoring = q.Or(list(self.words))
        found: list[tuple[int, float]] = []
        for words in sorted(levels, reverse=True):
            if len(found) >= count:
                break
            ranked = searcher.search(scoring, limit=count - len(found), filter=levels[words])
            found.extend((ranked.docnum(n), ranked.score(n) or 0.0) for n in range(ranked.scored_length()))
        return found
