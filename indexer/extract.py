"""From a saved file to a Record: choose the reader by file type, fail loudly."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.decode import decode
from indexer.errors import ExtractError
from indexer.html import read_html
from indexer.record import Record
from indexer.text import derive_title, read_text

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024


def extract_bytes(path: str, data: bytes) -> Record:
    """Read one saved page whose bytes are already in memory."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExtractError(path, f"unsupported file type {suffix or '(none)'}; expected .txt or .html")
    is_html = suffix in HTML_SUFFIXES
    decoded = decode(path, data, declared=is_html)
    text = decoded.text
    if is_html:
        meta, article = read_html(text)
        title = meta.title or article.title
        date, source, site = meta.date or article.date, meta.source or article.source, meta.site or article.site
    else:
        article = read_text(text)
        title, date, source, site = article.title, article.date, article.source, article.site
    if not article.paragraphs:
        raise ExtractError(path, "no article text found")
    return Record(
        path=path,
        title=title or derive_title(article.paragraphs),
        title_derived=not title,
        date=date,
        source=source,
        site=site,
        body="\n".join(article.paragraphs),
        encoding=decoded.encoding,
    )


def extract_file(path: str | os.PathLike[str]) -> Record:
    """Read one saved page (``.txt`` text dump or ``.html`` page) into a Record."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > MAX_BYTES:
            raise ExtractError(name, f"file is {size} bytes, over the {MAX_BYTES}-byte limit")
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ExtractError(name, f"cannot read: {error.strerror or error}") from error
    return extract_bytes(name, data)
