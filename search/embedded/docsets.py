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
import struct
import zlib
from collections.abc import Callable, Hashable, Iterator, Sequence, Set
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from io import BytesIO
from itertools import accumulate
from pickle import load, loads
from typing import Any, TypeVar

import numpy as np
from whoosh import query as q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, W3PerDocReader, W3TermsReader, _lenfield
from whoosh.formats import Positions
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

    def decode() -> tuple:
        _read_block(postings)
        return postings._data

    postings._data = remember(postings._postfile, postings._dataoffset, decode)


# Unpickling and decompressing a block of postings is most of the cost of
# reading it, and a search reads the same blocks for its matches, to compare
# positions and to rank.
_read_block = W3LeafMatcher._read_data
W3LeafMatcher._read_data = _read_block_once


def remember(owner: object, key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or what it gave for ``key`` of ``owner`` (a segment's reader, a
    postings file) earlier in this ``remembering`` block."""
    remembered = _remembered.get()
    if remembered is None:
        return read()
    found = remembered.get((id(owner), key))
    if found is None:
        found = remembered[id(owner), key] = read()
    return found


def posting_ids(reader: IndexReader, fieldname: str, text: str) -> frozenset[int]:
    """The documents of one segment that hold a term, less the deleted ones."""
    return remember(reader, (fieldname, text), lambda: _read_posting_ids(reader, fieldname, text))


def term_positions(reader: IndexReader, fieldname: str, text: str, docnums: list[int]) -> dict[int, list[int]]:
    """The positions of a term in those of the sorted ``docnums`` (of one segment) that hold it."""
    field_format = reader.schema[fieldname].format
    # An index written with character offsets (see search.analysis.schema) is read by its own format.
    decode = _decode_positions if type(field_format) is Positions else field_format.decoder("positions")
    return {docnum: decode(value) for docnum, _, value in _postings_at(reader, fieldname, text, docnums)}


def _decode_positions(value: bytes) -> list[int]:
    """What ``Positions.decode_positions(value)`` gives: the pickled gaps after
    the count of positions, summed in C rather than a Python loop."""
    return list(accumulate(loads(value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b".")))


def term_weights(reader: IndexReader, fieldname: str, text: str, docnums: list[int]) -> dict[int, float]:
    """The weight of a term in those of the sorted ``docnums`` (of one segment) that hold it."""
    return {docnum: weight for docnum, weight, _ in _postings_at(reader, fieldname, text, docnums)}


def _postings_at(reader: IndexReader, fieldname: str, text: str, docnums: list[int]) -> Iterator[tuple[int, float, Any]]:
    """A term's (document number, weight, value) in each of the sorted ``docnums``
    (of one segment) that hold it, reading only the blocks that hold one of them."""
    if not docnums:
        return
    wanted = set(docnums)
    first = 0
    for last_id, block in _term_blocks(reader, fieldname, text):
        if last_id < docnums[first]:
            continue
        stop = bisect.bisect_right(docnums, last_id, first)
        ids, weights, values = block()
        if (stop - first) * _FEW_IN_A_BLOCK < len(ids):
            for docnum in docnums[first:stop]:
                at = bisect.bisect_left(ids, docnum)
                if ids[at] == docnum:
                    yield docnum, weights[at], values[at]
        else:
            for at, docnum in enumerate(ids):
                if docnum in wanted:
                    yield docnum, weights[at], values[at]
        first = stop
        if first == len(docnums):
            return


# Fewer of the wanted documents in a block than one in this many of its postings
# are looked up by bisection; more, and the block is walked once.
_FEW_IN_A_BLOCK = 8


def term_arrays(reader: IndexReader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """A term's postings in one segment as arrays of document numbers and
    weights, deleted documents included; empty if the segment lacks the term."""
    ids: list[int] = []
    weights: list[float] = []
    for _, block in _term_blocks(reader, fieldname, text):
        block_ids, block_weights, _ = block()
        ids.extend(block_ids)
        weights.extend(block_weights)
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


PostingsBlock = tuple[Sequence[int], Sequence[float], Sequence[Any]]


def _term_blocks(reader: IndexReader, fieldname: str, text: str) -> Iterator[tuple[int, Callable[[], PostingsBlock]]]:
    """A term's postings in one segment, deleted documents included, a block at
    a time: each block's last document number, and a function that decodes the
    block into its document numbers, weights and values.

    Whoosh's matchers step through postings one call per document, and even
    reading them a block at a time through a matcher costs a seek, a header
    read and a dozen calls a block. A term's postings are one extent of the
    postings file, so this reads the extent at once and walks its blocks
    (a 4-byte signed length, negative for the last block; the pickled block
    info; the block data, a pickled and maybe zlib-compressed tuple of id
    gaps, weights and values: see ``W3PostingsWriter._write_block``), decoding
    only those asked for. Within a ``remembering`` block each decoded block is
    kept, for the positions and weights a search reads again, and shared with
    Whoosh's own matchers (``_read_block_once``).
    """
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        if (fieldname, text) not in reader:
            return  # the reader of an index without segments
        raise TypeError(f"{reader!r}: not a segment of Whoosh's own codec")
    try:
        info = reader.term_info(fieldname, text)
    except TermNotFound:
        return
    if info.is_inlined():
        inlined = info.inlined_postings()
        yield inlined[0][-1], lambda: inlined
        return
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps unpack_int's tuple
        (length,) = length
    postfile = terms._postfile
    extent = postfile.get(offset, length)
    if not extent.startswith(WHOOSH3_HEADER_MAGIC):
        raise ValueError(f"postings of {fieldname}:{text!r} in {reader!r}: no block header at {offset}")
    stream = BytesIO(extent)
    position = len(WHOOSH3_HEADER_MAGIC)
    while position < length:
        (size,) = _BLOCK_LENGTH.unpack_from(extent, position)
        stream.seek(position + _INT_SIZE)
        count, last_id, _, compression, _, _ = load(stream)
        start = stream.tell()
        position += _INT_SIZE + abs(size)
        yield last_id, partial(_decoded_block, postfile, offset + start, extent, start, position, compression, count)


_BLOCK_LENGTH = struct.Struct("!i")


def _decoded_block(
    postfile: object, data_offset: int, extent: bytes, start: int, stop: int, compression: int, count: int,
) -> PostingsBlock:
    """The block of postings at ``extent[start:stop]`` (``data_offset`` in
    ``postfile``): document numbers, weights and values."""

    def decode() -> tuple:
        raw = extent[start:stop]
        return loads(zlib.decompress(raw) if compression else raw)

    gaps, weights, values = remember(postfile, data_offset, decode)
    if weights is None:
        weights = (1.0,) * count
    elif isinstance(weights, float):
        weights = (weights,) * count
    if values is None:  # a format without values (Existence)
        values = (None,) * count
    return list(accumulate(gaps)), weights, values


def _read_posting_ids(reader: IndexReader, fieldname: str, text: str) -> frozenset[int]:
    found = set(term_arrays(reader, fieldname, text)[0].tolist())
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

