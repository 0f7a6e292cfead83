"""Totals, facet counts and browsing by filters, against a count over every document.

The index is cut into several segments and has deleted and re-added
documents, so that document numbers run across segments and some are gone.
"""

from __future__ import annotations

from collections import Counter

import pytest
from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh import scoring

import search.embedded.segments
from generated_news import write_news
from indexer.build import index_paths
from search import open_index, parse
from search.analysis.schema import FACET_FIELDS
from search.embedded.nodes import executable

QUERIES = ["能源", "能源 OR 上海", "能源 -储能", '"能源体系"', "title:能源", "北京 上海"]
FILTERS = [{}, {"source": "新华社"}, {"month": "2026-01"}, {"year": "2025"}, {"site": "网易号", "year": "2026"}]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module) -> str:
    root = tmp_path_factory.mktemp("facets")
    pages = root / "pages"
    pages.mkdir()
    write_news(pages)
    monkeypatch_module.setattr(search.embedded.segments, "SEGMENT_DOCS", 40)
    index_paths([pages], root / "index")
    # Deleted documents leave holes; updated ones move to a new segment.
    moved = sorted(pages.iterdir())[::7]
    for page in moved[:5]:
        page.unlink()
    for page in moved[5:]:
        page.write_text(page.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    report = index_paths([pages], root / "index")
    assert report.deleted == 5 and report.updated == len(moved) - 5
    return str(root / "index")


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def index(index_dir):
    return open_index(index_dir)


def every_document(index_dir: str) -> list[dict]:
    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 2
        return list(searcher.all_stored_fields())


def brute_force(index_dir: str, text: str, filters: dict[str, str]) -> tuple[set[str], dict[str, Counter]]:
    """The ids Whoosh's own collector finds for the query, and their facet values counted one by one."""
    query = executable(parse(text).query)
    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        restrict = q.And([q.Term(name, value) for name, value in filters.items()]) if filters else None
        ids = {hit["id"] for hit in searcher.search(query, limit=None, filter=restrict)}
    matched = [doc for doc in every_document(index_dir) if doc["id"] in ids]
    return ids, {name: Counter(doc[name] for doc in matched if doc.get(name)) for name in FACET_FIELDS}


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("text", QUERIES)
def test_total_and_facets_count_every_match(index, index_dir, text, filters):
    ids, counts = brute_force(index_dir, text, filters)
    results = index.search(text, filters=filters, per_page=100)
    assert results.complete == len(ids)
    assert {hit.id for hit in results.hits if not hit.partial} == ids
    complete = {name: Counter({v.value: v.count - v.partial for v in values}) for name, values in results.facets.items()}
    assert complete == counts


def test_filters_without_words_browse_newest_first(index, index_dir):
    documents = every_document(index_dir)
    wanted = [doc for doc in documents if doc.get("source") == "新华社"]
    first = index.search("", filters={"source": "新华社"}, per_page=10)
    assert first.total == len(wanted) > 10 and first.pages == (len(wanted) + 9) // 10
    pages = [first] + [index.search("", filters={"source": "新华社"}, page=n) for n in range(2, first.pages + 1)]
    hits = [hit for page in pages for hit in page.hits]
    assert sorted(hit.id for hit in hits) == sorted(doc["id"] for doc in wanted)
    dates = [hit.date for hit in hits]
    assert dates == sorted(dates, reverse=True)
    assert [value.value for value in first.facets["source"]] == ["新华社"]
    assert sum(value.count for value in first.facets["month"]) == len(wanted)


def test_a_year_alone_browses_that_year(index, index_dir):
    in_2026 = [doc for doc in every_document(index_dir) if doc.get("year") == "2026"]
    results = index.search("", filters={"year": "2026"})
    assert results.total == len(in_2026) and len(results.hits) == 10
    assert all(hit.date.startswith("2026") for hit in results.hits)
    assert {value.value for value in results.facets["year"]} == {"2026"}


def test_no_words_and_no_filters_find_nothing(index):
    results = index.search("")
    assert results.total == 0 and results.hits == [] and results.facets == {}


def test_sort_by_date_puts_undated_documents_last(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    body = "能源价格的走势牵动着千家万户，专家认为今年的供应总体平稳。" * 3
    (pages / "undated.txt").write_text(f"没有日期的能源报道\n{body}\n", encoding="utf-8")
    (pages / "old.txt").write_text(f"旧的能源报道\n2025-01-02 08:00:00\n{body}\n", encoding="utf-8")
    (pages / "new.txt").write_text(f"新的能源报道\n2026-03-04 08:00:00\n{body}\n", encoding="utf-8")
    assert index_paths([pages], tmp_path / "index").added == 3
    results = open_index(tmp_path / "index").search("能源", sort="date")
    assert [hit.path.rsplit("/", 1)[-1] for hit in results.hits] == ["new.txt", "old.txt", "undated.txt"]


def test_an_empty_index_finds_nothing(tmp_path):
    (tmp_path / "pages").mkdir()
    index_paths([tmp_path / "pages"], tmp_path / "index")
    index = open_index(tmp_path / "index")
    assert index.search("能源").total == 0
    assert index.search("", filters={"year": "2026"}).total == 0


@pytest.mark.parametrize("text", QUERIES)
def test_pages_hold_the_best_scored_documents(index, index_dir, text):
    """The ranking equals Whoosh scoring every match (no pruning), page after page."""
    with whoosh_index.open_dir(index_dir).searcher(weighting=scoring.BM25F()) as searcher:
        everything = searcher.search(executable(parse(text).query), limit=None)
        expected = [(hit["id"], round(hit.score, 4)) for hit in everything]
    pages = [index.search(text, per_page=4, page=number) for number in range(1, len(expected) // 4 + 2)]
    found = [(hit.id, hit.score) for page in pages for hit in page.hits]
    assert found[: len(expected)] == expected
