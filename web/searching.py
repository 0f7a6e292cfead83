"""One search as the web front end shows it: the index's results plus what the
pages add around them (year counts, the month timeline, did you mean, broader
suggestions).

The search page, the embed page and the JSON API all start here, so they
always agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from search import FacetValue, SearchResults
from search.engine import Engine
from web.params import SearchRequest
from web.suggest import Suggestion, did_you_mean, suggest


@dataclass
class Outcome:
    request: SearchRequest
    results: SearchResults
    # Hits per month for the query without any month filter, so the timeline
    # still shows the other months while one is chosen.
    timeline: list[FacetValue] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    # The query respelt, when no page holds all its words (see web.suggest).
    did_you_mean: Suggestion | None = None

    @property
    def years(self) -> list[FacetValue]:
        if "year" in self.request.filters:
            # Counted without the year filter (see SWITCHABLE), oldest first.
            return sorted(self.results.facets.get("year", []), key=lambda value: value.value)
        return years_of(self.results.facets.get("month", []))

    @property
    def undated(self) -> int:
        """Hits without a publish date (they are in no month)."""
        return self.results.total - sum(value.count for value in self.results.facets.get("month", []))


def years_of(months: list[FacetValue]) -> list[FacetValue]:
    """Year counts summed from month counts (``2026-01`` → ``2026``), oldest first."""
    counts: Counter[str] = Counter()
    partial: Counter[str] = Counter()
    for month in months:
        counts[month.value[:4]] += month.count
        partial[month.value[:4]] += month.partial
    return [FacetValue(year, count, partial[year]) for year, count in sorted(counts.items())]


# Facets whose chosen value a reader may switch for another: while one is
# chosen, the facet counts the results without it, so the others stay listed.
SWITCHABLE = ("source", "site", "year")


def _counts_without(index: Engine, request: SearchRequest, name: str) -> list[FacetValue]:
    """The counts of facet ``name`` for ``request`` without its own filter."""
    others = replace(request, filters={key: value for key, value in request.filters.items() if key != name})
    return index.search(others.query_text(), per_page=1, filters=others.index_filters()).facets.get(name, [])


def run_search(index: Engine, request: SearchRequest) -> Outcome:
    """Run ``request``; SearchError names a parameter the index cannot take."""
    results = index.search(
        request.query_text(),
        page=request.page,
        per_page=request.per_page,
        filters=request.index_filters(),
        # Filters without words browse, newest first.
        sort="date" if request.is_empty else request.sort,
        collapse=request.collapse,
    )
    results.query = request.query
    results.filters = dict(request.filters)
    outcome = Outcome(request, results, timeline=results.facets.get("month", []))
    if "month" in request.filters:
        outcome.timeline = _counts_without(index, request, "month")
    for name in SWITCHABLE:
        if name in request.filters:
            results.facets[name] = _counts_without(index, request, name)
    if not results.complete and not request.is_empty:
        outcome.did_you_mean = did_you_mean(index, request)
    if not results.total and not request.is_empty:
        outcome.suggestions = suggest(index, request)
    return outcome
