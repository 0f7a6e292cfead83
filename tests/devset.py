"""The extractor as the development set's scorer calls it: a page's path in, a record's fields out."""

from __future__ import annotations

from indexer.extract import extract_file
from indexer.extract.sites import without_site_table


def extract(path: str) -> dict:
    return extract_file(path).to_json()


def extract_unknown(path: str) -> dict:
    """The page as if its outlet were unknown: the general rules alone, no site table."""
    with without_site_table():
        return extract_file(path).to_json()
