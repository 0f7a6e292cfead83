"""Ranking a description (``search.query.description``) in the embedded index:
the BM25F of any of its bigrams, a term's postings at a time."""

from __future__ import annotations

import weakref

from whoosh import matching
from whoosh.matching import Matcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.embedded.docsets import posting_blocks, remember
from search.query.nodes import FIELD, AnyBigram

# Whoosh's BM25F defaults, for a searcher weighted otherwise.
B, K1 = 0.75, 1.2


class SegmentAnyBigram(AnyBigram):
    """An AnyBigram read from the index's segments."""

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
