"""The parsed query made ready to run on the index: the query language's own
kinds of query (``search.query.nodes``) and phrases of adjacent words swapped
for the classes that read them from the segments."""

from __future__ import annotations

from whoosh import query as q

from search.embedded.literal import SegmentLiteral
from search.embedded.phrase import CheckedPhrase
from search.embedded.ranking import SegmentAnyBigram
from search.query.nodes import AnyBigram, Literal


def executable(query: q.Query) -> q.Query:
    """``query`` with each node the index evaluates in its own way swapped in."""

    def swap(node: q.Query) -> q.Query:
        if type(node) is q.Phrase and node.slop == 1 and len(node.words) > 1:
            return CheckedPhrase(node.fieldname, node.words, boost=node.boost, char_ranges=node.char_ranges)
        if type(node) is Literal:
            return SegmentLiteral(node.run, node.besides, node.boost)
        if type(node) is AnyBigram:
            return SegmentAnyBigram(node.grams)
        return node

    return query.accept(swap)
