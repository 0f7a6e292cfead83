"""Where the index and the engine are unless told, and the limits a caller
shows: light, so that the command line's help and the web settings read them
without loading an engine (Whoosh, jieba and the rest take a second)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

DEFAULT_INDEX_DIR = "zhsearch-index"
INDEX_DIR_VARIABLE = "ZHSEARCH_INDEX"
ENGINE_VARIABLE = "ZHSEARCH_ENGINE"
# The SphinxQL port of a cluster's node, in engine URLs and for `zhsearch cluster start`.
DEFAULT_PORT = 9306
MAX_PER_PAGE = 100
# Publish dates are stored as Beijing wall time (the extractor converts other
# zones to it); output that states a zone states this one.
DATE_ZONE = timezone(timedelta(hours=8))


def with_zone(iso: str) -> datetime:
    """An index date (Beijing time, stored without its zone) as an aware datetime."""
    stamp = datetime.fromisoformat(iso)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=DATE_ZONE)


def resolve_index_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The index folder: the one given, else $ZHSEARCH_INDEX, else ./zhsearch-index."""
    chosen = explicit or os.environ.get(INDEX_DIR_VARIABLE) or DEFAULT_INDEX_DIR
    return Path(chosen)
