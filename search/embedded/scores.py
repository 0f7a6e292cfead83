"""A query's matches and their scores, a term's postings at a time.

Whoosh's top-N collector builds a tree of matchers in every segment and steps
it one document at a time, scoring each match through a chain of Python
calls; a query of a few words with their synonyms, sub-words and literal
runs is a tree of dozens of matchers, and the page waited on it. Here each
term's postings, read a block at a time, become arrays of document numbers
and weights over the whole index, each term's BM25F is computed for all of
its documents at once, exactly as Whoosh's ``BM25FScorer`` computes it (the
whole index's idf and average field length, the field's B, K1), and the
scores are combined node by node exactly as Whoosh's matchers combine them:

- a term: its BM25F (its weight in a field that is not scored), times its boost;
- ``And``, ``Or``: the sum of the children that match (``IntersectionMatcher``,
  ``UnionMatcher``), times the node's boost when it has more than one child;
- ``AndNot``: the left side's score;
- a phrase of adjacent words, a literal run (``phrase``, ``literal``): the sum
  of their words' scores, times the boost; their matches are found as before;
- a date range: its boost, a constant (``ConstantScoreQuery``);
- all documents (``Every``): its boost;
- a description's bigrams (``ranking``): the scores it computes itself.

Any other kind of node raises ``Unscorable``, and the caller asks Whoosh's
collector. ``tests/test_scores.py`` compares the two over many queries.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection
from functools import reduce

import numpy as np
from whoosh import query as q
from whoosh import scoring
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.embedded.generation import PerGeneration
from search.embedded.docsets import doc_ids, field_lengths, matching, term_arrays, term_weights
from search.embedded.literal import SegmentLiteral, at_consecutive_positions
from search.embedded.phrase import CheckedPhrase
from search.embedded.ranking import SegmentAnyBigram, bm25f_sums
from search.analysis.schema import bigrams
from search.ordering import best_first
from search.query.nodes import FIELD


# Whoosh's Or preloads the scores of a segment of up to this many documents
# (``Or.AUTO_MATCHER``), and builds a tree of UnionMatchers for a larger one.
OR_ARRAY_DOCS = 5000


class Unscorable(Exception):
    """A node this module cannot score exactly as Whoosh does."""


class Scored:
    """Which documents of the whole index a query matches, and their scores."""

    def __init__(self, matches: np.ndarray, scores: np.ndarray) -> None:
        self.matches = matches  # bool, one a document number
        self.scores = scores  # 0 where not matched

    def doc_numbers(self) -> np.ndarray:
        return np.flatnonzero(self.matches)

    def among(self, allowed: np.ndarray) -> Scored:
        """These matches, less those not flagged in ``allowed``."""
        return Scored(self.matches & allowed, self.scores)

    def first(self, count: int) -> list[tuple[int, float]]:
        """The first ``count`` matches by score, then by document number: the
        order of Whoosh's ``TopCollector``."""
        docnums = np.flatnonzero(self.matches)
        return best_first(docnums, self.scores[docnums], count)


def score(searcher: Searcher, query: q.Query) -> Scored:
    """``query``'s matches in ``searcher``'s index and their scores, as
    Whoosh's collector would give them; raises Unscorable."""
    return _Scoring(searcher).node(query)


class Matches:
    """The documents queries match in ``searcher``'s index, as arrays of one
    flag a document: from ``score`` where it can, else from ``docsets``."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        try:
            self._scoring: _Scoring | None = _Scoring(searcher)
        except Unscorable:
            self._scoring = None

    def scored(self, query: q.Query) -> Scored | None:
        """``query``'s matches and scores (see ``score``), or None for a query it cannot score exactly."""
        if self._scoring is None:
            return None
        try:
            return self._scoring.node(query)
        except Unscorable:
            return None

    def of(self, query: q.Query) -> np.ndarray:
        found = self.scored(query)
        return found.matches if found is not None else self.flags(matching(query, self.searcher))

    def flags(self, docnums: Collection[int]) -> np.ndarray:
        """``docnums`` as one flag a document of the index."""
        flags = np.zeros(self.size, dtype=bool)
        flags[np.fromiter(docnums, dtype=np.int64, count=len(docnums))] = True
        return flags


