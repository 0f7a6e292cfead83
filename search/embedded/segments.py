"""Writing segments: a writer that rolls to a new segment as it fills, and the
merge policy that keeps an index to a few segments however many runs add to it."""

from __future__ import annotations

from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search.embedded.termpool import BLOCK_LIMIT, COMPRESSION, TermPool, write_hashes, write_pool

# A segment's postings are gathered in memory (see search.embedded.termpool):
# this many documents' worth keeps a worker's memory bounded.
SEGMENT_DOCS = 2500
# Small segments of about the same size (within this factor) are merged once
# there are this many of them, so however many runs add a few documents each,
# the small segments stay a handful and each document is rewritten once per level.
MERGE_FACTOR = 8


def _level(segment: Segment) -> int:
    count, level = segment.doc_count(), 0
    while count >= MERGE_FACTOR:
        count //= MERGE_FACTOR
        level += 1
    return level


def merge_levels(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    """A Whoosh merge policy: once ``MERGE_FACTOR`` small segments share a level
    of size, they and every smaller segment are merged into the segment being
    written; returns the segments left as they are.

    Small means fewer than ``SEGMENT_DOCS`` live documents. A full segment is
    left alone until deletions make it small again: Whoosh merges as slowly as
    it indexes, so merging full segments would make a nightly run of a few
    pages re-index the archive. An index thus holds about one segment per
    ``SEGMENT_DOCS`` documents, plus a few small ones.
    """
    levels: dict[int, list[Segment]] = {}
    for segment in segments:
        if segment.doc_count() < SEGMENT_DOCS:
            levels.setdefault(_level(segment), []).append(segment)
    full = [level for level, members in levels.items() if len(members) >= MERGE_FACTOR]
    if not full:
        return segments
    merged = [segment for level, members in levels.items() if level <= min(full) for segment in members]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in merged]


class RollingWriter(SegmentWriter):
    """A Whoosh writer that starts a new segment every ``SEGMENT_DOCS`` documents.

    Each segment's postings are gathered per term in memory and written a
    term at a time (``search.embedded.termpool``), so time per document stays
    flat and memory bounded however many documents a run adds; all the
    segments become visible together, in the one TOC written by ``commit``.
    """

    def __init__(self, index: FileIndex, **kwargs) -> None:
        # Segments Whoosh merges are written as the pool writes its own, blocks uncompressed.
        super().__init__(index, compound=False, codec=W3Codec(BLOCK_LIMIT, COMPRESSION), **kwargs)
        self.pool = TermPool()
        self._written: list = []

    @property
    def _plain_fields(self) -> bool:
        """Whether no field asks for what only Whoosh's own ``add_document`` does
        (term vectors, a separate spelling field)."""
        return not any(field.vector or field.separate_spelling() for _, field in self.schema.items())

    def _add_fields(self, fields: dict) -> None:
        """Whoosh's ``SegmentWriter.add_document`` for fields without vectors or
        spelling, each field's postings added to the pool at once."""
        self._check_state()
        perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = self.pool.add_field(fieldname, docnum, boost, field.index(value), field.scorable)
                # A custom stored or column value, as Whoosh's writer takes it.
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def add_document(self, **fields) -> None:
        if self._plain_fields:
            self._add_fields(fields)
        else:
            super().add_document(**fields)
        if self.docnum - self.docbase >= SEGMENT_DOCS:
            self._written.append(self._finalize_segment())
            self._start_segment()

    def _start_segment(self) -> None:
        # What SegmentWriter.__init__ sets up for its one new segment.
        self.newsegment = self.codec.new_segment(self.storage, self.indexname)
        self.pool = TermPool()
        self.perdocwriter = self.codec.per_document_writer(self.storage, self.newsegment)
        self.fieldwriter = self.codec.field_writer(self.storage, self.newsegment)
        self.docnum = self.docbase = 0
        self._added = False

    def _flush_segment(self) -> None:
        # Whoosh's own, with the pool written a term at a time.
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        write_pool(self.fieldwriter, self.schema, lengths, self.pool, self.docnum)
        terms_file = self.fieldwriter._tindex
        terms_file._write_hashes = lambda: write_hashes(terms_file)
        self.fieldwriter.close()
        lengths.close()

    def _merge_segments(self, mergetype, optimize, merge):
        # This run's full segments join the merging from the next run on.
        return super()._merge_segments(mergetype, optimize, merge) + self._written
