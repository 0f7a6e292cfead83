"""The private parts of Whoosh that zhsearch relies on are still there.

pyproject.toml pins whoosh-reloaded to the range these were read from; an
upgrade that renames or reshapes any of them fails here by name, before it
can fail in a search or an indexing run.
"""

from __future__ import annotations

import inspect

import pytest
from whoosh import reading as whoosh_reading
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3FieldWriter, W3LeafMatcher, W3PerDocReader, W3TermInfo, W3TermsReader
from whoosh.filedb import filetables
from whoosh.filedb.structfile import StructFile
from whoosh.writing import SegmentWriter

# (owner, attribute): search/embedded/docsets.py reads a term's extent of the postings file and
# decodes its blocks itself, and shares decoded blocks with Whoosh's matchers; search/embedded/segments.py
# and indexer/workers.py roll segments and hand them between processes; search/embedded/termpool.py
# writes a segment's terms into the codec's files; search/embedded/mapped.py replaces a StructFile's reads;
# search/embedded/whoosh_patches.py looks terms up in a terms reader's own hash table (its _tindex).
USED = [
    (W3LeafMatcher, "_read_data"),
    (W3LeafMatcher, "_read_ids"),
    (W3LeafMatcher, "block_max_id"),
    (W3LeafMatcher, "_skip_to_block"),
    (W3TermInfo, "extent"),
    (whoosh_reading, "combine_terminfos"),
    (W3TermInfo, "is_inlined"),
    (W3TermInfo, "inlined_postings"),
    (SegmentWriter, "_finalize_segment"),
    (SegmentWriter, "_merge_segments"),
    (SegmentWriter, "_close_segment"),
    (SegmentWriter, "add_reader"),
    (SegmentWriter, "_flush_segment"),
    (SegmentWriter, "per_document_reader"),
    (W3FieldWriter, "start_field"),
    (W3FieldWriter, "finish_field"),
    (W3PerDocReader, "_cached_reader"),
    (W3TermsReader, "_keycoder"),
    (W3TermInfo, "from_bytes"),
    (W3PerDocReader, "has_column"),
    (StructFile, "read_pickle"),
    (StructFile, "get"),
    (StructFile, "subset"),
]


@pytest.mark.parametrize(("owner", "name"), USED, ids=[f"{owner.__name__}.{name}" for owner, name in USED])
def test_the_method_is_there(owner, name):
    assert callable(getattr(owner, name, None)), f"whoosh changed: {owner.__name__}.{name} is gone"


def test_a_segment_writer_keeps_the_state_a_rolling_writer_resets(tmp_path):
    from whoosh.fields import ID, Schema
    from whoosh.index import create_in

    writer = SegmentWriter(create_in(str(tmp_path), Schema(id=ID(stored=True))))
    try:
        for state in ("newsegment", "pool", "perdocwriter", "fieldwriter", "docnum", "docbase", "_added", "_tempstorage", "codec"):
            assert hasattr(writer, state), f"whoosh changed: SegmentWriter has no {state}"
        writer.add_document(id="a")
        assert writer._added and writer.docnum == 1
    finally:
        writer.cancel()


def test_the_codec_parts_the_term_writer_uses_are_there(tmp_path):
    from whoosh.fields import ID, Schema
    from whoosh.index import create_in

    for name in ("LENGTHS_COLUMN", "WHOOSH3_HEADER_MAGIC", "_lenfield"):
        assert hasattr(whoosh3, name), f"whoosh changed: whoosh.codec.whoosh3 has no {name}"
    assert filetables._lengths.format == "!ii"
    assert W3TermInfo._struct.format == "!BfIBBfII"
    assert list(inspect.signature(whoosh3.W3Codec).parameters) == ["blocklimit", "compression", "inlinelimit"]
    writer = SegmentWriter(create_in(str(tmp_path), Schema(id=ID(stored=True))))
    try:
        writer.fieldwriter.start_field("id", writer.schema["id"])
        for state in ("_tindex", "_postfile", "_fieldid"):
            assert hasattr(writer.fieldwriter, state), f"whoosh changed: W3FieldWriter has no {state}"
        for state in ("dbfile", "hashfn", "buckets", "index", "lastkey"):
            assert hasattr(writer.fieldwriter._tindex, state), f"whoosh changed: OrderedHashWriter has no {state}"
    finally:
        writer.cancel()


def test_a_postings_matcher_holds_its_block_as_docsets_reads_it(tmp_path):
    from whoosh.fields import TEXT, Schema
    from whoosh.index import create_in

    index = create_in(str(tmp_path), Schema(text=TEXT))
    with index.writer() as writer:
        for _ in range(3):
            writer.add_document(text="word")
    with index.reader() as reader:
        matcher = reader.postings("text", "word")
        assert isinstance(matcher, W3LeafMatcher)
        matcher._read_ids()
        assert list(matcher._ids) == [0, 1, 2]
        for state in ("_postfile", "_dataoffset", "_data", "_i"):
            assert hasattr(matcher, state), f"whoosh changed: W3LeafMatcher has no {state}"


def test_a_terms_blocks_are_read_as_whoosh_reads_them(tmp_path):
    # Whoosh's own writer: blocks of 128 postings, zlib-compressed, the last one's length negative.
    from whoosh.fields import TEXT, Schema
    from whoosh.index import create_in

    from search.embedded.docsets import term_arrays, term_positions, term_weights

    index = create_in(str(tmp_path), Schema(text=TEXT(phrase=True)))
    with index.writer() as writer:
        for number in range(700):
            writer.add_document(text=" ".join(["common"] * (1 + number % 5) + (["rare"] if number % 300 == 7 else [])))
    with index.reader() as reader:
        assert isinstance(reader._terms, W3TermsReader) and hasattr(reader._terms, "_postfile")
        for word in ("common", "rare", "absent"):
            expected = []
            if ("text", word) in reader:
                matcher = reader.postings("text", word)
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight(), matcher.value_as("positions")))
                    matcher.next()
            docnums, weights = term_arrays(reader, "text", word)
            assert list(zip(docnums.tolist(), weights.tolist())) == [(docnum, weight) for docnum, weight, _ in expected]
            wanted = [docnum for docnum, _, _ in expected][::3] + [699]
            positions = term_positions(reader, "text", word, sorted(set(wanted)))
            assert positions == {docnum: at for docnum, _, at in expected if docnum in wanted}
            assert term_weights(reader, "text", word, sorted(set(wanted))) == {
                docnum: weight for docnum, weight, _ in expected if docnum in wanted
            }


def test_positions_are_decoded_as_whoosh_decodes_them():
    # search/embedded/docsets.py reads a Positions value itself: a count (whoosh.system._INT_SIZE
    # bytes), then the pickled gaps between positions.
    from whoosh import system
    from whoosh.formats import Positions

    from search.embedded.docsets import _decode_positions

    assert system._INT_SIZE == 4, "whoosh changed: whoosh.system._INT_SIZE"
    for positions in ([0], [7], [0, 0, 3], list(range(0, 3000, 7)), [5, 300, 70000, 70001]):
        value = Positions().encode(positions)
        assert _decode_positions(value) == Positions().decode_positions(value) == positions
