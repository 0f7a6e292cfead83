"""Writing segments: a writer that rolls to a new segment as it fills, and the
merge policy that keeps an index to a few segments however many runs add to it."""

from __future__ import annotations

from whoosh.codec.base import Segment
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search.embedded.termpool import TermPool, write_pool

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
        super().__init__(index, compound=False, **kwargs)
        self.pool = TermPool()
        self._written: list = []

    def add_document(self, **fields) -> None:
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
        self.fieldwriter.close()
        lengths.close()

    def _merge_segments(self, mergetype, optimize, merge):
        # This run's full segments join the merging from the next run on.
        return super()._merge_segments(mergetype, optimize, merge) + self._written
