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

import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh import matching
from whoosh import query as q
from whoosh.matching import Matcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.embedded.docsets import posting_blocks, remember
from search.analysis.schema import ANALYZER, bigrams, fold, han_runs
from search.analysis.segment import tag

# More words than this make a description. Up to it a text is a query of
# words, graded (search.embedded.graded): on the questions of bench/news_qa.py, 13 to
# 20 words (a long question) rank better so, since a description leaves out
# the names a question is about.
LONG_QUERY_WORDS = 20
FIELD = "grams"
# Whoosh's BM25F defaults, for a searcher weighted otherwise.
B, K1 = 0.75, 1.2
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


class AnyBigram(q.Query):
    """Documents holding any of ``grams``, scored as Whoosh's BM25F scores an OR
    of their terms, but a term at a time.

    A description has a few hundred bigrams, common ones among them, so its
    OR touches most of the postings of the collection; Whoosh's union matchers
    step and score them one by one, which takes seconds. Here each term's
    postings are read a block at a time and added into one score per
    document, a few tens of milliseconds.
    """

    def __init__(self, grams: list[str]) -> None:
        self.grams = list(grams)
        self.boost = 1.0
        self.fieldname = FIELD

    def __repr__(self) -> str:
        return f"AnyBigram({self.grams!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnyBigram) and self.grams == other.grams

    def __hash__(self) -> int:
        return hash((AnyBigram, tuple(self.grams)))

    def field(self) -> str:
        return FIELD

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        for gram in self.grams:
            yield FIELD, gram

    def leaves(self) -> Iterator[q.Term]:
        for gram in self.grams:
            yield q.Term(FIELD, gram)

    def estimate_size(self, ixreader: IndexReader) -> int:
        return ixreader.doc_count()

    def _scores(self, searcher: Searcher) -> dict[int, float]:
        # A search asks for the set of matches, then ranks them: one scoring serves both.
        return remember(searcher.reader(), ("scores", self), lambda: bm25f_scores(searcher, self.grams))

    def segment_doc_ids(self, searcher: Searcher) -> frozenset[int]:
        return frozenset(self._scores(searcher))

    def matcher(self, searcher: Searcher, context=None) -> Matcher:
        scores = self._scores(searcher)
        if not scores:
            return matching.NullMatcher()
        docnums = sorted(scores)
        return matching.ListMatcher(docnums, [scores[docnum] for docnum in docnums])


def bm25f_scores(searcher: Searcher, grams: list[str]) -> dict[int, float]:
    """Each document's BM25F score for the OR of ``grams`` in the ``grams`` field,
    from one segment's ``searcher``, with the whole index's statistics."""
    reader = searcher.reader()
    whole = searcher.get_parent()
    b, k1 = getattr(searcher.weighting, "B", B), getattr(searcher.weighting, "K1", K1)
    norms = _length_norms(reader, whole.avg_field_length(FIELD) or 1.0, b, k1)
    scores: dict[int, float] = {}
    for gram in grams:
        if (FIELD, gram) not in reader:
            continue
        lift = whole.idf(FIELD, gram) * (k1 + 1)
        for docnums, weights in posting_blocks(reader, FIELD, gram):
            for docnum, tf in zip(docnums, weights):
                scores[docnum] = scores.get(docnum, 0.0) + lift * tf / (tf + norms[docnum])
    if reader.has_deletions():
        scores = {docnum: score for docnum, score in scores.items() if not reader.is_deleted(docnum)}
    return scores


# Per segment reader: BM25F's length normalisation of each document's grams field.
_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _length_norms(reader: IndexReader, average: float, b: float, k1: float) -> list[float]:
    key = (average, b, k1)
    cached = _NORMS.get(reader)
    if cached is None or cached[0] != key:
        lengths = [reader.doc_field_length(docnum, FIELD, 0) for docnum in range(reader.doc_count_all())]
        cached = (key, [k1 * ((1 - b) + b * length / average) for length in lengths])
        _NORMS[reader] = cached
    return cached[1]
