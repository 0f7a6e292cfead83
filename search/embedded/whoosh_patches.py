"""Changes to Whoosh, applied when the search package is imported (the indexer imports it too).

Corrections:

``AndMaybeMatcher.skip_to`` moves its optional matcher to the
target rather than to where the required matcher landed, so when the
required one skips past the target the optional one's score is left out of
the next document. Whoosh builds such matchers when it prunes a query as its
top ten fill up, and the lost score dropped a document from the top ten
("正在 此前" at 50,000 articles).

``AndNotMatcher.skip_to_quality`` moves its required matcher past blocks
too weak for the top N, then asks it for its document without checking
that it is still active: when it ran out, the search failed with an
IndexError (an exclusion such as "万吨 NOT 如同", its required matcher a
list of a literal run's few matches). It stops there now.

``MultiReader.column_reader`` (the column of an index of several segments)
leaves out the segments that have no file for the column, which Whoosh
writes only once a document of the segment has a value. The document
offsets of the remaining segments then send a document to another
segment's column: a page without a date or source added to an index whose
earlier pages had one, or the other way round, made ``zhsearch stats`` read
out of range. Every segment is read now; one without the file reads as the
column's default for each of its documents. And the reader of an index
without segments (a first run over an empty folder, every page deleted) had
no column reader at all; it has one of no rows now.

``VarBytesColumn.Writer.finish`` (the source, site, year and month columns)
takes the column's arrays, then adds the rows of the documents after the
last value. A row can widen the offsets array (past 255 or 65,535 bytes of
values) into a new array, and the old one, short of those rows, is written;
in a segment of more than 32,768 documents, where the offsets are written,
the column then cannot be read. The rows are added first now.

``combine_terminfos`` (``MultiReader.term_info``: a term's statistics over
the segments) adds a segment's document offset to the term info of the one
segment that holds the term, the info its terms reader gave it; a terms
reader that remembers its infos (below) then moved the term's documents
further at every call. It makes a new info now, as it does for several.

``W3PerDocReader.doc_field_length`` returns None, not the default it was
given, for a document that has no words in the field (the character pairs
of a story in English): the ranking that multiplied by it failed on every
question over an index holding such a page. It returns the default now.

Speed-ups, with the same results: a postings matcher skipping to a
document inside a block steps through the block one posting at a time,
where the block's sorted document numbers can be bisected; and it decodes a
block's document numbers (stored as gaps) with a generator, where
``itertools.accumulate`` does the same sums in C. A segment's terms reader
looks a term up in its hash table (an md5 and a probe of the file) and
decodes its term info for each of ``in``, ``doc_frequency`` and
``term_info``, and a search asks all three for each word in each segment,
for its IDF, its rarest word and its postings; it remembers the term infos
it decoded (a segment never changes).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from itertools import accumulate

from whoosh import columns, reading
from whoosh.codec.whoosh3 import W3LeafMatcher, W3PerDocReader, W3TermInfo, W3TermsReader
from whoosh.matching import binary, mcore
from whoosh.reading import EmptyReader, MultiReader, TermInfo, TermNotFound


def _and_maybe_skip_to(self: binary.AndMaybeMatcher, id: int) -> bool:
    if not self.a.is_active():
        raise mcore.ReadTooFar
    moved_a = self.a.skip_to(id)
    moved_b = False
    if self.a.is_active() and self.b.is_active():
        moved_b = self.b.skip_to(self.a.id())
    return bool(moved_a or moved_b)


_and_not_find_next = binary.AndNotMatcher._find_next


def _and_not_find_next_active(self: binary.AndNotMatcher) -> bool | None:
    if not self.a.is_active():
        return False
    return _and_not_find_next(self)


def _postings_skip_to(self: W3LeafMatcher, targetid: int) -> None:
    if not self.is_active():
        raise mcore.ReadTooFar
    if targetid <= self.id():
        return
    if targetid > self.block_max_id():
        self._skip_to_block(lambda: targetid > self.block_max_id())
    if self.is_active():
        if self._ids is None:
            self._read_ids()
        # Not past the block's last document, which is at least the target.
        self._i = bisect.bisect_left(self._ids, targetid, self._i)


def _read_ids(self: W3LeafMatcher) -> None:
    if self._data is None:
        self._read_data()
    ids = self._data[0]
    self._ids = ids if self._byteids else tuple(accumulate(ids))


def _multi_column_reader(
    self: MultiReader, fieldname: str, column: columns.Column | None = None, reverse: bool = False, translate: bool = True
) -> columns.MultiColumnReader:
    # A segment reader stands in the column's default for a missing file, so
    # every segment gives one row per document and the rows line up with the
    # document numbers (MultiColumnReader counts the offsets from them).
    return columns.MultiColumnReader(
        [reader.column_reader(fieldname, column, reverse, translate) for reader in self.readers]
    )


def _empty_column_reader(
    self: EmptyReader, fieldname: str, column: columns.Column | None = None, reverse: bool = False, translate: bool = True
) -> columns.EmptyColumnReader:
    return columns.EmptyColumnReader(None, 0)


_var_bytes_finish = columns.VarBytesColumn.Writer.finish


def _var_bytes_finish_filled(self: columns.VarBytesColumn.Writer, doccount: int) -> None:
    self.fill(doccount)
    self._count = doccount  # Whoosh's finish fills again from here: nothing left
    _var_bytes_finish(self, doccount)


_field_length = W3PerDocReader.doc_field_length


# Term infos a segment's terms reader remembers, then forgets all and remembers again:
# a few hundred bytes each (an info holds the postings of a term of a few documents),
# so at most a few megabytes a segment; a search looks up a few dozen terms a segment.
_TERM_ENTRIES = 1 << 13
_UNSEEN = object()


def _term_entry(self: W3TermsReader, fieldname: str, tbytes: bytes) -> W3TermInfo | None:
    """The term info of ``tbytes`` in ``fieldname``, None if the segment has none."""
    try:
        entries = self._remembered_entries
    except AttributeError:
        entries = self._remembered_entries = {}
    key = (fieldname, tbytes)
    entry = entries.get(key, _UNSEEN)
    if entry is _UNSEEN:
        if len(entries) >= _TERM_ENTRIES:
            entries.clear()
        found = self._tindex.get(self._keycoder(fieldname, tbytes))
        # Decoded once: a term with few postings carries them, pickled, in its info.
        entry = entries[key] = None if found is None else W3TermInfo.from_bytes(found)
    return entry


def _terms_contain(self: W3TermsReader, term: tuple[str, bytes]) -> bool:
    return _term_entry(self, *term) is not None


def _term_info(self: W3TermsReader, fieldname: str, tbytes: bytes) -> W3TermInfo:
    entry = _term_entry(self, fieldname, tbytes)
    if entry is None:
        raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
    return entry


def _term_statistic(statistic: Callable[[W3TermInfo], float]) -> Callable[[W3TermsReader, str, bytes], float]:
    """``frequency`` or ``doc_frequency`` of a terms reader: KeyError for a term the segment lacks."""

    def read(self: W3TermsReader, fieldname: str, tbytes: bytes) -> float:
        entry = _term_entry(self, fieldname, tbytes)
        if entry is None:
            raise KeyError((fieldname, tbytes))
        return statistic(entry)

    return read


_combine_terminfos = reading.combine_terminfos


def _combined_term_infos(infos: list[tuple[TermInfo, int]]) -> TermInfo:
    if len(infos) == 1:
        # A new info, where Whoosh adds the offset to the one it was given.
        info, offset = infos[0]
        return TermInfo(
            info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight(),
            info.min_id() + offset, info.max_id() + offset,
        )
    return _combine_terminfos(infos)


def _doc_field_length(self: W3PerDocReader, docnum: int, fieldname: str, default: int = 0) -> int:
    length = _field_length(self, docnum, fieldname, default)
    return default if length is None else length


binary.AndMaybeMatcher.skip_to = _and_maybe_skip_to
binary.AndNotMatcher._find_next = _and_not_find_next_active
columns.VarBytesColumn.Writer.finish = _var_bytes_finish_filled
EmptyReader.column_reader = _empty_column_reader
MultiReader.column_reader = _multi_column_reader
reading.combine_terminfos = _combined_term_infos
W3PerDocReader.doc_field_length = _doc_field_length
W3TermsReader.__contains__ = _terms_contain
W3TermsReader.term_info = _term_info
W3TermsReader.frequency = _term_statistic(W3TermInfo.weight)
W3TermsReader.doc_frequency = _term_statistic(W3TermInfo.doc_frequency)
W3LeafMatcher.skip_to = _postings_skip_to
W3LeafMatcher._read_ids = _read_ids
