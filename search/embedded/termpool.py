"""Postings gathered per term and written a term at a time, in Whoosh's own format.

Whoosh's writer keeps a pool of one tuple per posting, sorts it, and feeds the
codec one posting at a time: each posting passes through half a dozen Python
calls, and each term (most of them, character pairs above all, occur in one
or two documents of a segment) through a dozen more. Here a segment's postings
are gathered per term in arrays as they come, and each term's blocks are
encoded at once into the codec's files, a field's term index entries in one
write: the same term index (``.trm``) and postings (``.pst``) that
``W3FieldWriter`` writes, so the segment is an
ordinary Whoosh segment that Whoosh opens, reads and merges.

A term found in a few documents of the segment has its postings inlined in
its term info, a form Whoosh's codec reads (``W3TermInfo.is_inlined``) though
its own writer never produces it (``W3PostingsWriter.finish_postings`` calls a
method ``W3TermInfo`` does not have): that saves a postings block per such
term, and most terms, character pairs above all, are such terms.

Blocks are written uncompressed (``COMPRESSION``), as their info tells
Whoosh's reader: a search decodes hundreds of blocks of its words' postings,
and zlib took a seventh of a results page's time (a third for a word in a
third of the articles); the postings file is about 2.5 times larger for it
(see docs/speed.md).
"""

from __future__ import annotations

import struct
from array import array
from hashlib import md5
from pickle import dumps

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo, _lenfield
from whoosh.fields import Schema
from whoosh.filedb.filetables import OrderedHashWriter, _lengths
from whoosh.codec.base import PerDocumentReader
from whoosh.system import pack_int, pack_long, pack_ushort

# Whoosh's W3Codec default of postings a block; its zlib level for a block is 3,
# ours 0, none (see above): segments that Whoosh's writer merges get the same.
BLOCK_LIMIT = 128
COMPRESSION = 0
# A term in this many documents of a segment or fewer keeps its postings in its
# term info: no block to write, none to read.
INLINE_LIMIT = 4

# Term index entries written at once.
TERMS_A_WRITE = 4096

# Whoosh's writer pickles blocks and term infos with protocol 2, where a bytes
# object (each posting's value) becomes a call of _codecs.encode on a str: four
# to five times slower to write and to read than protocol 4's bytes. Whoosh's
# readers unpickle whatever protocol they find (pickle.loads, pickle.load).
_PROTOCOL = 4
_pack_terminfo = W3TermInfo._struct.pack
_pack_lengths = _lengths.pack


class TermPostings:
    """One term's postings in a segment: document numbers, weights and encoded values, in order."""

    __slots__ = ("docnums", "weights", "values")

    def __init__(self, gathered: list) -> None:
        self.docnums = array("I", gathered[0::3])
        self.weights = array("f", gathered[1::3])
        # Empty values (a format that stores none) are left out, as Whoosh's writer does.
        self.values: list[bytes] = [value for value in gathered[2::3] if value]


class TermPool:
    """Stands in for Whoosh's ``PostingPool`` in a ``SegmentWriter``: ``add`` takes the
    same ``(fieldname, tbytes, docnum, weight, vbytes)`` postings, in any order of
    terms but in increasing document numbers (the order a writer adds documents).

    Memory is what bounds a segment's size, and most terms have one or two
    postings: each term's postings are one flat list (document number, weight,
    value, document number, …), and equal weights share one float object."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, list]] = {}
        self._weights: dict[float, float] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        weight = self._weights.setdefault(weight, weight)
        gathered = terms.get(tbytes)
        if gathered is None:
            terms[tbytes] = [docnum, weight, vbytes]
        else:
            gathered += (docnum, weight, vbytes)

    def add_field(self, fieldname: str, docnum: int, boost: float, postings, scorable: bool) -> int:
        """Add one document's postings ``(tbytes, frequency, weight, vbytes)`` of
        ``fieldname``, each weight times ``boost``, as Whoosh's ``add_document``
        adds them one by one; returns the field's length in the document (0 when
        not ``scorable``)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        weights = self._weights
        length = 0
        for tbytes, frequency, weight, vbytes in postings:
            if boost != 1.0:
                weight *= boost
            weight = weights.setdefault(weight, weight)
            length += frequency
            gathered = terms.get(tbytes)
            if gathered is None:
                terms[tbytes] = [docnum, weight, vbytes]
            else:
                gathered += (docnum, weight, vbytes)
        return length if scorable else 0

    def cleanup(self) -> None:
        self.fields.clear()
        self._weights.clear()


