"""The order of a results page: documents by score, best first, equal scores by
document number (the order of Whoosh's top-N collector), for every engine."""

from __future__ import annotations

import numpy as np


def best_first(docnums: np.ndarray, scores: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The first ``count`` of ``docnums`` (with their ``scores``) by score, then by document number."""
    if len(docnums) > count > 0:
        # Only the documents at or above the count-th best score can be among the first.
        least = np.partition(scores, len(scores) - count)[len(scores) - count]
        kept = scores >= least
        docnums, scores = docnums[kept], scores[kept]
    order = np.lexsort((docnums, -scores))[:count]
    return list(zip(docnums[order].tolist(), scores[order].tolist()))
