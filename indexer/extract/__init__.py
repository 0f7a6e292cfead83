"""From a saved file to Records: choose the reader by file type, fail loudly.

This is the extractor's one public entry (``__all__``): ``zhsearch extract``, the
indexing job, the web front end and the benchmarks use nothing else of it.

A page file (``.html``, ``.txt``) is one record; a JSON Lines file (``.jsonl``)
is one record per line. Whatever cannot become a whole record (empty, binary,
truncated, huge, undecodable, no article) is an ExtractError naming the file
and the reason, so nothing half-read reaches the index.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from indexer.extract.decode import Decoded, decode
from indexer.extract.errors import ExtractError
from indexer.extract.html import read_html
from indexer.extract.jsonl import read_jsonl
from indexer.extract.lines import visible
from indexer.extract.record import MIN_TEXT, Article, Record
from indexer.extract.text import derive_title, read_text
from search.manifest import FEED_SUFFIXES, is_feed

__all__ = [
    "ALL_SUFFIXES",
    "HTML_SUFFIXES",
    "MAX_BYTES",
    "SUFFIXES",
    "ExtractError",
    "Record",
    "Records",
    "decode_file",
    "extract_bytes",
    "extract_file",
    "extract_records",
    "extract_records_bytes",
    "is_feed",
    "listed",
    "read_bytes",
]

# In the order messages name them.
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES  # files that hold one page
JSONL_SUFFIXES = tuple(sorted(FEED_SUFFIXES))
ALL_SUFFIXES = SUFFIXES + JSONL_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024


def listed() -> str:
    """The file types read, for a message: ``.html, .htm, …, .jsonl``."""
    return ", ".join(ALL_SUFFIXES)


# What a server's error page says, when that is all a short page says.
_ERROR_PAGE = re.compile(
    r"^(?:[45]\d\d\b|(?:page\s+)?not\s+found|forbidden|bad gateway|service unavailable)"
    r"|(?:访问|请求)的(?:页面|内容|文章)(?:不存在|已删除|找不到|已被删除)|页面(?:不存在|未找到|找不到|已删除)",
    re.IGNORECASE,
)
_ERROR_PAGE_LENGTH = 200
_CLOSES = re.compile(r"</(?:html|body)", re.IGNORECASE)
_OPENS_HTML = re.compile(r"<html", re.IGNORECASE)
_OPENS_BODY = re.compile(r"<body", re.IGNORECASE)
_TAIL_WINDOW = 4096


class Records(list[Record]):
    """The records read from one file, and the lines of it that failed.

    It is the list of good records; ``errors`` holds an ExtractError for each
    line of a JSON Lines file that could not become one.
    """

    def __init__(self, records: list[Record] | None = None, errors: list[ExtractError] | None = None) -> None:
        super().__init__(records or [])
        self.errors: list[ExtractError] = errors or []


def _too_big(path: str, size: int, max_bytes: int) -> ExtractError:
    return ExtractError(path, f"huge: {size} bytes, over the {max_bytes}-byte limit")


def _check_complete(path: str, html: str) -> None:
    """A page that opens its document but never closes it was cut off while
    saving, unless it stops after a whole element (a saver that left out the
    closing tags after the page's last script stopped between elements; a cut
    falls anywhere, mostly inside a tag or a text)."""
    if _CLOSES.search(html, max(0, len(html) - _TAIL_WINDOW)) or _CLOSES.search(html):
        return  # the closing tags stand at the end; a search of the tail alone settles most pages
    stops_after_element = html.rstrip()[-12:].lower().endswith(("</script>", "</div>", "</table>", "</style>"))
    if (_OPENS_HTML.search(html[:65536]) or _OPENS_BODY.search(html)) and not stops_after_element:
        raise ExtractError(path, "truncated: the page opens <html> or <body> but never closes it")


def _record(path: str, article: Article, encoding: str) -> Record:
    text = article.letters
    if text < MIN_TEXT:
        raise ExtractError(path, "no article found" + (f" (only {text} characters of text)" if text else ""))
    if text < _ERROR_PAGE_LENGTH and _ERROR_PAGE.search(article.paragraphs[0]):
        raise ExtractError(path, f"no article found (an error page: {article.paragraphs[0][:40]!r})")
    return Record(
        path=path,
        title=visible(article.title or derive_title(article.paragraphs)),
        title_derived=not article.title,
        date=article.date,
        source=article.source,
        site=article.site,
        body="\n".join(article.paragraphs),
        extraction=article.extraction,
        encoding=encoding,
    )


def _suffix(path: str) -> str:
    return Path(path).suffix.lower()


def decode_file(path: str, data: bytes) -> Decoded:
    """The text of a saved file, decoded as the extractor reads it (an HTML page's
    own declaration of its encoding trusted)."""
    return decode(path, data, declared=_suffix(path) in HTML_SUFFIXES)


def extract_bytes(path: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> Record:
    """Read one saved page whose bytes are already in memory."""
    suffix = _suffix(path)
    if suffix in JSONL_SUFFIXES:
        raise ExtractError(path, "a JSON Lines file holds many records; read it with extract_records")
    if suffix not in SUFFIXES:
        raise ExtractError(path, f"unsupported file type {suffix or '(none)'}; expected one of {listed()}")
    if len(data) > max_bytes:
        raise _too_big(path, len(data), max_bytes)
    decoded = decode_file(path, data)
    if suffix in HTML_SUFFIXES:
        _check_complete(path, decoded.text)
        article = read_html(decoded.text)
    else:
        article = read_text(decoded.text)
    return _record(path, article, decoded.encoding)


def extract_records_bytes(
    path: str, data: bytes, *, max_bytes: int = MAX_BYTES, share: tuple[int, int] = (0, 1)
) -> Records:
    """The records in one file whose bytes are already in memory.

    A page file gives one record. A JSON Lines file gives one per good line,
    filed under the line's ``url`` or else ``<file>#<line number>``, and an
    ExtractError in ``errors`` for each bad line (the limit applies to each
    line there); ``share`` ``(k, n)`` keeps the k-th of n shares of its lines
    (see ``indexer.extract.jsonl.read_jsonl``). A file that cannot be read at all
    raises ExtractError.
    """
    if not is_feed(path):
        return Records([extract_bytes(path, data, max_bytes=max_bytes)])
    decoded = decode(path, data)
    records = Records()

    def make(name: str, article: Article) -> Record:
        return _record(name, article, decoded.encoding)

    for entry in read_jsonl(path, decoded.text, max_bytes=max_bytes, make=make, share=share):
        if isinstance(entry, Record):
            records.append(entry)
        else:
            records.errors.append(entry)
    return records


def _read(path: str | os.PathLike[str], max_bytes: int | None) -> tuple[str, bytes]:
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if max_bytes is not None and size > max_bytes:
            raise _too_big(name, size, max_bytes)
        with open(name, "rb") as handle:
            return name, handle.read()
    except OSError as error:
        raise ExtractError(name, f"cannot read: {error.strerror or error}") from error


def extract_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Record:
    """Read one saved page (``.txt`` text dump or ``.html`` page) into a Record."""
    name, data = _read(path, max_bytes)
    return extract_bytes(name, data, max_bytes=max_bytes)


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> tuple[str, bytes]:
    """A saved file's name and bytes; the limit applies to a page file as a whole
    and, for ``.jsonl``, to each line (checked when the lines are read)."""
    return _read(path, None if is_feed(os.fspath(path)) else max_bytes)


def extract_records(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Records:
    """The records in one file: one for a page, one per line for ``.jsonl``; see extract_records_bytes."""
    name, data = read_bytes(path, max_bytes=max_bytes)
    return extract_records_bytes(name, data, max_bytes=max_bytes)