def _field_lengths(lengths: PerDocumentReader | None, fieldname: str, doccount: int) -> bytes | None:
    """The length byte of ``fieldname`` in each document of the segment, as
    Whoosh's length column stores it (0 where it has none), or None for a field
    without lengths."""
    if lengths is None or not lengths.has_column(_lenfield(fieldname)):
        return None
    column = lengths._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    return bytes(column[docnum] for docnum in range(doccount))


def _length_range(length_bytes: bytes | None, docnums) -> tuple[int, int]:
    """The smallest and largest length byte of ``docnums`` (0 for none), as Whoosh's
    writer finds them: documents without a length do not count."""
    if length_bytes is None:
        return 0, 0
    present = [length_bytes[docnum] for docnum in docnums]
    present = [length for length in present if length]
    return (min(present), max(present)) if present else (0, 0)


def _mini_weights(weights) -> object:
    if all(weight == 1.0 for weight in weights):
        return None
    if all(weight == weights[0] for weight in weights):
        return weights[0]
    return tuple(weights)


def _write_blocks(postfile, postings: TermPostings, length_bytes: bytes | None, fixed_size: int | None) -> tuple[float, float, int, int]:
    """The term's postings as Whoosh's ``W3PostingsWriter`` writes them: blocks of
    pickled (ids, weights, values), each after its statistics.
    Returns the term's total weight, largest weight and shortest and longest length bytes."""
    docnums, weights, values = postings.docnums, postings.weights, postings.values
    postfile.write(WHOOSH3_HEADER_MAGIC)
    count = len(docnums)
    total, heaviest, shortest, longest = 0.0, 0.0, 0, 0
    for start in range(0, count, BLOCK_LIMIT):
        end = min(start + BLOCK_LIMIT, count)
        ids = docnums[start:end]
        block_weights = weights[start:end]
        # Each block's ids are deltas from the one before, the first from 0.
        deltas = [docnum - base for docnum, base in zip(ids, [0, *ids[:-1]])]
        if fixed_size is None or fixed_size < 0:
            block_values = tuple(values[start:end])
        elif fixed_size == 0:
            block_values = None
        else:
            block_values = b"".join(values[start:end])
        data = dumps((tuple(deltas), _mini_weights(block_weights), block_values), _PROTOCOL)
        low, high = _length_range(length_bytes, ids)
        block_max = max(block_weights)
        info = dumps((len(ids), ids[-1], block_max, COMPRESSION, low, high), _PROTOCOL)
        size = len(info) + len(data)
        postfile.write(pack_int(-size if end == count else size))
        postfile.write(info)
        postfile.write(data)
        total += sum(block_weights)
        heaviest = max(heaviest, block_max)
        shortest = low if low and (not shortest or low < shortest) else shortest
        longest = max(longest, high)
    return total, heaviest, shortest, longest


def _inlined_info(gathered: list, length_bytes: bytes | None) -> bytes:
    """The bytes of the ``W3TermInfo`` of a term of at most ``INLINE_LIMIT``
    documents, its postings (``gathered`` as the pool holds them) inlined."""
    if len(gathered) == 3:
        # Most terms: one document.
        docnum, weight, value = gathered
        length = length_bytes[docnum] if length_bytes is not None else 0
        info = _pack_terminfo(True, weight, 1, length, length, weight, docnum, docnum)
        return info + dumps(((docnum,), (weight,), (value or None,)), _PROTOCOL)
    docnums, weights = gathered[0::3], gathered[1::3]
    # Whoosh's readers give one value a posting; None where the format stores none.
    values = [value for value in gathered[2::3] if value] or [None] * len(docnums)
    shortest = longest = 0
    if length_bytes is not None:
        present = [length for length in map(length_bytes.__getitem__, docnums) if length]
        if present:
            shortest, longest = min(present), max(present)
    info = _pack_terminfo(True, sum(weights), len(docnums), shortest, longest, max(weights), docnums[0], docnums[-1])
    return info + dumps((tuple(docnums), tuple(weights), tuple(values)), _PROTOCOL)


