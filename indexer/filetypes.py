"""Which files hold pages, by name, and how large a page may be: light, so
that the command line names them without loading the extractor."""

from __future__ import annotations

from pathlib import PurePath

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES  # files that hold one page
JSONL_SUFFIXES = (".jsonl",)
ALL_SUFFIXES = SUFFIXES + JSONL_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024


def is_feed(path: str) -> bool:
    """Whether ``path`` is a JSON Lines feed, a file of many records."""
    return PurePath(path).suffix.lower() in JSONL_SUFFIXES


def listed(suffixes: tuple[str, ...] = ALL_SUFFIXES) -> str:
    """The suffixes for a message: ``.html, .htm, …, .jsonl``."""
    return ", ".join(suffixes)
