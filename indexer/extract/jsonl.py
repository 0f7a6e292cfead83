"""Reading JSON Lines from pipelines: one article per line.

Each line is an object with ``url``, ``title``, ``body``, ``date``, ``source``
and ``site`` fields, or with ``html`` (a whole page) to be read like a saved
page; fields given beside ``html`` are the pipeline's word and win over what
the page says. A bad line is reported on its own and the other lines still
come through.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime

from indexer.extract.dates import from_unix, parse_iso
from indexer.extract.errors import ExtractError
from indexer.extract.html import read_html
from indexer.extract.lines import article_paragraphs, split_lines
from indexer.extract.record import Article, Record
from indexer.extract.sites import canonical_name, site_for_url

_TEXT_FIELDS = ("url", "title", "body", "html", "source", "site")


def _date(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        found = from_unix(str(int(value)))
    elif isinstance(value, str):
        found = parse_iso(value)
    else:
        found = None
    if found is None:
        raise ValueError(f"date {value!r} is not a date")
    return found.when


def _article(fields: dict) -> Article:
    for key in _TEXT_FIELDS:
        if fields.get(key) is not None and not isinstance(fields[key], str):
            raise ValueError(f"field {key!r} must be a string, not {type(fields[key]).__name__}")
    url = fields.get("url") or None
    if fields.get("html"):
        found = read_html(fields["html"], url=url)
    elif fields.get("body"):
        found = Article(None, None, None, None, article_paragraphs(split_lines(fields["body"])))
    else:
        raise ValueError("no body and no html")
    known = site_for_url(url)
    given = Article(
        title=fields.get("title") or None,
        date=_date(fields.get("date")),
        source=fields.get("source") or None,
        site=canonical_name(fields.get("site")) or None,
        paragraphs=found.paragraphs,
    )
    return replace(
        given,
        title=given.title or found.title,
        date=given.date or found.date,
        source=given.source or found.source,
        site=given.site or found.site or (known.name if known else None),
    )


def read_jsonl(
    path: str,
    text: str,
    *,
    max_bytes: int,
    make: Callable[[str, Article], Record],
    share: tuple[int, int] = (0, 1),
) -> Iterator[Record | ExtractError]:
    """Each non-blank line of ``text`` as a Record, or as the ExtractError that line raised.

    ``make`` turns a line's article into the record filed under the given name
    (raising ExtractError as for a page file), so a line is held to the same
    standard as a page. ``share`` ``(k, n)`` keeps only the k-th of n shares of
    the lines, so that n workers can read one large feed: a line goes to the
    share its record's name hashes to, so that lines of the same url meet in
    one share and the later ones are reported there.
    """
    mine, shares = share
    seen: dict[str, int] = {}
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}#{number}"
        try:
            fields = _fields(line, max_bytes, cut=number == len(lines) and not text.endswith("\n"))
        except ValueError as error:
            if number % shares == mine:
                yield ExtractError(where, str(error))
            continue
        name = fields.get("url") or where
        if shares > 1 and zlib.crc32(str(name).encode("utf-8", "surrogatepass")) % shares != mine:
            continue
        try:
            article = _article(fields)
            if name in seen:
                raise ValueError(f"same url as line {seen[name]}")
            seen[name] = number
            yield make(name, article)
        except ValueError as error:
            yield ExtractError(where, str(error))
        except ExtractError as error:
            yield ExtractError(where, error.reason)


def _fields(line: str, max_bytes: int, cut: bool) -> dict:
    """A line's JSON object; ValueError says why it is none (``cut``: the file's unfinished last line)."""
    if len(line.encode("utf-8")) > max_bytes:
        raise ValueError(f"line is over the {max_bytes}-byte limit")
    try:
        fields = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ValueError(("truncated: " if cut else "not valid JSON: ") + str(error)) from None
    if not isinstance(fields, dict):
        raise ValueError(f"not a JSON object but {type(fields).__name__}")
    return fields
