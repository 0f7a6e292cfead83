"""The documents a query matches, as a set of document numbers.

A results page needs every match, not only the best ten: for the total and
the facet counts. Stepping Whoosh's matchers through thousands of documents
costs microseconds a document, where the postings' document numbers decode
into sets at C speed; so words, ORs, ANDs and exclusions are worked out with
set operations, and only the rest (phrases, literal runs, date ranges) run
their own matchers.
"""

from __future__ import annotations

import bisect

from whoosh import query as q
from whoosh.reading import IndexReader
from whoosh.searching import Searcher


def doc_ids(query: q.Query, searcher: Searcher) -> set[int]:
    """The numbers of the documents ``query`` matches in ``searcher``'s segment."""
    if isinstance(query, q.Term):
        reader = searcher.reader()
        if (query.fieldname, query.text) not in reader:
            return set()
        return set(reader.postings(query.fieldname, query.text).all_ids())
    if isinstance(query, q.Or):
        return set().union(*(doc_ids(sub, searcher) for sub in query.subqueries))
    if isinstance(query, q.And):
        if not query.subqueries:
            return set()
        found = doc_ids(query.subqueries[0], searcher)
        for sub in query.subqueries[1:]:
            if not found:
                break
            found &= doc_ids(sub, searcher)
        return found
    if isinstance(query, q.AndNot):
        found = doc_ids(query.a, searcher)
        return found - doc_ids(query.b, searcher) if found else found
    if isinstance(query, q.Every):
        return set(searcher.reader().all_doc_ids())
    return set(query.docs(searcher))


def matching(query: q.Query, searcher: Searcher) -> set[int]:
    """The numbers of the documents ``query`` matches in the whole index, segment by segment."""
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        ids = doc_ids(query, leaf)
        found.update(ids if not offset else (docnum + offset for docnum in ids))
    return found


def leaf_of(searcher: Searcher, docnum: int) -> tuple[IndexReader, int]:
    """The segment reader that holds ``docnum``, and its number within that segment."""
    leaves = searcher.reader().leaf_readers()
    place = bisect.bisect_right([offset for _, offset in leaves], docnum) - 1
    reader, offset = leaves[place]
    return reader, docnum - offset
