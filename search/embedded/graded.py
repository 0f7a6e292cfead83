"""Graded matching in the embedded index: the partial matches of a query
(``search.query.graded``) found from flags of the documents each word matches and ranked by
the BM25F of the text's character bigrams."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection

import numpy as np
from whoosh import query as q
from whoosh.searching import Searcher

from search.embedded.nodes import executable
from search.embedded.ranking import bm25f_arrays
from search.query.graded import MIN_SHARE, Graded


def coverage(graded: Graded, matches: Callable[[q.Query], np.ndarray], allowed: np.ndarray | None,
             strict: np.ndarray) -> Counter[int]:
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
    return Counter(dict(zip(chosen.tolist(), held[chosen].tolist())))

def ranked(graded: Graded, searcher: Searcher, coverage: Counter[int], count: int) -> list[tuple[int, float]]:
    """The first ``count`` of the documents in ``coverage`` and their scores, as
    ``Graded.ranked`` orders them, by the BM25F of the text's character bigrams."""
    return graded.ranked(
        bigram_scores(searcher, graded.grams, coverage.keys()), coverage, count,
        lambda docnums: {docnum: searcher.stored_fields(docnum).get("body", "") for docnum in docnums},
        _weights(graded, searcher),
    )

def _weights(graded: Graded, searcher: Searcher) -> list[float]:
    """Each word's weight: its inverse document frequency in the bodies."""
    return [searcher.idf("body", forms[0]) for forms in graded.forms]


def bigram_scores(searcher: Searcher, grams: tuple[str, ...], docnums: Collection[int]) -> dict[int, float]:
    """The BM25F scores of ``docnums`` for any of ``grams``, over the whole index."""
    wanted = np.zeros(searcher.doc_count_all(), dtype=bool)
    wanted[np.fromiter(docnums, dtype=np.int64, count=len(docnums))] = True
    scores: dict[int, float] = {}
    for leaf, offset in searcher.leaf_searchers():
        held, leaf_scores = bm25f_arrays(leaf, list(grams))
        kept = wanted[held + offset]
        scores.update(zip((held[kept] + offset).tolist(), leaf_scores[kept].tolist()))
    return scores
