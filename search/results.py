"""What a search gives back, the same from every engine: results with their
hits and facet counts, a document, index statistics, similar documents; and
the checks every engine makes of a search's parameters before it runs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from search.analysis.schema import FACET_FIELDS
from search.analysis.synonyms import Synonyms
from search.defaults import MAX_PER_PAGE
from search.query.parser import ParsedQuery, parse

SORTS = ("relevance", "date")


class SearchError(ValueError):
    """A parameter of a search is out of range; the message names it."""


@dataclass
class Page:
    """A page as a list names it; also another matching copy of a hit's story."""

    id: str
    path: str
    title: str
    date: str | None
    source: str | None
    site: str | None


@dataclass
class Hit(Page):
    score: float
    snippet: str
    title_html: str
    # It holds only some of the query's words (see search.query.graded).
    partial: bool = False
    # The story it tells (see search.analysis.near_duplicates), and, when results
    # are collapsed, the other matching pages that tell it.
    group: str | None = None
    copies: list[Page] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["title_html"]
        return data

    @property
    def outlets(self) -> list[str]:
        """The outlets of the copies (their source, else their site), each named once."""
        return list(dict.fromkeys(name for copy in self.copies if (name := copy.source or copy.site)))


@dataclass
class FacetValue:
    value: str
    count: int
    # Of the count, the documents holding only some of the query's words.
    partial: int = 0


def facet_values(name: str, counts: dict[str, int], partial: dict[str, int]) -> list[FacetValue]:
    """A facet's values as every engine lists them: months in order, the others most frequent first."""
    values = [FacetValue(str(value), count, partial.get(value, 0)) for value, count in counts.items()]
    key = (lambda v: v.value) if name == "month" else (lambda v: (-v.count, v.value))
    return sorted(values, key=key)


@dataclass
class SearchResults:
    query: str
    total: int
    took_ms: float
    page: int
    per_page: int
    sort: str
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    # Of the total, the documents holding only some of the query's words,
    # listed after those holding them all (see search.query.graded).
    partial: int = 0
    # Shards of a cluster that did not answer: the results are those of the others.
    missing_shards: list[str] = field(default_factory=list)
    # How many stories the total pages tell (copies of one story are one); with
    # ``collapsed``, the hits are one a story and the pages count stories.
    stories: int = 0
    collapsed: bool = False

    @property
    def complete(self) -> int:
        """How many documents hold all the query's words."""
        return self.total - self.partial

    @property
    def pages(self) -> int:
        listed = self.stories if self.collapsed else self.total
        return max((listed + self.per_page - 1) // self.per_page, 1)

    @property
    def beyond_last_page(self) -> bool:
        """A page past the last was asked for: there are no hits, though there are matches."""
        return self.total > 0 and self.page > self.pages

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "partial": self.partial,
            "stories": self.stories,
            "collapsed": self.collapsed,
            "took_ms": round(self.took_ms, 2),
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "filters": self.filters,
            "ignored": self.ignored,
            "missing_shards": self.missing_shards,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": {
                name: [asdict(value) for value in values] for name, values in self.facets.items()
            },
        }


@dataclass
class IndexStats:
    index_dir: str
    documents: int
    size_bytes: int
    first_date: str | None
    last_date: str | None
    top_sources: list[FacetValue]
    updated: str | None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for source in data["top_sources"]:
            del source["partial"]  # counts over the whole index, not a query's matches
        return data


@dataclass
class Document:
    id: str
    path: str
    title: str
    title_derived: bool
    date: str | None
    source: str | None
    site: str | None
    body: str
    title_html: str
    body_html: str
    # A page file of its own, which the server may offer (a feed's record has none).
    has_file: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["title_html"], data["body_html"], data["has_file"]
        return data



@dataclass
class SimilarDocument:
    id: str
    title: str
    score: float
    date: str | None
    source: str | None
    site: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)



def begin_search(
    text: str, synonyms: Synonyms, page: int, per_page: int, sort: str, filters: dict[str, str] | None
) -> tuple[ParsedQuery, SearchResults]:
    """The parsed query and the results to fill, with the filters that have a value;
    SearchError names a parameter out of range."""
    if page < 1:
        raise SearchError(f"page must be 1 or more, not {page}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise SearchError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}")
    if sort not in SORTS:
        raise SearchError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    for name in filters or {}:
        if name not in FACET_FIELDS:
            raise SearchError(f"filter {name!r} is not one of {', '.join(FACET_FIELDS)}")
    parsed = parse(text, synonyms)
    results = SearchResults(
        query=text, total=0, took_ms=0.0, page=page, per_page=per_page, sort=sort,
        filters={name: value for name, value in (filters or {}).items() if value}, ignored=parsed.ignored,
    )
    return parsed, results
