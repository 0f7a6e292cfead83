"""Segments written a term at a time are ordinary Whoosh segments.

The same documents go through Whoosh's own SegmentWriter and through
zhsearch's RollingWriter; Whoosh's own readers must find the same terms with
the same statistics and postings in both, and Whoosh's own writer must merge
zhsearch's segment into one that reads the same again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from generated_news import write_news
from indexer.prepare import FileTask, prepare_batch
from search.analysis.schema import SCHEMA
from search.embedded.segments import RollingWriter
from search.embedded.termpool import BLOCK_LIMIT, INLINE_LIMIT
from search.embedded.writer import IndexWriter


def _documents(folder: Path) -> list[dict]:
    # 300 pages: the common words span more than two blocks of postings.
    documents = []
    for path in write_news(folder, count=300):
        stat = path.stat()
        task = FileTask(str(path), path.name, stat.st_size, stat.st_mtime_ns, None)
        documents.extend(prepare_batch([task], IndexWriter.make_document)[0].documents)
    return documents


def _write(target: Path, documents: list[dict], writer_type) -> whoosh_index.FileIndex:
    target.mkdir()
    index = whoosh_index.create_in(str(target), SCHEMA)
    writer = writer_type(index)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return whoosh_index.open_dir(str(target))


def _everything(index: whoosh_index.FileIndex) -> dict:
    """Every term's statistics and postings, as Whoosh's reader gives them."""
    found = {}
    with index.reader() as reader:
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found[fieldname, text] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                info.max_weight(), info.min_id(), info.max_id(), postings,
            )
        for docnum in range(reader.doc_count_all()):
            for fieldname in ("title", "body", "grams"):
                found["length", docnum, fieldname] = reader.doc_field_length(docnum, fieldname)
            found["stored", docnum] = reader.stored_fields(docnum)
        for fieldname in ("date", "year", "month", "source", "site", "group"):
            column = reader.column_reader(fieldname)
            found["column", fieldname] = [column[docnum] for docnum in range(reader.doc_count_all())]
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[whoosh_index.FileIndex, whoosh_index.FileIndex]:
    root = tmp_path_factory.mktemp("termpool")
    documents = _documents(root / "pages")
    return _write(root / "whoosh", documents, SegmentWriter), _write(root / "zhsearch", documents, RollingWriter)


def test_whoosh_reads_the_same_terms_statistics_and_postings(written):
    whoosh_written, ours = written
    expected, found = _everything(whoosh_written), _everything(ours)
    assert found.keys() == expected.keys()
    differing = [key for key in expected if found[key] != expected[key]]
    assert not differing, f"{len(differing)} terms differ, e.g. {differing[:3]}"
    # The test spans what the writer does differently: terms of a few
    # documents (inlined), of one block, small or compressed, and of several.
    frequencies = {value[1] for key, value in found.items() if key[0] not in ("length", "stored", "column")}
    assert set(range(1, INLINE_LIMIT + 2)) <= frequencies
    assert any(INLINE_LIMIT < df <= BLOCK_LIMIT // 2 for df in frequencies)
    assert max(frequencies) > 2 * BLOCK_LIMIT


def test_whoosh_merges_the_segment_into_one_that_reads_the_same(written, tmp_path):
    _, ours = written
    expected = _everything(ours)
    merged_dir = tmp_path / "merged"
    merged_dir.mkdir()
    merged = whoosh_index.create_in(str(merged_dir), SCHEMA)
    writer = merged.writer()
    with ours.reader() as reader:
        writer.add_reader(reader)
    writer.commit(optimize=True)
    assert _everything(whoosh_index.open_dir(str(merged_dir))) == expected
