"""The embedded index's ranking, said as the engine's ranking expression.

Whoosh's BM25F (``whoosh.scoring.BM25F``, the embedded index's) scores a word
in each field on its own and adds them up: in the title and in the body, each
with the word's IDF in that field (log(N / (df + 1)) + 1), its frequency
there (a title's counting double, the title's field boost), the field's
length against its average, k1 = 1.2 and b = 0.75. The engine's ``bm25f()``
instead adds the fields' frequencies before saturating them, has one IDF
for a keyword over all fields, and, on an RT index of Sphinx 2.2, no field
lengths at all. So the cluster ranks with an expression of its own:

- the title's keywords are keywords of their own (``search.cluster.text``), so
  the engine's IDF of a title keyword is the word's IDF in titles;
- each document stores the lengths of its title and body in tokens
  (``title_length``, ``body_length``), as Whoosh counts them, and the average
  lengths over the cluster are read when the engine opens a search;
- per field, the expression saturates the frequency of the query's words there
  (title and ``title_parts`` together, as Whoosh's title holds both) against
  that length, and weighs it by the words' IDF in the Whoosh form.

Where one field holds several of the query's words, the expression shares
their frequency out evenly among them (the engine reports a field's hits, not
each word's); for one word a field it is Whoosh's score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Whoosh's BM25F parameters and the title's field boost (search.analysis.schema).
K1, B = 1.2, 0.75
TITLE_BOOST = 2
# The engine reports integer weights: scores are kept to this many parts of one.
SCALE = 100_000
# Each field's weight names it inside the expression (``user_weight``): 1 and 2
# the title's, 3 and 4 the body's; the pairs and tags count for nothing.
FIELD_WEIGHTS = "field_weights=(title=1, title_parts=2, body=3, body_parts=4, grams=5, tags=6)"
# A shard's own IDF is log(N/n) / (2 log(N+1)) for idf='plain'. With the cluster's
# IDF file (search.cluster.idf) Sphinx 2.2 computes log(N/n) for idf='normalized' and
# log((N-n+1)/n) for 'plain', the reverse, over the same 2 log(N+1).
LOCAL_IDF = "idf='plain,tfidf_unnormalized'"
GLOBAL_IDF = "idf='normalized,tfidf_unnormalized', global_idf=1"
_IN_TITLE = "user_weight<3"
_IN_BODY = "user_weight>2 and user_weight<5"


@dataclass(frozen=True)
class Statistics:
    """What the ranking needs of the whole cluster: its documents, the average
    length of a title and of a body in tokens and of the character pairs
    (``search.cluster.graded``), its number of shards, and whether they rank
    with the cluster's IDF file."""

    documents: int
    title_average: float
    body_average: float
    grams_average: float
    shards: int
    global_idf: bool


def _field_score(inside: str, length: str, average: float, boost: int, log_documents: float) -> str:
    """Whoosh's BM25 of the query's words in one field, as an engine expression."""
    hits = f"sum(if({inside}, hit_count, 0))"
    weighted = f"sum(if({inside}, tf_idf, 0))"
    rarest = f"top(if({inside}, max_idf, 0))"
    # TOP() starts from 0, so the smallest IDF is read as 1 less the largest 1 - IDF (an IDF is below 1).
    commonest = f"(1 - top(if({inside}, 1 - min_idf, 0)))"
    words = f"top(if({inside}, word_count, 0))"
    norm = f"{K1} * ({1 - B} + {B} * {length} / {max(average, 1.0):.4f})"

    def saturated(frequency: str) -> str:
        return f"({boost} * {frequency} * {K1 + 1} / ({boost} * {frequency} + {norm}))"

    def whoosh_idf(idf: str) -> str:
        # The engine's plain IDF is log(N/n) / (2 log(N+1)); Whoosh's adds one to the log.
        return f"({idf} * {log_documents:.6f} + 1)"

    # Two words: their frequencies follow from the field's hits and its sum of frequency
    # times IDF, given each word's IDF (the rarest's and the commonest's).
    rare = f"max(({weighted} - {hits} * {commonest}) / ({rarest} - {commonest}), 0)"
    common = f"max({hits} - {rare}, 0)"
    two = f"{whoosh_idf(rarest)} * {saturated(rare)} + {whoosh_idf(commonest)} * {saturated(common)}"
    # One word, or more than two: the hits shared out evenly among the words.
    even = (
        f"(top(if({inside}, sum_idf, 0)) * {log_documents:.6f} + {words}) * "
        f"{saturated(f'{hits} / max({words}, 1)')}"
    )
    return f"if({rarest} - {commonest} > 0.000001 and {words} < 3, {two}, {even})"


def ranking(statistics: Statistics) -> str:
    """The OPTION clause ranking a search as the embedded index does."""
    # The engine's IDF is normalised by its count of documents: the cluster's with the
    # IDF file, else each shard's own, about its share of the cluster's.
    counted = statistics.documents if statistics.global_idf else statistics.documents / max(statistics.shards, 1)
    log_documents = 2 * math.log(counted + 1)
    title = _field_score(_IN_TITLE, "title_length", statistics.title_average, TITLE_BOOST, log_documents)
    body = _field_score(_IN_BODY, "body_length", statistics.body_average, 1, log_documents)
    expression = f"({title} + {body}) * {SCALE}"
    idf = GLOBAL_IDF if statistics.global_idf else LOCAL_IDF
    return f"ranker=expr('{expression}'), {idf}, {FIELD_WEIGHTS}"


def top_overlap(reference: Sequence[tuple[str, float, bool]], listed: Sequence[str], count: int = 10) -> tuple[float, float]:
    """How much of the embedded index's first ``count`` hits the cluster's first ``count`` hold.

    ``reference`` are the embedded index's hits in its order, as (id, score,
    partial), as many as known; ``listed`` the ids the cluster lists, in its
    order. Returns the share of the embedded index's first ``count`` that the
    cluster's first ``count`` hold, and the same share counting also a hit the
    embedded index scores exactly as its last listed one: of documents scoring
    the same, Whoosh lists first those it indexed first, an order no other
    engine can know, so either could stand there.
    """
    top = list(reference[:count])
    if not top:
        return 1.0, 1.0
    first = {doc for doc, _, _ in top}
    shown = list(listed[:count])
    held = sum(doc in first for doc in shown)
    _, last_score, last_partial = top[-1]
    # Partial matches all score 0: only a complete match's score is a tie.
    tied_scores = {doc for doc, score, partial in reference if not partial and not last_partial and score == last_score}
    tied = sum(doc in first or doc in tied_scores for doc in shown)
    return held / len(top), min(tied, len(top)) / len(top)
