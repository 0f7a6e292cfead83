"""zhsearch's search library: open an index and query it.

    from search import open_index
    results = open_index("zhsearch-index").search("普京", per_page=5)
"""

from search.query.parser import parse
from search.embedded.searcher import SearchIndex, open_index
from search.results import Document, FacetValue, Hit, SearchError, SearchResults
from search.embedded.store import DEFAULT_INDEX_DIR, IndexLocationError, IndexNotFound, resolve_index_dir
from search.errors import IndexBusy, SchemaChanged
from search.analysis.synonyms import SynonymsError

__all__ = [
    "DEFAULT_INDEX_DIR",
    "IndexBusy",
    "IndexLocationError",
    "SchemaChanged",
    "Document",
    "FacetValue",
    "Hit",
    "IndexNotFound",
    "SearchError",
    "SearchIndex",
    "SearchResults",
    "SynonymsError",
    "open_index",
    "parse",
    "resolve_index_dir",
]
