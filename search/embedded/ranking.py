"""Ranking a description (``search.query.description``) in the embedded index:
the BM25F of any of its bigrams, a term's postings at a time."""

from __future__ import annotations

import weakref
from collections.abc import Callable

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
    held, scores = bm25f_sums(
        grams, lambda gram: term_arrays(reader, FIELD, gram), norms, lambda gram: whole.idf(FIELD, gram), k1,
    )
    if reader.has_deletions():
        held[list(reader.deleted_docs_set)] = False
    docnums = np.flatnonzero(held)
    return docnums, scores[docnums]


def bm25f_sums(
    grams: list[str], postings: Callable[[str], tuple[np.ndarray, np.ndarray]], norms: np.ndarray,
    idf: Callable[[str], float], k1: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The BM25F of the OR of ``grams`` for each document that ``norms`` (each
    document's length normalisation) covers: whether it holds any, and its
    score; ``postings(gram)`` gives a gram's documents and frequencies,
    ``idf(gram)`` its inverse document frequency."""
    scores = np.zeros(len(norms))
    held = np.zeros(len(norms), dtype=bool)
    for gram in grams:
        docnums, tf = postings(gram)
        if not len(docnums):
            continue
        lift = idf(gram) * (k1 + 1)
        # A term's postings name each document once; the terms are added in turn.
        scores[docnums] += lift * tf / (tf + norms[docnums])
        held[docnums] = True
    return held, scores


# Per segment reader: BM25F's length normalisation of each document's grams field.
_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _length_norms(reader: IndexReader, average: float, b: float, k1: float) -> np.ndarray:
    key = (average, b, k1)
    cached = _NORMS.get(reader)
    if cached is None or cached[0] != key:
        cached = (key, k1 * ((1 - b) + b * field_lengths(reader, FIELD) / average))
        _NORMS[reader] = cached
    return cached[1]
