"""Graded matching on a cluster: the partial matches of ``search.embedded.graded``, from the engine.

When fewer than ``FEW`` documents hold every word of a query, the embedded
index lists after them the documents holding at least a third of its
informative words. Here the same sets come from one engine query per word
(each word's clause within the query's required part, without its
exclusions, within the filters), counted in this process as
``Graded.coverage`` counts them; the partial matches are ranked as
``Graded.ranked`` ranks them, by the BM25F of the text's character bigrams
(the engine's, in the ``grams`` field) scaled by the square root of the
share of the words they hold.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from search.cluster.nodes import DISTRIBUTED
from search.query.graded import MIN_SHARE, Graded
from search.cluster.text import pair_keyword, to_match

# Runs one statement on the node: its result sets and its SHOW META.
Run = Callable[[str, tuple], tuple[list[list[tuple]], dict[str, str]]]
# BM25F of the character pairs alone, with plain IDF as the cluster's other searches.
GRAMS_RANKING = (
    "ranker=expr('bm25f(1.2, 0.75, {title=0, title_parts=0, body=0, body_parts=0, tags=0}) * 1000'), "
    "idf='plain,tfidf_unnormalized'"
)


# The most ids an engine filter takes (Sphinx's limit on the values of ``id IN``).
ID_LIST = 4096


def id_lists(ids: Iterable[int]) -> Iterator[str]:
    """``ids`` as comma-separated lists of at most ``ID_LIST``, for ``id IN (…)``."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), ID_LIST):
        yield ",".join(map(str, ordered[start : start + ID_LIST]))


def _ids(run: Run, match: str, most: int) -> set[int]:
    # The engine sets aside room for max_matches results: no more than the cluster holds.
    sets, _ = run(
        f"SELECT id FROM {DISTRIBUTED} WHERE MATCH(%s) LIMIT 0, {most} OPTION ranker=none, max_matches={most}",
        (match,),
    )
    return {row[0] for row in sets[0]}


def coverage(run: Run, graded: Graded, within: list[str], strict: set[int], documents: int) -> Counter[int]:
    """The partial matches and how many informative words each holds, as
    ``Graded.coverage`` finds them; ``within`` are the MATCH parts every
    result must also meet (the filters), ``documents`` how many the cluster holds."""
    bounds = list(within)
    if graded.required is not None:
        bounds.append(to_match(graded.required))
    if graded.excluded is not None:
        bounds.append(f"-{to_match(graded.excluded)}")
    held: Counter[int] = Counter()
    for word in graded.words:
        held.update(_ids(run, " ".join([to_match(word), *bounds]), max(documents, 1)))
    kept = set(held) - strict
    least = math.ceil(MIN_SHARE * len(graded.words))
    if not strict:
        least = min(least, max((held[doc] for doc in kept), default=0))
    return Counter({doc: held[doc] for doc in kept if held[doc] >= least})


def ranked(run: Run, graded: Graded, found: Counter[int], count: int) -> list[int]:
    """The first ``count`` of the partial matches ``found``, best first."""
    relevance: dict[int, float] = {}
    for listed in id_lists(found) if graded.grams else ():
        sets, _ = run(
            f"SELECT id, WEIGHT() FROM {DISTRIBUTED} WHERE MATCH(%s) AND id IN ({listed}) "
            f"LIMIT 0, {ID_LIST} OPTION {GRAMS_RANKING}, max_matches={ID_LIST}",
            ("@grams (" + " | ".join(map(pair_keyword, graded.grams)) + ")",),
        )
        relevance.update((doc, weight / 1000) for doc, weight in sets[0])
    words = len(graded.words)
    scores = {doc: relevance.get(doc, 0.0) * math.sqrt(held / words) for doc, held in found.items()}
    return sorted(scores, key=lambda doc: (-scores[doc], doc))[:count]