def _blocks_info(postfile, postings: TermPostings, length_bytes: bytes | None, fixed_size: int | None) -> bytes:
    """The bytes of the term's ``W3TermInfo`` (lengths as length bytes, as it stores
    them), its postings written to ``postfile`` first."""
    docnums = postings.docnums
    start = postfile.tell()
    total, heaviest, shortest, longest = _write_blocks(postfile, postings, length_bytes, fixed_size)
    tail = pack_long(start) + pack_int(postfile.tell() - start)
    return _pack_terminfo(False, total, len(docnums), shortest, longest, heaviest, docnums[0], docnums[-1]) + tail


def _key_hash(key: bytes) -> int:
    """Whoosh's ``md5_hash`` of a term index key (the low 32 bits of its md5), without the hex string."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")


def write_hashes(terms_file: OrderedHashWriter) -> None:
    """``terms_file``'s 256 hash tables as ``HashWriter._write_hashes`` writes them
    (the same slots, by the same linear probing), each in one write."""
    for entries in terms_file.buckets:
        terms_file.directory.append((terms_file.dbfile.tell(), 2 * len(entries)))
        slots = 2 * len(entries)
        table = [0, 0] * slots
        for hashed, position in entries:
            slot = (hashed >> 8) % slots
            while table[2 * slot + 1]:  # no key starts at 0: the file's header is there
                slot = (slot + 1) % slots
            table[2 * slot], table[2 * slot + 1] = hashed, position
        terms_file.dbfile.write(struct.pack(f"!{'Iq' * slots}", *table))


def write_pool(fieldwriter: W3FieldWriter, schema: Schema, lengths: PerDocumentReader | None, pool: TermPool, doccount: int) -> None:
    """Write every term of ``pool`` into the segment of ``fieldwriter``, fields and
    terms in order, as ``FieldWriter.add_postings`` would: for each term, its
    term index entry as ``OrderedHashWriter.add`` makes one, a few thousand at a write."""
    terms_file, postfile = fieldwriter._tindex, fieldwriter._postfile
    dbfile, index, buckets = terms_file.dbfile, terms_file.index, terms_file.buckets
    inline_size = 3 * INLINE_LIMIT
    for fieldname in sorted(pool.fields):
        if fieldname not in schema:
            continue
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        prefix = pack_ushort(fieldwriter._fieldid)
        length_bytes = _field_lengths(lengths, fieldname, doccount)
        fixed_size = fieldobj.format.fixed_value_size()
        terms = pool.fields.pop(fieldname)
        position = dbfile.tell()
        records, positions = [], []
        # The pool shrinks as the entries are written.
        for tbytes in sorted(terms):
            gathered = terms.pop(tbytes)
            if len(gathered) <= inline_size:
                info = _inlined_info(gathered, length_bytes)
            else:
                info = _blocks_info(postfile, TermPostings(gathered), length_bytes, fixed_size)
            key = prefix + tbytes
            record = _pack_lengths(len(key), len(info)) + key + info
            records.append(record)
            positions.append(position)
            hashed = _key_hash(key)
            buckets[hashed & 255].append((hashed, position))
            position += len(record)
            if len(records) == TERMS_A_WRITE:
                dbfile.write(b"".join(records))
                records.clear()
        dbfile.write(b"".join(records))
        if positions:
            index.extend(positions)
            terms_file.lastkey = key
        fieldwriter.finish_field()
