"""The documents a query matches, as a set of document numbers.

A results page needs every match, not only the best ten: for the total and
the facet counts. Stepping Whoosh's matchers through thousands of documents
costs microseconds a document, where the postings' document numbers can be
read a block at a time into sets; so words, ORs, ANDs and exclusions are
worked out with set operations, and only the rest (phrases, literal runs,
date ranges) run their own matchers.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterator, Sequence, Set
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import accumulate
from pickle import loads
from typing import Any, TypeVar

import numpy as np
from whoosh import query as q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.formats import Positions
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length


def doc_ids(query: q.Query, searcher: Searcher) -> Set[int]:
    """The numbers of the documents ``query`` matches in ``searcher``'s segment."""
    if isinstance(query, q.Term):
        return posting_ids(searcher.reader(), query.fieldname, query.text)
    if isinstance(query, q.Or):
        return set().union(*(doc_ids(sub, searcher) for sub in query.subqueries))
    if isinstance(query, q.And):
        if not query.subqueries:
            return set()
        found = doc_ids(query.subqueries[0], searcher)
        for sub in query.subqueries[1:]:
            if not found:
                break
            found = found & doc_ids(sub, searcher)
        return found
    if isinstance(query, q.AndNot):
        found = doc_ids(query.a, searcher)
        return found - doc_ids(query.b, searcher) if found else found
    if isinstance(query, q.Every):
        return set(searcher.reader().all_doc_ids())
    # Phrases and literal runs compare positions, the ranking asks for them
    # again, and a literal run's exclusions may hold the same phrase.
    own = getattr(query, "segment_doc_ids", None)
    return remember(searcher.reader(), query, lambda: own(searcher) if own else frozenset(query.docs(searcher)))


T = TypeVar("T")
_remembered: ContextVar[dict[tuple[int, Hashable], Any] | None] = ContextVar("postings", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within this block, each term's postings (and each phrase's matches) in a
    segment are read only once, and each block of postings decoded once.

    A query reads the same postings several times over: for the set of its
    matches, again for what a literal run leaves out, and again to rank the
    page; decoding a block of postings costs far more than the set it gives.
    """
    if _remembered.get() is not None:
        yield  # already remembering, for the whole of a search
        return
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def remembered(reader: IndexReader, query: q.Query) -> frozenset[int] | None:
    """The documents of ``reader`` that ``query`` was found to match earlier in
    this ``remembering`` block, if it was."""
    found = _remembered.get()
    return found.get((id(reader), query)) if found is not None else None


def _read_block_once(postings: W3LeafMatcher) -> None:
    """Whoosh's ``W3LeafMatcher._read_data``, decoding each block once per ``remembering`` block."""
    remembered = _remembered.get()
    key = (id(postings._postfile), postings._dataoffset)
    data = remembered.get(key) if remembered is not None else None
    if data is None:
        _read_block(postings)
        if remembered is not None:
            remembered[key] = postings._data
    else:
        postings._data = data


# Unpickling and decompressing a block of postings is most of the cost of
# reading it, and a search reads the same blocks for its matches, to compare
# positions and to rank.
_read_block = W3LeafMatcher._read_data
W3LeafMatcher._read_data = _read_block_once


