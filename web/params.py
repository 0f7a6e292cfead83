"""A search as the query string of a page or API request describes it.

The search page, the embed page and the JSON API read the same parameters,
so a URL copied from one works in the others:

    q, page, per_page, sort, source, site, month (2026-01), year (2026),
    collapse (true, the default: one hit a story; false: every page)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from search import SearchError
from search.analysis.schema import FACET_FIELDS

FILTERS = (*FACET_FIELDS, "year")
FILTER_LABELS = {"source": "来源", "site": "站点", "month": "月份", "year": "年份"}
SORT_LABELS = {"relevance": "相关度", "date": "时间"}
MAX_PAGE = 1000  # deeper pages cost a full ranking of page × per_page hits each
MAX_QUERY = 2000  # characters: room for a pasted paragraph, a bound on jieba's time
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_LEADING_OR = re.compile(r"^\s*(?:(?:OR|\|)\s+)+")
# No search needs them and a page or message must not echo them: C0 and C1
# controls (tab and newline, whitespace in a pasted paragraph, stay) and
# Unicode's bidi controls, which reorder the text around them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class BadParameter(SearchError):
    """A request parameter cannot be used; the message names it."""


def without_controls(value: str) -> str:
    """``value`` without control and bidi control characters."""
    return _CONTROLS.sub("", value)


def read_query(args: Mapping[str, str]) -> str:
    """The query ``q`` of a search or of the words an article marks; BadParameter
    when it is longer than any route takes."""
    query = args.get("q", "")
    if len(query) > MAX_QUERY:
        raise BadParameter(f"参数 q 最多 {MAX_QUERY} 个字符，这次有 {len(query)} 个")
    return query


def whole_number(args: Mapping[str, str], name: str, default: int, high: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"参数 {name} 应为整数，而不是“{raw}”") from None
    if not 1 <= value <= high:
        raise BadParameter(f"参数 {name} 应在 1 到 {high} 之间，而不是 {value}")
    return value


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    filters: dict[str, str] = field(default_factory=dict)
    # One hit a story, its copies by other outlets folded under it.
    collapse: bool = True

    @classmethod
    def from_args(cls, args: Mapping[str, str], per_page: int, max_per_page: int) -> SearchRequest:
        """Read a request's parameters; BadParameter explains the first one that is wrong."""
        sort = args.get("sort", "").strip() or "relevance"
        if sort not in SORT_LABELS:
            raise BadParameter(f"参数 sort 只能是 relevance 或 date，而不是“{sort}”")
        filters = {name: args[name].strip() for name in FILTERS if args.get(name, "").strip()}
        if "year" in filters and not _YEAR.match(filters["year"]):
            raise BadParameter(f"参数 year 应为四位年份，如 2026，而不是“{filters['year']}”")
        if "month" in filters and not _MONTH.match(filters["month"]):
            raise BadParameter(f"参数 month 应为 年-月，如 2026-01，而不是“{filters['month']}”")
        collapse = args.get("collapse", "").strip().lower() or "true"
        if collapse not in ("true", "false"):
            raise BadParameter(f"参数 collapse 只能是 true 或 false，而不是“{collapse}”")
        return cls(
            collapse=collapse == "true",
            query=read_query(args),
            page=whole_number(args, "page", 1, MAX_PAGE),
            per_page=whole_number(args, "per_page", per_page, max_per_page),
            sort=sort,
            filters=filters,
        )

    @property
    def is_empty(self) -> bool:
        return not self.query.strip()

    def query_text(self) -> str:
        """The query the index runs: a year filter becomes a leading ``date:`` clause.

        It goes first so that a trailing OR in the user's words cannot join it;
        an OR the user put first was meaningless and is dropped.
        """
        year = self.filters.get("year")
        if not year:
            return self.query
        return f"date:{year} " + _LEADING_OR.sub("", self.query)

    def index_filters(self) -> dict[str, str]:
        """The filters the index applies as terms (the year is part of the query)."""
        return {name: value for name, value in self.filters.items() if name in FACET_FIELDS}

    def with_changes(
        self, page: int | None = None, sort: str | None = None, collapse: bool | None = None, **filters: str | None
    ) -> SearchRequest:
        """This search with another sort, collapsing, or filters set or (None) removed;
        a changed search starts on page one unless ``page`` is given."""
        merged = {**self.filters, **filters}
        return replace(
            self,
            filters={name: value for name, value in merged.items() if value},
            page=page if page is not None else 1,
            sort=sort or self.sort,
            collapse=self.collapse if collapse is None else collapse,
        )

    def params(self, default_per_page: int, **extra: Any) -> dict[str, Any]:
        """The query-string parameters that describe this search, defaults left out."""
        params: dict[str, Any] = {"q": self.query} if self.query else {}
        params.update((name, self.filters[name]) for name in FILTERS if name in self.filters)
        if self.sort != "relevance":
            params["sort"] = self.sort
        if not self.collapse:
            params["collapse"] = "false"
        if self.per_page != default_per_page:
            params["per_page"] = self.per_page
        if self.page != 1:
            params["page"] = self.page
        params.update(extra)
        return params
