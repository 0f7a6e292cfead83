"""The extractor as the development set's scorer calls it: a page's path in, a record's fields out."""

from __future__ import annotations

from indexer.extract import extract_file


def extract(path: str) -> dict:
    return extract_file(path).to_json()
