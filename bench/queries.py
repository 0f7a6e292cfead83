"""The benchmark query set: about 200 queries drawn from the news articles themselves.

Frequent and rare words, pairs and triples of words that occur together, exact
phrases, exclusions, ORs and month filters, so that a benchmark sees the mix a
search service gets. The same articles and seed always give the same queries,
in the same order, so runs compare; any benchmark can use ``make_queries``.

    from queries import make_queries
    for query in make_queries(articles):
        print(query.text, query.filters)
"""

from __future__ import annotations

import logging
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import jieba

jieba.setLogLevel(logging.WARNING)

SEED = 20260123
SAMPLE = 800  # articles read for words; enough for a stable vocabulary, quick to cut
_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
# How many of each kind, out of 200.
MIX = {"frequent": 50, "rare": 40, "pair": 45, "triple": 20, "phrase": 15, "month": 15, "exclude": 8, "or": 7}
# A query of every form, on which the cluster must rank as the embedded index does on
# ../shared/news (tests/test_cluster.py checks it; bench/cluster_bench.py prints it).
NEWS_PARITY_QUERIES = [
    "疫情", "中国 经济", '"一带一路"', "乒乓", "足球 -世界杯", "高铁 OR 地铁", "title:北京",
    "source:新华社 疫情", "site:人民网", "date:2021-03", "after:2023-06-01 医院", "before:2020-01 大学",
    "习近平", "NOT 中国", "人工智能 芯片", "美國 總統", "冬奥会", "北京冬奥会的吉祥物叫什么名字？",
]


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    filters: dict[str, str] = field(default_factory=dict)

    def params(self) -> dict[str, str]:
        """The query as search parameters (``q`` and any filters)."""
        return {"q": self.text, **self.filters}


def _words(body: str) -> list[str]:
    return [word for word in jieba.lcut(body) if _WORD.match(word)]


def make_queries(articles: Sequence[dict], count: int = 200, seed: int = SEED) -> list[BenchQuery]:
    """About ``count`` queries from ``articles`` (dicts with ``body`` and ``date``), deterministically."""
    step = max(len(articles) // SAMPLE, 1)
    sample = list(articles[::step][:SAMPLE])
    cut = [_words(article["body"]) for article in sample]
    frequency = Counter(word for words in cut for word in set(words))
    ranked = sorted(frequency, key=lambda word: (-frequency[word], word))
    frequent = ranked[10:400]  # the very top are words like 记者 and 表示
    rare = sorted(word for word, seen in frequency.items() if 2 <= seen <= 3)
    middle = set(ranked[50:3000])
    rng = random.Random(seed)
    scale = count / sum(MIX.values())
    wanted = {kind: max(round(number * scale), 1) for kind, number in MIX.items()}

    def article_words() -> tuple[dict, list[str]]:
        place = rng.randrange(len(sample))
        return sample[place], cut[place]

    def together(size: int) -> str:
        while True:
            _, words = article_words()
            usable = sorted(set(words) & middle)
            if len(usable) >= size:
                return " ".join(rng.sample(usable, size))

    def phrase() -> str:
        while True:
            article, _ = article_words()
            pieces = [word for word in jieba.lcut(article["body"]) if word.strip()]
            start = rng.randrange(max(len(pieces) - 1, 1))
            text = "".join(pieces[start : start + 2])
            if all(_WORD.match(word) for word in pieces[start : start + 2]):
                return f'"{text}"'

    def dated() -> BenchQuery:
        while True:
            article, words = article_words()
            usable = sorted(set(words) & set(frequent))
            if article.get("date") and usable:
                return BenchQuery("month", rng.choice(usable), {"month": article["date"][:7]})

    queries: list[BenchQuery] = []
    queries += [BenchQuery("frequent", word) for word in rng.sample(frequent, wanted["frequent"])]
    queries += [BenchQuery("rare", word) for word in rng.sample(rare, min(wanted["rare"], len(rare)))]
    queries += [BenchQuery("pair", together(2)) for _ in range(wanted["pair"])]
    queries += [BenchQuery("triple", together(3)) for _ in range(wanted["triple"])]
    queries += [BenchQuery("phrase", phrase()) for _ in range(wanted["phrase"])]
    queries += [dated() for _ in range(wanted["month"])]
    queries += [BenchQuery("exclude", f"{a} -{b}") for a, b in (rng.sample(frequent, 2) for _ in range(wanted["exclude"]))]
    queries += [BenchQuery("or", f"{a} OR {b}") for a, b in (rng.sample(frequent, 2) for _ in range(wanted["or"]))]
    return queries
