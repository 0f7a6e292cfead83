"""Finding a run of Chinese characters where it occurs literally, from the ``grams`` field.

The ``grams`` field holds every pair of adjacent characters at its character
position, so a run occurs in a document where its bigrams stand at
consecutive positions. Whoosh's own Phrase query checks that for every
document holding all the bigrams, building span objects as it goes; for a
common name that is thousands of documents, nearly all of which the query's
words match anyway. ``Literal`` first drops the documents that ``besides``
(the words' own query) matches, with sets of document numbers, and checks
the positions of the few that are left.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Set

from whoosh import matching
from whoosh import query as q
from whoosh.matching import Matcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree

from search.embedded.docsets import doc_ids, posting_ids, remembered, term_positions
from search.analysis.schema import bigrams
from search.query.nodes import FIELD, Literal


class SegmentLiteral(Literal):
    """A Literal read from the index's segments."""

    def matcher(self, searcher: Searcher, context=None) -> Matcher:
        return consecutive(searcher, context, FIELD, bigrams(self.run), self, self.boost)

    def segment_doc_ids(self, searcher: Searcher) -> frozenset[int]:
        """The matches in ``searcher``'s segment (see ``docsets.doc_ids``)."""
        return consecutive_ids(searcher, FIELD, bigrams(self.run), self.besides)


def consecutive_ids(searcher: Searcher, fieldname: str, words: list[str], besides: q.Query | None) -> frozenset[int]:
    """The documents of ``searcher``'s segment where ``words`` stand at consecutive
    positions in ``fieldname``, less those ``besides`` matches."""
    reader = searcher.reader()
    if not words or any((fieldname, word) not in reader for word in words):
        return frozenset()
    # Candidates from the rarest word's document numbers, read a block at a
    # time; the other words' postings are only read in the blocks that hold
    # a candidate, when the positions are compared.
    rarest = min(words, key=lambda word: reader.doc_frequency(fieldname, word))
    candidates = posting_ids(reader, fieldname, rarest)
    if candidates and besides is not None:
        candidates -= doc_ids(besides, searcher)
    return at_consecutive_positions(reader, fieldname, words, candidates)


def at_consecutive_positions(reader: IndexReader, fieldname: str, words: list[str], candidates: Set[int]) -> frozenset[int]:
    """Those of ``candidates`` (documents of ``reader``'s segment that hold one
    of ``words``, or the word when there is one) where ``words`` stand at
    consecutive positions in ``fieldname``."""
    if len(words) == 1 or not candidates:
        return frozenset(candidates)
    starts: dict[int, set[int]] | None = None
    for offset, word in enumerate(words):  # a repeated word (哈哈哈) is read at each of its offsets
        wanted = sorted(candidates if starts is None else starts)
        shifted = {
            docnum: {position - offset for position in positions}
            for docnum, positions in term_positions(reader, fieldname, word, wanted).items()
        }
        if starts is not None:
            shifted = {docnum: both for docnum, at in shifted.items() if (both := at & starts[docnum])}
        starts = shifted
        if not starts:
            break
    return frozenset(starts)


def consecutive(
    searcher: Searcher, context, fieldname: str, words: list[str], query: q.Query, boost: float
) -> Matcher:
    """A matcher for ``query``'s matches in ``searcher``'s segment, scored as the
    intersection of ``words`` in ``fieldname``."""
    reader = searcher.reader()
    found = remembered(reader, query)
    if found is None:
        found = doc_ids(query, searcher)
    if not found:
        return matching.NullMatcher()
    matchers = [q.Term(fieldname, word).matcher(searcher, context) for word in words]
    scorer = matchers[0] if len(matchers) == 1 else make_binary_tree(matching.IntersectionMatcher, matchers)
    return CandidateMatcher(scorer, sorted(found), boost)


class CandidateMatcher(matching.WrappingMatcher):
    """``child``'s matches and scores, on the sorted document numbers ``candidates`` only."""

    def __init__(self, child: Matcher, candidates: list[int], boost: float = 1.0) -> None:
        super().__init__(child, boost)
        self._candidates = candidates
        self._next = 0
        self._settle()

    def _settle(self) -> None:
        """Stop the child on the first candidate at or after it."""
        child = self.child
        while child.is_active() and self._next < len(self._candidates):
            target = self._candidates[self._next]
            if child.id() > target:
                self._next = bisect.bisect_left(self._candidates, child.id(), self._next)
            elif child.id() < target:
                child.skip_to(target)
            else:
                return
        self._next = len(self._candidates)

    def is_active(self) -> bool:
        return self._next < len(self._candidates) and self.child.is_active()

    def copy(self) -> CandidateMatcher:
        copied = CandidateMatcher(self.child.copy(), self._candidates, self.boost)
        copied._next = self._next
        return copied

    def replace(self, minquality: float = 0) -> Matcher:
        return self if self.is_active() else matching.NullMatcher()

    def all_ids(self) -> Iterator[int]:
        # Which documents, not their scores: the child need not follow.
        if self.is_active():
            yield from self._candidates[self._next :]
            self._next = len(self._candidates)

    def next(self) -> None:
        self._next += 1
        self._settle()

    def skip_to(self, id: int) -> None:
        if self.is_active() and id > self.id():
            self._next = bisect.bisect_left(self._candidates, id, self._next)
            self._settle()

    def skip_to_quality(self, minquality: float) -> int:
        skipped = self.child.skip_to_quality(minquality / self.boost)
        self._settle()
        return skipped
