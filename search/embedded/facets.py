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


class FacetColumns:
    """Every facet's value for every document, as the number of the document's
    combination of values: few documents share a date, but thousands share a
    source, site, year and month, so counting a search's matches is one lookup
    a document for all the facets together."""

    def __init__(self, reader: IndexReader, names: tuple[str, ...]) -> None:
        self.names = names
        columns = [_column_values(reader, name, True) for name in names]
        numbered: dict[tuple[str, ...], int] = {}
        self.ids = [numbered.setdefault(combination, len(numbered)) for combination in zip(*columns)]
        self.combinations = list(numbered)

    def counts(self, docnums: Collection[int]) -> dict[str, Counter[str]]:
        """For each facet, how many of ``docnums`` have each value; documents without one are not counted."""
        found: dict[str, Counter[str]] = {name: Counter() for name in self.names}
        combinations = self.combinations
        for number, count in Counter(map(self.ids.__getitem__, docnums)).items():
            for name, value in zip(self.names, combinations[number]):
                if value:
                    found[name][value] += count
        return found


class Columns:
    """The facet columns and raw publish dates of one index generation."""

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self.facets = FacetColumns(reader, FACET_FIELDS)
        self.dates: list[int] = list(_column_values(reader, DATE_FIELD, False))
        # Documents without a date hold the column's default, the largest number.
        self.undated = searcher.schema[DATE_FIELD].column_type.default_value()

    def counts(self, docnums: Collection[int]) -> dict[str, Counter[str]]:
        return self.facets.counts(docnums)

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
