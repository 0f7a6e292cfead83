"""The one interface the command line and the web front end search through, and
how a location chooses its implementation.

The embedded Whoosh index in a folder (``search.embedded.searcher.SearchIndex``) is the
default; ``sphinx://HOST:PORT`` names a Sphinx or Manticore cluster
(``search.cluster.engine.SphinxEngine``). Both answer the same calls with the same
result types, so no caller knows which one it talks to.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from search.cluster.nodes import is_engine_url, parse_url
from search.manifest import FileState, Manifest
from search.originals import Original
from search.embedded.searcher import open_index
from search.results import Document, IndexStats, SearchResults, SimilarDocument
from search.embedded.store import resolve_index_dir
from search.defaults import ENGINE_VARIABLE


class Engine(Protocol):
    """What zhsearch asks of a search engine."""

    index_dir: Any

    def search(
        self, text: str, *, page: int = 1, per_page: int = 10, filters: dict[str, str] | None = None,
        sort: str = "relevance", collapse: bool = False,
    ) -> SearchResults:
        """One page of results; with ``collapse``, one hit a story (copies of one story
        grouped at indexing), the other matching copies listed under it."""

    def document(self, doc_id: str, highlight: str = "") -> Document | None: ...

    def original(self, doc_id: str) -> Original | None: ...

    def more_like_this(self, doc_id: str, limit: int = 5) -> list[SimilarDocument]: ...

    def spellings(self, word: str, limit: int = 3) -> list[str]: ...

    def doc_count(self) -> int: ...

    def stats(self, top: int = 10) -> IndexStats: ...

    def health(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


class WorkerSink(Protocol):
    """Where a worker process of the indexing job writes its documents itself."""

    def add(self, document: Any) -> None: ...

    def finish(self) -> Any: ...


class EngineWriter(Protocol):
    """What the indexing job hands its documents to (``open_writer``). It knows
    which files the engine holds; the job decides what changed."""

    def known(self) -> Manifest: ...

    def make_document(self, fields: dict[str, Any]) -> Any:
        """The engine's form of a record's fields; run in the job's workers."""

    def in_worker(self) -> WorkerSink | None:
        """Called in each worker process the job forks: a sink the worker writes
        its documents into, or None to hand them back to this process."""

    def adopt(self, written: Any) -> None:
        """What a worker's sink finished with joins this run's commit."""

    def write(self, path: str, state: FileState, documents: list[Any]) -> None:
        """The file ``path`` now holds ``documents`` (those a worker wrote are not among them)."""

    def keep(self, path: str, state: FileState) -> None:
        """The file ``path`` is unchanged but for its size or mtime."""

    def remove(self, path: str) -> None:
        """The file ``path`` is gone or holds no article: its documents go."""

    def commit(self, roots: list[str]) -> None:
        """Make the run's changes visible; ``roots`` are the folders the files came from."""

    def cancel(self) -> None: ...


def engine_location(engine: str | None, index_dir: str | os.PathLike[str] | None) -> str:
    """Where to search: ``engine`` (or $ZHSEARCH_ENGINE) when given, else the index folder
    (``index_dir``, $ZHSEARCH_INDEX, ./zhsearch-index); ValueError names an engine that
    is no engine URL."""
    chosen = engine or os.environ.get(ENGINE_VARIABLE)
    if chosen:
        parse_url(chosen)
        return chosen
    return str(resolve_index_dir(index_dir))


def open_engine(location: str | os.PathLike[str], synonyms: str | os.PathLike[str] | None = None) -> Engine:
    """The engine at ``location``: a cluster's ``sphinx://HOST:PORT``, else an index folder.
    Raises EngineUnavailable when the cluster cannot be reached, IndexNotFound when
    the folder holds no index, ValueError naming a malformed engine URL."""
    if is_engine_url(str(location)):
        from search.cluster.engine import SphinxEngine

        return SphinxEngine(str(location), synonyms)
    if "://" in str(location):
        raise ValueError(f"engine: {location!r} is not an engine URL such as sphinx://127.0.0.1:9306")
    return open_index(location, synonyms)


def open_writer(
    location: str | os.PathLike[str], *, rebuild: bool = False, userdict: str | os.PathLike[str] | None = None
) -> EngineWriter:
    """A writer of the engine at ``location`` for one indexing run; ValueError when
    ``userdict`` is given for a cluster (it cuts words with the default dictionary)."""
    if is_engine_url(str(location)):
        if userdict:
            raise ValueError("--userdict works with an index folder only; a cluster uses the default dictionary")
        from search.cluster.writer import ClusterWriter

        return ClusterWriter(str(location), rebuild=rebuild)
    from search.embedded.writer import IndexWriter

    return IndexWriter(location, rebuild=rebuild, userdict=userdict)
