"""zhsearch's search library: open an index and query it.

    from search import open_index
    results = open_index("zhsearch-index").search("普京", per_page=5)

The names below are imported on first use (PEP 562), so that a light module
of the package (``search.defaults``, ``search.manifest``) can be read without
loading the engine (Whoosh, the analyzer and the rest take a second).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOMES = {
    "parse": "search.query.parser",
    "SearchIndex": "search.embedded.searcher",
    "open_index": "search.embedded.searcher",
    "Document": "search.results",
    "FacetValue": "search.results",
    "Hit": "search.results",
    "SearchError": "search.results",
    "SearchResults": "search.results",
    "DEFAULT_INDEX_DIR": "search.defaults",
    "MAX_PER_PAGE": "search.defaults",
    "resolve_index_dir": "search.defaults",
    "IndexLocationError": "search.embedded.store",
    "IndexNotFound": "search.embedded.store",
    "IndexBusy": "search.errors",
    "SchemaChanged": "search.errors",
    "SynonymsError": "search.analysis.synonyms",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
