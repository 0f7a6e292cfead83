"""One page of a search: its documents, the total and the facet counts.

The total and the facets come from the set of all matches counted over
columns read once per index generation (``facets``). The matches and their
scores are computed a term's postings at a time (``scores``), exactly as
Whoosh's matchers would score them; a query with a node that cannot be
scored so finds its matches as sets (``docsets``) and its page through
Whoosh's top-N collector.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as q
from whoosh.searching import Searcher

from search.embedded.docsets import matching, remembering
from search.embedded import graded as grading
from search.embedded import scores
from search.embedded import whoosh_patches  # noqa: F401  (before any search runs)
from search.embedded.facets import columns
from search.embedded.nodes import executable
from search.query.graded import FEW, Graded


@dataclass
class Found:
    total: int
    # (document number, score) in page order; the score is 0 when not ranked by relevance.
    hits: list[tuple[int, float]] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    # Of the total, the documents that hold only some of the words (see search.embedded.graded),
    # listed after those holding them all; and their share of the counts.
    partial: int = 0
    partial_counts: dict[str, Counter[str]] = field(default_factory=dict)
    # How many stories the matches tell (copies of one story are one), and, when
    # the hits are collapsed to one a story, the other matching copies of each hit.
    stories: int = 0
    copies: dict[int, list[int]] = field(default_factory=dict)

    @property
    def complete(self) -> int:
        """How many documents match the whole query."""
        return self.total - self.partial


def find(
    searcher: Searcher,
    query: q.Query | None,
    restrict: q.Query | None,
    page: int,
    per_page: int,
    by_date: bool,
    graded: Graded | None = None,
    collapse: bool = False,
) -> Found:
    """Page ``page`` of the documents ``query`` matches among those ``restrict``
    matches, ranked by relevance or, with ``by_date`` or no query, newest first;
    when fewer than ``graded.FEW`` match, the partial matches of ``graded``
    follow them. With ``collapse``, a page lists one document a story (the
    first in that order) and pages count stories.

    A page past the last has no hits; the total and the counts still describe
    every match.
    """
    if query is None and restrict is None:
        return Found(total=0)
    with remembering():
        return _find(searcher, executable(query) if query is not None else None, restrict, graded,
                     page, per_page, by_date, collapse)


def _find(searcher: Searcher, query: q.Query | None, restrict: q.Query | None, graded: Graded | None,
          page: int, per_page: int, by_date: bool, collapse: bool) -> Found:
    index_columns = columns(searcher)
    found_matches = scores.Matches(searcher)
    allowed = found_matches.of(restrict) if restrict is not None else None
    ranking = found_matches.scored(query) if query is not None else None
    matched: Collection[int]
    if ranking is not None:
        if allowed is not None:
            ranking = ranking.among(allowed)
        matched_ids = ranking.doc_numbers()
        matched = matched_ids.tolist()
    else:
        # A set, as Whoosh's collector takes it for a filter.
        matched = matching(query, searcher) if query is not None else set(np.flatnonzero(allowed).tolist())
        if query is not None and allowed is not None:
            matched = {docnum for docnum in matched if allowed[docnum]}
        matched_ids = _doc_numbers(matched)
    coverage = grading.NO_COVERAGE
    if graded is not None and len(matched) < FEW:  # the plain case costs nothing more
        strict = ranking.matches if ranking is not None else found_matches.flags(matched)
        coverage = grading.coverage(graded, found_matches.of, allowed, strict)
    found = Found(total=len(matched) + len(coverage), partial=len(coverage))
    # The partial matches are none of the whole query's.
    everything_ids = np.concatenate([matched_ids, coverage.docnums]) if coverage else matched_ids
    found.counts = index_columns.counts(everything_ids)
    if coverage:
        found.partial_counts = index_columns.counts(coverage.docnums)
    found.stories = index_columns.stories.stories(everything_ids)
    start = (page - 1) * per_page
    if start >= (found.stories if collapse else found.total):  # no matches, or a page past the last
        return found
    stop = start + per_page

    def ordered(count: int) -> list[tuple[int, float]]:
        return _first(found_matches, query, ranking, graded, matched, coverage, by_date, count)

    if not collapse:
        found.hits = ordered(stop)[start:stop]
        return found
    # Copies of a story usually rank next to each other: look further until the page has its stories.
    depth = stop
    while True:
        ranked = ordered(depth)
        firsts = index_columns.stories.first_of_each(ranked)
        if len(firsts) >= stop or len(ranked) < depth:
            break
        depth *= 4
    found.hits = firsts[start:stop]
    found.copies = index_columns.stories.copies(everything_ids.tolist(), [docnum for docnum, _ in found.hits])
    return found


def _doc_numbers(docnums: Collection[int]) -> np.ndarray:
    return np.fromiter(docnums, dtype=np.int64, count=len(docnums))


def _first(found_matches: scores.Matches, query: q.Query | None, ranking: scores.Scored | None, graded: Graded | None,
           matched, coverage: grading.Coverage, by_date: bool, count: int) -> list[tuple[int, float]]:
    """The first ``count`` matches in the order of the results: the whole query's, then the partial ones."""
    searcher = found_matches.searcher
    index_columns = columns(searcher)
    if by_date or query is None:
        newest = index_columns.newest_first(matched, count)
        if coverage and count > len(matched):
            newest += index_columns.newest_first(coverage.docnums.tolist(), count - len(matched))
        return [(docnum, 0.0) for docnum in newest]
    complete = len(matched)
    hits: list[tuple[int, float]] = []
    if complete and graded is not None and graded.sentence:
        hits = grading.ranked(graded, searcher, grading.complete(graded, _doc_numbers(matched)), count, found_matches)
    elif complete and ranking is not None:
        hits = ranking.first(count)
    elif complete:
        # Every match is in ``matched``, so as a filter it only tells the
        # collector which documents the restriction lets through.
        top = searcher.search(query, limit=count, filter=matched)
        hits = [(top.docnum(n), top.score(n)) for n in range(min(count, top.scored_length()))]
    if count > complete and coverage:
        hits += grading.ranked(graded, searcher, coverage, count - complete, found_matches)
    return hits