def remember(reader: IndexReader, key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or what it gave for ``key`` in ``reader`` earlier in this ``remembering`` block."""
    remembered = _remembered.get()
    if remembered is None:
        return read()
    found = remembered.get((id(reader), key))
    if found is None:
        found = remembered[id(reader), key] = read()
    return found


def posting_ids(reader: IndexReader, fieldname: str, text: str) -> frozenset[int]:
    """The documents of one segment that hold a term, less the deleted ones."""
    return remember(reader, (fieldname, text), lambda: _read_posting_ids(reader, fieldname, text))


def _leaf_postings(reader: IndexReader, fieldname: str, text: str) -> tuple[Matcher, W3LeafMatcher | None]:
    """A term's postings in one segment, and the block reader under them if
    Whoosh's own codec wrote them (a segment with deletions wraps it in a filter)."""
    matcher = reader.postings(fieldname, text)
    postings = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    return matcher, postings if isinstance(postings, W3LeafMatcher) else None


def term_positions(reader: IndexReader, fieldname: str, text: str, docnums: list[int]) -> dict[int, list[int]]:
    """The positions of a term in those of the sorted ``docnums`` (of one segment) that hold it."""
    field_format = reader.schema[fieldname].format
    # An index written with character offsets (see search.analysis.schema) is read by its own format.
    decode = _decode_positions if type(field_format) is Positions else field_format.decoder("positions")
    return {docnum: decode(postings.value()) for docnum, postings in _postings_at(reader, fieldname, text, docnums)}


def _decode_positions(value: bytes) -> list[int]:
    """What ``Positions.decode_positions(value)`` gives: the pickled gaps after
    the count of positions, summed in C rather than a Python loop."""
    return list(accumulate(loads(value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b".")))


def term_weights(reader: IndexReader, fieldname: str, text: str, docnums: list[int]) -> dict[int, float]:
    """The weight of a term in those of the sorted ``docnums`` (of one segment) that hold it."""
    return {docnum: postings.weight() for docnum, postings in _postings_at(reader, fieldname, text, docnums)}


def _postings_at(reader: IndexReader, fieldname: str, text: str, docnums: list[int]) -> Iterator[tuple[int, Matcher]]:
    """A term's postings matcher at each of the sorted ``docnums`` (of one segment) that hold it.

    Stepping a matcher to each document walks the postings one by one; this
    looks the documents up in each block's document numbers, and reads only
    the blocks that hold one of them.
    """
    if not docnums or (fieldname, text) not in reader:
        return
    matcher, postings = _leaf_postings(reader, fieldname, text)
    if postings is None:
        for docnum in docnums:
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                yield docnum, matcher
        return
    wanted = 0
    while postings.is_active() and wanted < len(docnums):
        if postings.block_max_id() < docnums[wanted]:
            postings._next_block()
            continue
        postings._read_ids()
        ids = postings._ids
        while wanted < len(docnums) and docnums[wanted] <= ids[-1]:
            at = bisect.bisect_left(ids, docnums[wanted])
            if ids[at] == docnums[wanted]:
                postings._i = at
                yield docnums[wanted], postings
            wanted += 1
        postings._next_block()


def posting_blocks(reader: IndexReader, fieldname: str, text: str) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """A term's postings in one segment as (document numbers, weights), a block
    at a time, deleted documents included; nothing if the term is absent."""
    # Whoosh's matchers step through postings one call per document; this
    # reads them a block at a time.
    try:
        matcher, postings = _leaf_postings(reader, fieldname, text)
    except TermNotFound:  # one lookup of the term, not two
        return
    if postings is None:
        docnums, weights = [], []
        while matcher.is_active():
            docnums.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield docnums, weights
        return
    while postings.is_active():
        postings._read_ids()
        postings._read_weights()
        yield postings._ids, postings._weights
        postings._next_block()


def _read_posting_ids(reader: IndexReader, fieldname: str, text: str) -> frozenset[int]:
    found: set[int] = set()
    for docnums, _ in posting_blocks(reader, fieldname, text):
        found.update(docnums)
    deleted = getattr(reader, "deleted_docs_set", None)
    return frozenset(found - deleted if deleted else found)


# A stored length byte as the length Whoosh's scorer reads; a document
# without words in the field reads as the scorer's default, 1.
_LENGTH_OF_BYTE = np.array([byte_to_length(byte) for byte in range(256)], dtype=np.float64)
_LENGTH_OF_BYTE[0] = 1.0


def field_lengths(reader: IndexReader, fieldname: str) -> np.ndarray:
    """Each document's length of ``fieldname`` in one segment, as Whoosh's BM25F scorer reads it."""
    count = reader.doc_count_all()
    if not count:
        return np.zeros(0)
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        raise TypeError(f"{reader!r}: not a segment of Whoosh's own codec")
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return np.ones(count)
    # One byte a document, read at once; the column stops at the last document with a length.
    raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
    stored = np.zeros(count, dtype=np.intp)
    stored[: len(raw)] = raw[:count]
    return _LENGTH_OF_BYTE[stored]


def matching(query: q.Query, searcher: Searcher) -> set[int]:
    """The numbers of the documents ``query`` matches in the whole index, segment by segment."""
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        ids = doc_ids(query, leaf)
        found.update(map(offset.__add__, ids))
    return found

