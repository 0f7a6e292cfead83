"""All the pages a search matches, as rows to take away: CSV for spreadsheets, JSON Lines for programs.

The search page's 导出 links, ``/api/export`` and ``zhsearch search --all`` share
this: the engine is asked a page of 100 hits at a time, and each row is written
as soon as its page has been read, so a long export starts at once and never
holds all its rows. One row per page (copies of one story each have their own),
the page's story (``group``: copies of one story share it) in a column of its own,
at most the configured cap (``export_limit``).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from search import Hit, SearchResults
from search.results import MAX_PER_PAGE
from search.engine import Engine

FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
COLUMNS = ("title", "date", "source", "site", "path", "group", "snippet")
# Excel reads a CSV file as the system's code page unless it opens with a byte-order mark.
BYTE_ORDER_MARK = "\ufeff"
_MARK = re.compile(r"</?mark>")


def plain_text(marked: str) -> str:
    """A snippet as text: its ``<mark>`` tags taken out, its HTML escapes undone."""
    return html.unescape(_MARK.sub("", marked))


def row_of(hit: Hit) -> dict[str, str | None]:
    return {
        "title": hit.title,
        "date": hit.date,
        "source": hit.source,
        "site": hit.site,
        "path": hit.path,
        "group": hit.group,
        "snippet": plain_text(hit.snippet),
    }


@dataclass
class Export:
    """The rows of a search: ``total`` pages match, the first ``limit`` are exported."""

    total: int
    limit: int
    first: SearchResults
    engine: Engine
    text: str
    filters: dict[str, str]
    sort: str

    @property
    def exported(self) -> int:
        return min(self.total, self.limit)

    @property
    def cut(self) -> bool:
        """More pages match than the cap lets out."""
        return self.total > self.limit

    def rows(self) -> Iterator[dict[str, str | None]]:
        results, page, written = self.first, 1, 0
        while True:
            for hit in results.hits:
                if written == self.exported:
                    return
                yield row_of(hit)
                written += 1
            if written >= self.exported or not results.hits:
                return
            page += 1
            results = self.engine.search(
                self.text, page=page, per_page=MAX_PER_PAGE, filters=self.filters, sort=self.sort, collapse=False
            )


def start_export(engine: Engine, text: str, filters: dict[str, str], sort: str, limit: int) -> Export:
    """The export of a search; its first page is read now, so that SearchError
    (a bad parameter) comes before any row is written."""
    first = engine.search(text, page=1, per_page=MAX_PER_PAGE, filters=filters, sort=sort, collapse=False)
    return Export(first.total, limit, first, engine, text, filters, sort)


def csv_lines(rows: Iterator[dict[str, str | None]]) -> Iterator[str]:
    """A header row and one line per row, the first led by a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    yield BYTE_ORDER_MARK + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()


def jsonl_lines(rows: Iterator[dict[str, str | None]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def formatted(export: Export, format_name: str) -> Iterator[str]:
    """The rows of ``export`` in ``format_name`` (``csv`` or ``jsonl``), piece by piece."""
    return (csv_lines if format_name == "csv" else jsonl_lines)(export.rows())
