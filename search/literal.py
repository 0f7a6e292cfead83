"""Finding a run of Chinese characters where it occurs literally, from the ``grams`` field.

The ``grams`` field holds every pair of adjacent characters at its character
position, so a run occurs in a document where its bigrams stand at
consecutive positions. Whoosh's own Phrase query checks that for every
document holding all the bigrams, building span objects as it goes; for a
common name that is thousands of documents, nearly all of which the query's
words match anyway. ``Literal`` first drops the documents that ``besides``
(the words' own query) matches, by document number alone, and checks the
positions of the few that are left with set arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoosh import matching
from whoosh import query as q
from whoosh.matching import Matcher
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree

from search.schema import bigrams

FIELD = "grams"


class Literal(q.Query):
    """Documents where ``run`` (two or more folded Chinese characters) occurs
    literally, leaving out those ``besides`` matches."""

    def __init__(self, run: str, besides: q.Query | None = None, boost: float = 1.0) -> None:
        self.run = run
        self.besides = besides
        self.boost = boost
        self.fieldname = FIELD

    def __repr__(self) -> str:
        return f"Literal({self.run!r}, besides={self.besides!r}, boost={self.boost})"

    def __str__(self) -> str:
        return f"{FIELD}:{self.run!r}^{self.boost}"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Literal)
            and (self.run, self.besides, self.boost) == (other.run, other.besides, other.boost)
        )

    def __hash__(self) -> int:
        return hash((Literal, self.run, self.boost))

    def field(self) -> str:
        return FIELD

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        for gram in bigrams(self.run):
            yield FIELD, gram

    def estimate_size(self, ixreader) -> int:
        return min((ixreader.doc_frequency(FIELD, gram) for gram in bigrams(self.run)), default=0)

    def matcher(self, searcher: Searcher, context=None) -> Matcher:
        reader = searcher.reader()
        grams = bigrams(self.run)
        if not grams or any((FIELD, gram) not in reader for gram in grams):
            return matching.NullMatcher()

        def gram_matchers() -> list[Matcher]:
            # One per bigram, even a repeated one (哈哈哈): each is read at its own offset.
            return [q.Term(FIELD, gram).matcher(searcher, context) for gram in grams]

        matchers = gram_matchers()
        candidates = matchers[0] if len(matchers) == 1 else make_binary_tree(
            matching.IntersectionMatcher, matchers
        )
        if self.besides is not None:
            matched = self.besides.matcher(searcher, context)
            if matched.is_active():
                candidates = matching.AndNotMatcher(candidates, matched)
        if len(grams) == 1:
            return matching.WrappingMatcher(candidates, self.boost)
        return LiteralMatcher(candidates, gram_matchers, self.boost)


class LiteralMatcher(matching.WrappingMatcher):
    """Moves over the candidates whose bigrams stand at consecutive positions.

    ``child`` proposes documents that hold every bigram; matchers of their own,
    from ``gram_matchers``, read the positions there.
    """

    def __init__(self, child: Matcher, gram_matchers: Callable[[], list[Matcher]], boost: float = 1.0) -> None:
        super().__init__(child, boost)
        self._gram_matchers = gram_matchers
        self._grams = gram_matchers()
        self._settle()

    def _occurs(self) -> bool:
        docnum = self.child.id()
        starts: set[int] | None = None
        for offset, gram in enumerate(self._grams):
            if gram.id() < docnum:
                gram.skip_to(docnum)
            positions = {position - offset for position in gram.value_as("positions")}
            starts = positions if starts is None else starts & positions
            if not starts:
                return False
        return True

    def _settle(self) -> None:
        while self.child.is_active() and not self._occurs():
            self.child.next()

    def copy(self) -> LiteralMatcher:
        return LiteralMatcher(self.child.copy(), self._gram_matchers, self.boost)

    def replace(self, minquality: float = 0) -> Matcher:
        return self if self.is_active() else matching.NullMatcher()

    def all_ids(self) -> Iterator[int]:
        while self.is_active():
            yield self.id()
            self.next()

    def next(self) -> None:
        self.child.next()
        self._settle()

    def skip_to(self, id: int) -> None:
        self.child.skip_to(id)
        self._settle()

    def skip_to_quality(self, minquality: float) -> int:
        skipped = self.child.skip_to_quality(minquality / self.boost)
        self._settle()
        return skipped