class _Scoring:
    def __init__(self, searcher: Searcher) -> None:
        weighting = searcher.weighting
        if type(weighting) is not scoring.BM25F:
            raise Unscorable(f"weighting {weighting!r}")
        self.searcher = searcher
        self.weighting = weighting
        self.index = _index_arrays(searcher)
        self.size = len(self.index.live)
        self._terms: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._no_postings = (np.zeros(0, dtype=np.int64), np.zeros(0))
        self._nodes: dict[q.Query, Scored] = {}

    def node(self, query: q.Query) -> Scored:
        if isinstance(query, q.Or) and (query.minmatch or query.scale):
            # Not scored by a plain sum; and equal, as a query, to an Or without them.
            raise Unscorable(repr(query))
        # A literal run's exclusions repeat the nodes beside it.
        found = self._nodes.get(query)
        if found is None:
            found = self._nodes[query] = self._node(query)
        return found

    def _node(self, query: q.Query) -> Scored:
        kind = type(query)
        if kind is q.Term:
            return self._term(query.fieldname, query.text, query.boost)
        if kind is q.And or kind is q.Or:
            return self._compound(query)
        if kind is q.AndNot:
            kept, dropped = self.node(query.a), self.node(query.b)
            matches = kept.matches & ~dropped.matches
            return Scored(matches, np.where(matches, kept.scores, 0.0))
        if kind is SegmentLiteral:
            return self._words(FIELD, bigrams(query.run), query.boost, query.besides)
        if kind is CheckedPhrase:
            return self._words(query.fieldname, list(query.words), query.boost)
        if kind is SegmentAnyBigram:
            return self._any_bigram(query)
        if kind is q.DateRange or kind is q.NumericRange:
            if not query.constantscore:
                raise Unscorable(repr(query))
            return self._constant(self._segment_matches(query), query.boost)
        if kind is q.Every and query.fieldname in (None, "", "*"):
            return self._constant(self.index.live, query.boost)
        raise Unscorable(repr(query))

    def _compound(self, query: q.CompoundQuery) -> Scored:
        subs = query.subqueries
        if not subs:
            return self._nothing()
        if len(subs) == 1:  # Whoosh uses the child's matcher, without this node's boost
            return self.node(subs[0])
        parts = [self.node(sub) for sub in subs]
        both = type(query) is q.And
        # Pairwise, not reduced over a stacked copy of every part.
        matches = reduce(np.logical_and if both else np.logical_or, [part.matches for part in parts])
        if len(parts) == 2 or (not both and query.boost == 1.0 and _at_most_two(parts)):
            # The order of the additions cannot change the sum.
            scores = reduce(np.add, [part.scores for part in parts])
            boost = query.boost
        else:
            scores = np.zeros(self.size)
            for leaf, offset in self.searcher.leaf_searchers():
                reader = leaf.reader()
                stop = offset + reader.doc_count_all()
                scores[offset:stop], boost = _segment_sum(query, reader, [part.scores[offset:stop] for part in parts])
        if both:
            scores = np.where(matches, scores, 0.0)
        if boost != 1.0:
            scores = scores * boost
        return Scored(matches, scores)

    def _nothing(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    def _constant(self, matches: np.ndarray, boost: float) -> Scored:
        # A ListMatcher of one weight for all reads a weight of 0 as 1.
        return Scored(matches, np.where(matches, boost or 1.0, 0.0))

    def _postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's live postings in the whole index: document numbers and weights."""
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is None:
            segments_ids, segments_weights = [], []
            for leaf, offset in self.searcher.leaf_searchers():
                ids, weights = term_arrays(leaf.reader(), fieldname, text)
                if len(ids):
                    segments_ids.append(ids + offset if offset else ids)
                    segments_weights.append(weights)
            if not segments_ids:
                return self._no_postings
            docnums, weighted = np.concatenate(segments_ids), np.concatenate(segments_weights)
            if self.index.has_deletions:
                live = self.index.live[docnums]
                docnums, weighted = docnums[live], weighted[live]
            found = self._terms[key] = (docnums, weighted)
        return found

    def _term_scores(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's documents and their scores, as Whoosh's scorer for it gives them."""
        schema = self.searcher.schema
        if fieldname not in schema:
            return self._no_postings
        try:
            schema[fieldname].to_bytes(text)
        except ValueError:
            return self._no_postings
        docnums, weights = self._postings(fieldname, text)
        return docnums, self._bm25(fieldname, text, docnums, weights)

    def _bm25(self, fieldname: str, text: str, docnums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The scores of a term of ``weights`` in ``docnums``, as Whoosh's scorer for it gives them."""
        if not len(docnums) or not self.searcher.schema[fieldname].scorable:
            return weights
        weighting = self.weighting
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        average = self.searcher.avg_field_length(fieldname) or 1
        norms = self.index.norms(fieldname, average, b, k1)
        idf = self.searcher.idf(fieldname, text)
        # Whoosh's bm25(), operation for operation.
        return idf * ((weights * (k1 + 1)) / (weights + norms[docnums]))

    def _term(self, fieldname: str, text: str, boost: float) -> Scored:
        docnums, scores = self._term_scores(fieldname, text)
        matches = np.zeros(self.size, dtype=bool)
        matches[docnums] = True
        dense = np.zeros(self.size)
        dense[docnums] = scores * boost if boost != 1.0 else scores
        return Scored(matches, dense)

    def _segment_matches(self, query: q.Query) -> np.ndarray:
        """The documents ``query`` matches, found segment by segment as ``docsets`` finds them."""
        matches = np.zeros(self.size, dtype=bool)
        for leaf, offset in self.searcher.leaf_searchers():
            found = doc_ids(query, leaf)
            if found:
                matches[np.fromiter(found, dtype=np.int64, count=len(found)) + offset] = True
        return matches

    def _words(self, fieldname: str, words: list[str], boost: float, besides: q.Query | None = None) -> Scored:
        """Where ``words`` stand at consecutive positions, less what ``besides``
        matches; scored as the intersection of the words' terms, times ``boost``.

        A literal run's candidates are the documents of its rarest bigram
        that ``besides`` leaves: of the other bigrams, only the blocks that
        hold a candidate are read, for positions and weights.
        """
        matches = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        if not words:
            return Scored(matches, scores)
        distinct = list(dict.fromkeys(words))
        rarest = words[0] if len(distinct) == 1 else min(distinct, key=lambda word: self.searcher.doc_frequency(fieldname, word))
        candidates = np.zeros(self.size, dtype=bool)
        candidates[self._postings(fieldname, rarest)[0]] = True
        if besides is not None:
            candidates &= ~self.node(besides).matches
        else:
            # A phrase's words are usually common, and their blocks read
            # anyway: only documents holding all of them have positions compared.
            for word in distinct:
                if word != rarest:
                    holding = np.zeros(self.size, dtype=bool)
                    holding[self._postings(fieldname, word)[0]] = True
                    candidates &= holding
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            local = np.flatnonzero(candidates[offset : offset + reader.doc_count_all()])
            if not len(local):
                continue
            found = sorted(at_consecutive_positions(reader, fieldname, words, set(local.tolist())))
            if not found:
                continue
            docnums = np.array(found, dtype=np.int64) + offset
            matches[docnums] = True
            each = [  # a repeated word counts at each of its places, as in Whoosh
                self._bm25(fieldname, word, docnums, self._weights_at(reader, fieldname, word, found, docnums))
                for word in words
            ]
            total = _binary_sum(each)  # Whoosh's tree of IntersectionMatchers
            scores[docnums] = total * boost if boost != 1.0 else total
        return Scored(matches, scores)

    def _weights_at(self, reader: IndexReader, fieldname: str, word: str, found: list[int], docnums: np.ndarray) -> np.ndarray:
        """The weights of ``word`` in the documents ``found`` of one segment
        (``docnums`` in the whole index), which all hold it: from its postings
        when they were read whole (a phrase's words, a literal run's rarest
        pair), else from the blocks that hold those documents."""
        read = self._terms.get((fieldname, word))
        if read is not None:
            ids, weights = read
            return weights[np.searchsorted(ids, docnums)]
        by_document = term_weights(reader, fieldname, word, found)
        return np.array([by_document[docnum] for docnum in found])

    def _any_bigram(self, query: SegmentAnyBigram) -> Scored:
        # The segments' scores (search.embedded.ranking), over the whole index's postings at once.
        b, k1 = self.weighting.B, self.weighting.K1
        average = self.searcher.avg_field_length(FIELD) or 1.0
        held, scores = bm25f_sums(
            query.grams, lambda gram: self._postings(FIELD, gram), self.index.norms(FIELD, average, b, k1),
            lambda gram: self.searcher.idf(FIELD, gram), k1,
        )
        return Scored(held, scores)


def _at_most_two(parts: list[Scored]) -> bool:
    """Whether no document matches more than two of ``parts``."""
    held = parts[0].matches.astype(np.int8)
    for part in parts[1:]:
        held += part.matches
    return int(held.max(initial=0)) <= 2


def _segment_sum(query: q.CompoundQuery, reader: IndexReader, scores: list[np.ndarray]) -> tuple[np.ndarray, float]:
    """The sum of the children's ``scores`` in one segment, added up in the
    order Whoosh's matchers for ``query`` add them there (floating-point sums
    depend on it, and equal scores are ordered by document number); and the
    boost still to apply to it."""
    subs = query.subqueries
    if type(query) is q.Or and (len(subs) >= q.Or.TOO_MANY_CLAUSES or reader.doc_count_all() <= OR_ARRAY_DOCS):
        # Or's automatic choice for a search that does not need the current
        # match: an ArrayUnionMatcher, which adds each child's score times the
        # boost in turn.
        total = np.zeros(len(scores[0]))
        for part in scores:
            total += part * query.boost if query.boost != 1.0 else part
        return total, 1.0
    # A tree of IntersectionMatchers (And) or UnionMatchers (Or) built by
    # whoosh.util.make_weighted_tree: by the children's estimated sizes
    # (largest first for And), equal ones in their order; each pair is added
    # up, and goes back into the sorted list after those of its weight.
    sign = -1 if type(query) is q.And else 1
    pending = sorted(((sign * sub.estimate_size(reader), part) for sub, part in zip(subs, scores)), key=_weight)
    while len(pending) > 1:
        (first, a), (second, b) = pending.pop(0), pending.pop(0)
        bisect.insort_right(pending, (first + second, a + b), key=_weight)
    return pending[0][1], query.boost


def _weight(pair: tuple[int, np.ndarray]) -> int:
    return pair[0]


def _binary_sum(values: list[np.ndarray]) -> np.ndarray:
    """``values`` added up as whoosh.util.make_binary_tree pairs them: each half, then the two."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _binary_sum(values[:half]) + _binary_sum(values[half:])


class _IndexArrays:
    """What scoring needs of one index generation beyond the postings: which
    documents are live, and each scored field's BM25F length normalisation."""

    def __init__(self, searcher: Searcher) -> None:
        self._leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        size = searcher.doc_count_all()
        self.live = np.ones(size, dtype=bool)
        self.has_deletions = False
        for reader, offset in self._leaves:
            if reader.has_deletions():
                self.has_deletions = True
                for docnum in reader.deleted_docs_set:
                    self.live[offset + docnum] = False
        self._norms: dict[tuple[str, float, float, float], np.ndarray] = {}

    def norms(self, fieldname: str, average: float, b: float, k1: float) -> np.ndarray:
        """``K1 * ((1 - B) + B * length / average)`` of every document, as Whoosh's bm25() computes it."""
        key = (fieldname, average, b, k1)
        found = self._norms.get(key)
        if found is None:
            lengths = np.concatenate([field_lengths(reader, fieldname) for reader, _ in self._leaves] or [np.zeros(0)])
            found = self._norms[key] = k1 * ((1 - b) + b * lengths / average)
        return found


# The arrays of a searcher's index generation, made on first use.
_index_arrays = PerGeneration(_IndexArrays)
