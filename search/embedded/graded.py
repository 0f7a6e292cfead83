"""Graded matching in the embedded index: the partial matches of a query
(``search.query.graded``) found from flags of the documents each word matches and ranked by
the BM25F of the text's character bigrams."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh import query as q
from whoosh.searching import Searcher

from search.embedded.nodes import executable
from search.embedded.ranking import SegmentAnyBigram, bm25f_arrays
from search.embedded.scores import Matches
from search.query.graded import MIN_SHARE, Graded


@dataclass(frozen=True)
class Coverage:
    """Partial matches: documents, in order, and how many of the informative words each holds."""

    docnums: np.ndarray
    held: np.ndarray

    def __len__(self) -> int:
        return len(self.docnums)


NO_COVERAGE = Coverage(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32))


def coverage(graded: Graded, matches: Callable[[q.Query], np.ndarray], allowed: np.ndarray | None,
             strict: np.ndarray) -> Coverage:
    """The partial matches: how many informative words each document holds,
    for the documents not flagged in ``strict`` that ``allowed`` lets through
    and that hold at least ``MIN_SHARE`` of them (or, when ``strict`` is
    empty, as many as any document does); ``matches(query)`` flags the
    documents a query matches."""
    held = np.zeros(len(strict), dtype=np.int32)
    for word in graded.words:
        held += matches(executable(word))
    kept = (held > 0) & ~strict
    if allowed is not None:
        kept &= allowed
    if graded.required is not None:
        kept &= matches(executable(graded.required))
    if graded.excluded is not None:
        kept &= ~matches(executable(graded.excluded))
    least = math.ceil(MIN_SHARE * len(graded.words))
    if not strict.any():
        # Nothing holds every word: the best there is rather than nothing.
        least = min(least, int(held[kept].max(initial=0)))
    chosen = np.flatnonzero(kept & (held >= least))
    return Coverage(chosen, held[chosen])


def complete(graded: Graded, docnums: np.ndarray) -> Coverage:
    """Documents that hold every informative word, as partial matches are counted."""
    return Coverage(docnums, np.full(len(docnums), len(graded.words), dtype=np.int32))


def ranked(graded: Graded, searcher: Searcher, found: Coverage, count: int, matches: Matches) -> list[tuple[int, float]]:
    """The first ``count`` of the documents ``found`` and their scores, as
    ``Graded.ranked`` orders them, by the BM25F of the text's character bigrams
    (from the postings ``matches`` has read, where it scores)."""
    bigrams = matches.scored(SegmentAnyBigram(list(graded.grams)))
    relevance = bigrams.scores[found.docnums] if bigrams is not None else bigram_scores(searcher, graded.grams, found.docnums)
    return graded.ranked(
        found.docnums, relevance, found.held, count,
        lambda docnums: {docnum: searcher.stored_fields(docnum).get("body", "") for docnum in docnums},
        _weights(graded, searcher),
    )


def _weights(graded: Graded, searcher: Searcher) -> list[float]:
    """Each word's weight: its inverse document frequency in the bodies."""
    return [searcher.idf("body", forms[0]) for forms in graded.forms]


def bigram_scores(searcher: Searcher, grams: tuple[str, ...], docnums: np.ndarray) -> np.ndarray:
    """The BM25F scores of ``docnums`` for any of ``grams``, over the whole index,
    a segment at a time (for a searcher not weighted by BM25F, which ``Matches``
    does not score); 0 for a document holding none."""
    scores = np.zeros(searcher.doc_count_all())
    for leaf, offset in searcher.leaf_searchers():
        held, leaf_scores = bm25f_arrays(leaf, list(grams))
        scores[held + offset] = leaf_scores
    return scores[docnums]
