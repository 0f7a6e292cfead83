"""Ranking a description (``search.query.description``) in the embedded index:
the BM25F of any of its bigrams, a term's postings at a time."""

from __future__ import annotations

import weakref

import numpy as np

from whoosh import matching
from whoosh.matching import Matcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.embedded.docsets import field_lengths, remember, term_arrays
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
    docnums, scores = bm25f_arrays(searcher, grams)
    return dict(zip(docnums.tolist(), scores.tolist()))


def bm25f_arrays(searcher: Searcher, grams: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``bm25f_scores`` as arrays: the documents of one segment holding any of
    ``grams``, in order, and their scores."""
    reader = searcher.reader()
    whole = searcher.get_parent()
    b, k1 = getattr(searcher.weighting, "B", B), getattr(searcher.weighting, "K1", K1)
    norms = _length_norms(reader, whole.avg_field_length(FIELD) or 1.0, b, k1)
    scores = np.zeros(reader.doc_count_all())
    held = np.zeros(reader.doc_count_all(), dtype=bool)
    for gram in grams:
        docnums, tf = term_arrays(reader, FIELD, gram)
        if not len(docnums):
            continue
        lift = whole.idf(FIELD, gram) * (k1 + 1)
        # A term's postings name each document once; the terms are added in turn.
        scores[docnums] += lift * tf / (tf + norms[docnums])
        held[docnums] = True
    if reader.has_deletions():
        held[list(reader.deleted_docs_set)] = False
    docnums = np.flatnonzero(held)
    return docnums, scores[docnums]


# Per segment reader: BM25F's length normalisation of each document's grams field.
_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _length_norms(reader: IndexReader, average: float, b: float, k1: float) -> np.ndarray:
    key = (average, b, k1)
    cached = _NORMS.get(reader)
    if cached is None or cached[0] != key:
        cached = (key, k1 * ((1 - b) + b * field_lengths(reader, FIELD) / average))
        _NORMS[reader] = cached
    return cached[1]
