"""The query language's own kinds of query, beside Whoosh's: what they find,
as data. Each engine gives them their meaning (``search.embedded.nodes``
evaluates them on a Whoosh index, ``search.cluster.text`` writes them in
Sphinx's MATCH syntax).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoosh import query as q
from whoosh.reading import IndexReader

from search.analysis.schema import bigrams

# Both live in the field of adjacent-character pairs.
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

    def apply(self, fn: Callable[[q.Query], q.Query]) -> Literal:
        # ``besides`` is a subquery, so transformations of the tree reach it.
        return type(self)(self.run, fn(self.besides) if self.besides is not None else None, self.boost)


class AnyBigram(q.Query):
    """Documents holding any of ``grams``, scored as Whoosh's BM25F scores an OR
    of their terms, but a term at a time.

    A description has a few hundred bigrams, common ones among them, so its
    OR touches most of the postings of the collection; Whoosh's union matchers
    step and score them one by one, which takes seconds. Here each term's
    postings are read a block at a time and added into one score per
    document, a few tens of milliseconds.
    """

    def __init__(self, grams: list[str]) -> None:
        self.grams = list(grams)
        self.boost = 1.0
        self.fieldname = FIELD

    def __repr__(self) -> str:
        return f"AnyBigram({self.grams!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnyBigram) and self.grams == other.grams

    def __hash__(self) -> int:
        return hash((AnyBigram, tuple(self.grams)))

    def field(self) -> str:
        return FIELD

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        for gram in self.grams:
            yield FIELD, gram

    def leaves(self) -> Iterator[q.Term]:
        for gram in self.grams:
            yield q.Term(FIELD, gram)

    def estimate_size(self, ixreader: IndexReader) -> int:
        return ixreader.doc_count()
