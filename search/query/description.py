"""Long pasted queries: a paragraph of an article, a case description.

Requiring every word of a 300-character text finds nothing, and an OR of its
jieba words lets whatever jieba cut differently in the query and in the
documents decide. So a long query is read as a description of what to find:
its distinct Chinese-character bigrams (the index's ``grams`` field, which no
segmentation can cut otherwise), each counted once and weighted by BM25F
against the collection. People's and places' names are left out: they tie a
text to one event, and would rank other stories about the same person or place
above stories of the same kind. jieba's part-of-speech tagger finds them.

Measured on LeCaRD (bench/relevance.py), these choices each add to ranking
quality: bigrams over words, counting each once, and leaving names out.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as q

from search.analysis.schema import ANALYZER, bigrams, fold, han_runs
from search.analysis.segment import tag
from search.query.nodes import AnyBigram

# More words than this make a description. Up to it a text is a query of
# words, graded (search.embedded.graded): on the questions of bench/news_qa.py, 13 to
# 20 words (a long question) rank better so, since a description leaves out
# the names a question is about.
LONG_QUERY_WORDS = 20
# Words highlighted in the results of a description: the longest, which say most.
HIGHLIGHT_WORDS = 40
# jieba's tags for people's names (nr, nrfg, nrt) and places (ns, nsf).
_NAME_TAGS = ("nr", "ns")
# Names are cut out of the text; a mark that no bigram spans keeps the text
# on either side from joining into a run it never had.
_GAP = "。"


def without_names(text: str) -> str:
    """``text`` with people's and places' names replaced by a gap."""
    return "".join(_GAP if flag.startswith(_NAME_TAGS) else word for word, flag in tag(text))


def distinct_bigrams(text: str) -> list[str]:
    """The distinct Chinese-character bigrams of ``text``, in order of first use."""
    seen: dict[str, None] = {}
    for run, _ in han_runs(text):
        seen.update(dict.fromkeys(bigrams(run)))
    return list(seen)


@dataclass
class Description:
    """What a long query searches for."""

    # Any of its bigrams, each weighing once; None if it has none.
    query: q.Query | None
    # Its longest words, to highlight.
    words: list[str]


def describe(text: str) -> Description:
    """The query and the words to highlight for the long query ``text``."""
    kept = without_names(fold(text))
    grams = distinct_bigrams(kept)
    words = dict.fromkeys(token.text for token in ANALYZER(kept, mode="query") if len(token.text) > 1)
    return Description(
        query=AnyBigram(grams) if grams else None,
        words=sorted(words, key=len, reverse=True)[:HIGHLIGHT_WORDS],
    )
