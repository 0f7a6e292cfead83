"""Facet counts and date order for a set of matched documents.

Whoosh's grouping opens each facet's column in every segment for every search
and looks each match up through it. The columns change only when the index
does, so they are read once per searcher (one index generation) into lists
indexed by document number; counting the matches of a search is then one
list lookup per document and facet.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Collection

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.analysis.schema import FACET_FIELDS
from search.embedded.generation import PerGeneration

DATE_FIELD = "date"
GROUP_FIELD = "group"


class FacetColumns:
    """Every facet's value for every document, as the number of the document's
    combination of values: few documents share a date, but thousands share a
    source, site, year and month, so counting a search's matches is one lookup
    a document for all the facets together."""

    def __init__(self, reader: IndexReader, names: tuple[str, ...]) -> None:
        self.names = names
        columns = [_column_values(reader, name, True) for name in names]
        numbered: dict[tuple[str, ...], int] = {}
        self.ids = np.array([numbered.setdefault(combination, len(numbered)) for combination in zip(*columns)],
                            dtype=np.int64)
        self.combinations = list(numbered)

    def counts(self, docnums: np.ndarray) -> dict[str, Counter[str]]:
        """For each facet, how many of ``docnums`` have each value; documents without one are not counted."""
        found: dict[str, Counter[str]] = {name: Counter() for name in self.names}
        combinations = self.combinations
        tally = np.bincount(self.ids[docnums], minlength=len(combinations))
        for number in np.flatnonzero(tally).tolist():
            count = int(tally[number])
            for name, value in zip(self.names, combinations[number]):
                if value:
                    found[name][value] += count
        return found


class StoryColumn:
    """Each document's story (its group of copies, see search.analysis.near_duplicates) as a number."""

    def __init__(self, reader: IndexReader) -> None:
        values = _column_values(reader, GROUP_FIELD, True) if GROUP_FIELD in reader.schema else []
        numbers: dict[str, int] = {}
        grouped = [numbers.setdefault(value, len(numbers)) if value else None for value in values]
        # A document without a group (none was computed for it) is a story of its own, numbered after the groups.
        self.ids = [
            len(numbers) + docnum if number is None else number for docnum, number in enumerate(grouped)
        ] or list(range(reader.doc_count_all()))
        self.numbers = np.array(self.ids, dtype=np.int64)
        self._count = int(self.numbers.max(initial=-1)) + 1

    def stories(self, docnums: np.ndarray) -> int:
        """How many stories ``docnums`` tell."""
        # Flags, not np.unique: no sort of thousands of matches.
        told = np.zeros(self._count, dtype=bool)
        told[self.numbers[docnums]] = True
        return int(np.count_nonzero(told))

    def first_of_each(self, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """The first of ``ranked`` of each story, in the order of ``ranked``."""
        seen: set[int] = set()
        firsts = []
        for docnum, score in ranked:
            story = self.ids[docnum]
            if story not in seen:
                seen.add(story)
                firsts.append((docnum, score))
        return firsts

    def copies(self, docnums: Collection[int], shown: list[int]) -> dict[int, list[int]]:
        """For each of ``shown``, the other documents of ``docnums`` that tell its story."""
        wanted = {self.ids[docnum]: docnum for docnum in shown}
        copies: dict[int, list[int]] = {docnum: [] for docnum in shown}
        for docnum in docnums:
            first = wanted.get(self.ids[docnum])
            if first is not None and first != docnum:
                copies[first].append(docnum)
        return copies


class Columns:
    """The facet columns and raw publish dates of one index generation."""

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self.facets = FacetColumns(reader, FACET_FIELDS)
        self.stories = StoryColumn(reader)
        self.dates: list[int] = list(_column_values(reader, DATE_FIELD, False))
        # Documents without a date hold the column's default, the largest number.
        self.undated = searcher.schema[DATE_FIELD].column_type.default_value()

    def counts(self, docnums: np.ndarray) -> dict[str, Counter[str]]:
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


# The columns of a searcher's index generation, read on first use.
columns = PerGeneration(Columns)
