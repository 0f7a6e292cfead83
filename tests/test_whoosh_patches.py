"""The corrections in search.embedded.whoosh_patches, through Whoosh's own API.

They replace or wrap Whoosh internals (a reader's segment readers, a column
writer's rows); an upgrade that changes those makes these tests fail.
"""

from __future__ import annotations

import pytest
from whoosh.columns import VarBytesColumn
from whoosh.fields import ID, NUMERIC, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.reading import MultiReader

import search.embedded.whoosh_patches  # noqa: F401  (the corrections under test)

SCHEMA = Schema(tag=ID(sortable=True), number=NUMERIC(sortable=True))


@pytest.mark.parametrize(
    "segments",
    [
        [[None, None], ["a"]],
        [["a", "b"], [None]],
        [[None], [None, None]],
        [[None, "a"], [None], ["b", None]],
    ],
    ids=["first without", "last without", "none with", "mixed"],
)
def test_segments_without_a_column_file_read_as_the_default(segments):
    index = RamStorage().create_index(SCHEMA)
    for tags in segments:
        writer = index.writer()
        for position, tag in enumerate(tags):
            writer.add_document(**({"tag": tag, "number": position} if tag else {}))
        writer.commit(merge=False)  # one segment each, some without the column files
    tags = [tag or "" for segment in segments for tag in segment]
    # Numbers as the column holds them; a document without one holds the default.
    number = SCHEMA["number"]
    numbers = [
        number.to_column_value(position) if tag else number.column_type.default_value()
        for segment in segments
        for position, tag in enumerate(segment)
    ]
    with index.reader() as reader:
        assert isinstance(reader, MultiReader)
        for name, translate, expected in (("tag", True, tags), ("number", False, numbers)):
            column = reader.column_reader(name, translate=translate)
            assert len(column) == len(expected)
            assert list(column) == expected
            assert [column[docnum] for docnum in range(len(expected))] == expected


def test_an_index_without_segments_has_empty_columns():
    with RamStorage().create_index(SCHEMA).reader() as reader:
        assert list(reader.column_reader("tag")) == []


def test_rows_after_the_last_value_that_widen_the_offsets_are_written():
    # The last value ends past 65,535 bytes, so the first row after it needs
    # wider offsets; a segment this long has them written.
    values = [b"x" * 219] * 300
    rows = 40_000
    column = VarBytesColumn()
    storage = RamStorage()
    with storage.create_file("column") as file:
        writer = column.writer(file)
        for docnum, value in enumerate(values):
            writer.add(docnum, value)
        writer.finish(rows)
    reader = column.reader(storage.open_file("column"), 0, storage.file_length("column"), rows)
    assert reader.had_stored_offsets
    assert list(reader) == values + [b""] * (rows - len(values))
    assert reader[len(values) - 1] == values[-1] and reader[rows - 1] == b""


def test_a_field_without_words_has_the_default_length():
    from whoosh.fields import TEXT

    index = RamStorage().create_index(Schema(tag=ID(stored=True), text=TEXT))
    with index.writer() as writer:
        writer.add_document(tag="a", text="words here")
        writer.add_document(tag="b", text="")
    with index.reader() as reader:
        assert reader.doc_field_length(0, "text", 7) == 2
        assert reader.doc_field_length(1, "text", 7) == 7


def test_an_exclusion_whose_required_matches_run_out_while_skipping_finds_the_rest():
    from whoosh.matching import AndNotMatcher, ListMatcher
    from whoosh.scoring import WeightScorer

    # Every document of the required side is too weak for the wanted quality.
    required = ListMatcher([1, 3], [1.0, 1.0], scorer=WeightScorer(1.0))
    matcher = AndNotMatcher(required, ListMatcher([2], [1.0]))
    matcher.skip_to_quality(5.0)
    assert not matcher.is_active()


def test_a_segment_answers_for_each_field_s_terms_asked_again_and_again():
    from whoosh.fields import TEXT
    from whoosh.reading import TermNotFound

    index = RamStorage().create_index(Schema(title=TEXT, body=TEXT))
    with index.writer() as writer:
        writer.add_document(title="apple", body="apple pear apple")
        writer.add_document(title="pear", body="apple")
        writer.add_document(title="plum", body="apple plum")
    with index.reader() as reader:
        for _ in range(2):  # the second time from what the segment remembers
            assert (reader.doc_frequency("title", b"apple"), reader.doc_frequency("body", b"apple")) == (1, 3)
            assert (reader.frequency("title", b"apple"), reader.frequency("body", b"apple")) == (1, 4)
            assert reader.term_info("body", b"pear").max_id() == 0 and reader.term_info("title", b"pear").max_id() == 1
            assert ("title", b"plum") in reader and ("title", b"kiwi") not in reader
            assert reader.doc_frequency("body", b"kiwi") == 0
            with pytest.raises(TermNotFound):
                reader.term_info("body", b"kiwi")


def test_an_index_of_segments_gives_a_term_s_document_numbers_however_often_asked():
    # MultiReader.term_info adds the segment's offset to the term info a segment gives it.
    from whoosh.fields import TEXT

    index = RamStorage().create_index(Schema(body=TEXT))
    for words in ("apple", "pear", "pear plum"):
        with index.writer() as writer:
            writer.add_document(body=words)
    with index.reader() as reader:
        for _ in range(3):
            info = reader.term_info("body", "plum")
            assert (info.min_id(), info.max_id(), info.doc_frequency()) == (2, 2, 1)
