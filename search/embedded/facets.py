"""Facet counts and date order for a set of matched documents.

Whoosh's grouping opens each facet's column in every segment for every search
and looks each match up through it. The columns change only when the index
does, so they are read once per searcher (one index generation) into lists
indexed by document number; counting the matches of a search is then one
list lookup per document and facet.
"""

from __future__ import annotations

import heapq
import threading
import weakref
from collections import Counter
from collections.abc import Collection

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.analysis.schema import FACET_FIELDS

DATE_FIELD = "date"


class FacetColumn:
    """One facet's value for every document, as small numbers standing for the values."""

    def __init__(self, reader: IndexReader, name: str) -> None:
        numbers: dict[str, int] = {}
        self.ids = [numbers.setdefault(value, len(numbers)) for value in _column_values(reader, name, True)]
        self.values = list(numbers)

    def counts(self, docnums: Collection[int]) -> Counter[str]:
        """How many of ``docnums`` have each value; documents without one are not counted."""
        values = self.values
        counted = Counter(map(self.ids.__getitem__, docnums))
        return Counter({values[number]: count for number, count in counted.items() if values[number]})


class Columns:
    """The facet columns and raw publish dates of one index generation."""

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self.facets = {name: FacetColumn(reader, name) for name in FACET_FIELDS}
        self.dates: list[int] = list(_column_values(reader, DATE_FIELD, False))
        # Documents without a date hold the column's default, the largest number.
        self.undated = searcher.schema[DATE_FIELD].column_type.default_value()

    def counts(self, docnums: Collection[int]) -> dict[str, Counter[str]]:
        return {name: column.counts(docnums) for name, column in self.facets.items()}

    def newest_first(self, docnums: Collection[int], count: int) -> list[int]:
        """The first ``count`` of ``docnums`` by publish date, newest first, undated
        documents last; documents of the same date in index order."""
        dates, undated = self.dates, self.undated

        def key(docnum: int) -> tuple[bool, int, int]:
            stamp = dates[docnum]
            return (stamp == undated, -stamp, docnum)

        return heapq.nsmallest(count, docnums, key=key)


def _column_values(reader: IndexReader, name: str, translate: bool) -> list:
    values: list = []
    for leaf, _ in reader.leaf_readers():
        if not leaf.doc_count_all():
            continue  # an empty index's reader has no columns at all
        values.extend(leaf.column_reader(name, translate=translate))
    return values


_cache: weakref.WeakKeyDictionary[Searcher, Columns] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def columns(searcher: Searcher) -> Columns:
    """The columns of ``searcher``'s index generation, read on first use."""
    with _cache_lock:
        found = _cache.get(searcher)
        if found is None:
            found = _cache[searcher] = Columns(searcher)
        return found
