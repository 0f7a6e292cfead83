"""Exact phrases of words, checked only where all the words occur.

Whoosh's Phrase query steps through every document holding all its words and
builds span objects for each to compare positions; a phrase of two common
words costs that for thousands of documents, twice over (for the set of
matches and for the ranking). ``CheckedPhrase`` finds the candidates with
sets of document numbers, compares positions once (``literal.consecutive_ids``)
and scores the matches as Whoosh does: the sum of the words' scores.
"""

from __future__ import annotations

from whoosh import query as q
from whoosh.matching import Matcher
from whoosh.searching import Searcher

from search.embedded.literal import consecutive, consecutive_ids


class CheckedPhrase(q.Phrase):
    """A Phrase of adjacent words (``slop`` 1) with the same matches and scores."""

    def matcher(self, searcher: Searcher, context=None) -> Matcher:
        return consecutive(searcher, context, self.fieldname, list(self.words), self, self.boost)

    def segment_doc_ids(self, searcher: Searcher) -> frozenset[int]:
        """The matches in ``searcher``'s segment (see ``docsets.doc_ids``)."""
        return consecutive_ids(searcher, self.fieldname, list(self.words), None)
