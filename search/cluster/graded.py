"""Graded matching on a cluster: the partial matches of ``search.embedded.graded``, from the engine.

When fewer than ``FEW`` documents hold every word of a query, the embedded
index lists after them the documents holding at least a third of its
informative words. Here the same sets come from one engine query per word
(each word's clause within the query's required part, without its
exclusions, within the filters), counted in this process as
``Graded.coverage`` counts them; the partial matches are ranked by
``Graded.ranked`` as the embedded index ranks them, with the same scores:
Whoosh's BM25F of the text's character pairs (the ``grams`` field) from
each document's frequency of each pair (the engine's ``PACKEDFACTORS()``),
the pair's count of documents over the whole cluster (the node adds up the
shards' counts of each keyword in ``SHOW META``), the document's count of
pairs (``grams_length``) and the cluster's average; their best sentence
weighs each word by its IDF in the bodies over the whole cluster, counted
the same way. Whoosh reads a long field's length rounded up to one of 256
values (up to 3.6 % more), the cluster the exact count: a score may differ
by as much, and documents scoring within that of each other may change
places.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator

import numpy as np

from search.cluster.nodes import DISTRIBUTED
from search.cluster.ranking import B, K1, Statistics
from search.cluster.text import keyword, pair_keyword, to_match
from search.query.graded import MIN_SHARE, Graded

# Runs one statement on the node: its result sets and its SHOW META.
Run = Callable[[str, tuple], tuple[list[list[tuple]], dict[str, str]]]
# A document's frequency of each keyword of the query it holds, by the keyword's place in the
# query, in PACKEDFACTORS() (which lists the others too, with none).
_FREQUENCY = re.compile(r"word(\d+)=\(tf=([1-9]\d*),")


# The most ids an engine filter takes (Sphinx's limit on the values of ``id IN``).
ID_LIST = 4096


def id_lists(ids: Iterable[int]) -> Iterator[str]:
    """``ids`` as comma-separated lists of at most ``ID_LIST``, for ``id IN (…)``."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), ID_LIST):
        yield ",".join(map(str, ordered[start : start + ID_LIST]))


def _ids(run: Run, match: str, most: int) -> tuple[set[int], dict[str, int]]:
    """The documents ``match`` matches, and the documents holding each of its keywords."""
    # The engine sets aside room for max_matches results: no more than the cluster holds.
    sets, meta = run(
        f"SELECT id FROM {DISTRIBUTED} WHERE MATCH(%s) LIMIT 0, {most} OPTION ranker=none, max_matches={most}",
        (match,),
    )
    return {row[0] for row in sets[0]}, _holding(meta)


def coverage(
    run: Run, graded: Graded, within: list[str], strict: set[int], documents: int,
) -> tuple[Counter[int], dict[str, int]]:
    """The partial matches and how many informative words each holds, as
    ``search.embedded.graded.coverage`` finds them; ``within`` are the MATCH parts every
    result must also meet (the filters), ``documents`` how many the cluster holds.
    Also the documents holding each keyword the words were searched by, over
    the whole cluster, which weigh the words in ``ranked``."""
    bounds = list(within)
    if graded.required is not None:
        bounds.append(to_match(graded.required))
    if graded.excluded is not None:
        bounds.append(f"-{to_match(graded.excluded)}")
    held: Counter[int] = Counter()
    holding: dict[str, int] = {}
    for word in graded.words:
        found, counts = _ids(run, " ".join([to_match(word), *bounds]), max(documents, 1))
        held.update(found)
        holding.update(counts)
    kept = set(held) - strict
    least = math.ceil(MIN_SHARE * len(graded.words))
    if not strict:
        least = min(least, max((held[doc] for doc in kept), default=0))
    return Counter({doc: held[doc] for doc in kept if held[doc] >= least}), holding


def _whoosh_idf(documents: int, holding: int) -> float:
    """Whoosh's IDF of a term ``holding`` of the ``documents`` hold."""
    return math.log(max(documents, 1) / (holding + 1)) + 1


def _holding(meta: dict[str, str]) -> dict[str, int]:
    """The documents holding each keyword of the last search, from its SHOW META."""
    return {
        value: int(meta.get("docs" + name.removeprefix("keyword"), 0))
        for name, value in meta.items() if name.startswith("keyword[")
    }


def pair_scores(run: Run, grams: tuple[str, ...], docs: Collection[int], statistics: Statistics) -> dict[int, float]:
    """The BM25F scores of ``docs`` for any of the character pairs ``grams``, as
    ``search.embedded.graded.bigram_scores`` gives them; documents holding none are left out."""
    keywords = [pair_keyword(gram) for gram in grams]
    average = statistics.grams_average or 1.0
    scores: dict[int, float] = {}
    for listed in id_lists(docs) if keywords else ():
        sets, meta = run(
            f"SELECT id, grams_length, PACKEDFACTORS() FROM {DISTRIBUTED} WHERE MATCH(%s) AND id IN ({listed}) "
            f"LIMIT 0, {ID_LIST} OPTION ranker=expr('1'), max_matches={ID_LIST}",
            ("@grams (" + " | ".join(keywords) + ")",),
        )
        holding = _holding(meta)
        lifts = [_whoosh_idf(statistics.documents, holding.get(pair, 0)) * (K1 + 1) for pair in keywords]
        for doc, pairs, factors in sets[0]:
            norm = K1 * ((1 - B) + B * pairs / average)
            scores[doc] = sum(
                lifts[int(place)] * int(frequency) / (int(frequency) + norm)
                for place, frequency in _FREQUENCY.findall(factors)
            )
    return scores


def word_weights(graded: Graded, holding: dict[str, int], documents: int) -> list[float]:
    """Each informative word's weight for ``Graded.best_sentence``: Whoosh's IDF of the word in the
    bodies, from ``holding`` (``coverage``'s: each word's clause searches its keyword in the bodies)."""
    return [_whoosh_idf(documents, holding.get(keyword(forms[0]), 0)) for forms in graded.forms]


def _bodies(run: Run, docs: list[int]) -> dict[int, str]:
    if not docs:
        return {}
    sets, _ = run(f"SELECT id, body_text FROM {DISTRIBUTED} WHERE id IN ({','.join(map(str, docs))}) LIMIT 0, {len(docs)}")
    return dict(sets[0])


def ranked(
    run: Run, graded: Graded, found: Counter[int], holding: dict[str, int], count: int, statistics: Statistics,
) -> list[tuple[int, float]]:
    """The first ``count`` of the partial matches ``found`` and their scores, best first;
    ``found`` and ``holding`` as ``coverage`` gives them."""
    docs = np.fromiter(found.keys(), dtype=np.int64, count=len(found))
    scores = pair_scores(run, graded.grams, found.keys(), statistics)
    return graded.ranked(
        docs, np.array([scores.get(doc, 0.0) for doc in docs.tolist()]),
        np.fromiter(found.values(), dtype=np.int32, count=len(found)), count, lambda docs: _bodies(run, docs),
        word_weights(graded, holding, statistics.documents),
    )
