"""Searching an index: ranked, filtered, faceted, paged and highlighted results.

This is the API the command line and the web front end share::

    from search import open_index
    index = open_index("zhsearch-index")
    results = index.search("普京 能源停火", page=1, per_page=10, filters={"site": "网易号"})
    for hit in results.hits:
        print(hit.title, hit.date, hit.snippet)
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import query as q
from whoosh import scoring
from whoosh.searching import Searcher
from whoosh.util.times import long_to_datetime

from search.embedded.collect import find
from search.embedded.nodes import executable
from search.highlight import match_spans, mark, snippet
from search.manifest import is_feed
from search.originals import Original, Originals
from search.results import Document, FacetValue, Hit, IndexStats, Page, SearchResults, begin_search, facet_values
from search.query.parser import parse
from search.analysis.schema import fold, warm_up
from search.embedded.similar import more_like_this
from search.results import SimilarDocument
from search.embedded.spelling import known_spellings
from search.embedded.store import open_existing
from search.analysis.synonyms import Synonyms, load_synonyms

OPEN_ATTEMPTS = 5


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _copy(stored: dict) -> Page:
    return Page(
        id=stored["id"], path=stored["path"], title=stored["title"], date=_iso(stored.get("date")),
        source=stored.get("source"), site=stored.get("site"),
    )


def _still_current(searcher: Searcher) -> bool:
    try:
        return searcher.up_to_date()
    except OSError:
        return False


def _column_datetime(raw: int) -> datetime | None:
    try:
        stamp = long_to_datetime(raw)
    except (OverflowError, ValueError):
        return None
    return stamp if 1900 < stamp.year < 2200 else None


def _filter_query(filters: dict[str, str]) -> q.Query | None:
    terms = [q.Term(name, value) for name, value in filters.items()]
    return q.And(terms) if terms else None


class _Generation:
    """One generation of the index, opened: the searcher all threads share
    while it is the newest, closed (with its files) when the last request
    that uses it is done."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.users = 0
        self.retired = False

    def retire(self) -> None:
        self.retired = True
        self.close_if_done()

    def close_if_done(self) -> None:
        if self.retired and not self.users:
            self.searcher.close()


class SearchIndex:
    """An opened index. Safe to share between threads: they share one searcher
    (and one set of open files) per generation of the index."""

    def __init__(
        self, index_dir: str | os.PathLike[str], synonyms: str | os.PathLike[str] | None = None
    ) -> None:
        self.index_dir = index_dir
        self._index = open_existing(index_dir)
        self.synonyms: Synonyms = load_synonyms(synonyms)
        self._lock = threading.Lock()
        self._current: _Generation | None = None
        self.originals = Originals(index_dir)

    @contextmanager
    def _searcher(self) -> Iterator[Searcher]:
        """The searcher of the newest generation, opened when a commit has made one."""
        generation = self._enter()
        try:
            yield generation.searcher
        finally:
            self._leave(generation)

    def _enter(self) -> _Generation:
        with self._lock:
            current = self._current
            if current is None or not _still_current(current.searcher):
                fresh = _Generation(self._open_searcher())
                if current is not None:
                    current.retire()
                self._current = current = fresh
            current.users += 1
            return current

    def _leave(self, generation: _Generation) -> None:
        with self._lock:
            generation.users -= 1
            generation.close_if_done()

    def close(self) -> None:
        """Close the open searcher (once no search uses it); a later search opens the index again."""
        with self._lock:
            if self._current is not None:
                self._current.retire()
                self._current = None

    def _open_searcher(self) -> Searcher:
        attempt = 1
        while True:
            try:
                self._index = self._index.refresh()
                return self._index.searcher(weighting=scoring.BM25F())
            except OSError:
                # A commit removed the files of the generation we had just
                # read; the next read of the TOC finds the new one.
                if attempt == OPEN_ATTEMPTS:
                    raise
                time.sleep(0.02 * attempt)
                attempt += 1

    def search(
        self,
        text: str,
        *,
        page: int = 1,
        per_page: int = 10,
        filters: dict[str, str] | None = None,
        sort: str = "relevance",
        collapse: bool = False,
    ) -> SearchResults:
        """Run a query (see ``search.query.parser`` for the language) and return one page of
        results; a page past the last has none, its total and facets those of every match.
        With ``collapse``, a page lists one hit a story, the other matching copies under it."""
        warm_up()  # the segmenter loads on first use, and its load is no part of took_ms
        started = time.perf_counter()
        parsed, results = begin_search(text, self.synonyms, page, per_page, sort, filters)
        filters = results.filters
        restrict = _filter_query(filters)
        with self._searcher() as searcher:
            # With no words to rank by, filters alone browse their documents, newest first.
            found = find(searcher, parsed.query, restrict, page, per_page, sort == "date", parsed.graded, collapse)
            results.total, results.partial = found.total, found.partial
            results.stories, results.collapsed = found.stories, collapse
            first = (page - 1) * per_page
            for place, (docnum, score) in enumerate(found.hits, start=first):
                stored = searcher.stored_fields(docnum)
                body_spans = match_spans(stored["body"], parsed)
                title_spans = match_spans(stored["title"], parsed)
                results.hits.append(
                    Hit(
                        id=stored["id"],
                        path=stored["path"],
                        title=stored["title"],
                        date=_iso(stored.get("date")),
                        source=stored.get("source"),
                        site=stored.get("site"),
                        score=round(score, 4),
                        snippet=snippet(stored["body"], body_spans),
                        title_html=mark(stored["title"], title_spans),
                        partial=place >= found.complete,
                        group=stored.get("group"),
                        copies=[_copy(searcher.stored_fields(other)) for other in found.copies.get(docnum, ())],
                    )
                )
            for name, counts in found.counts.items():
                results.facets[name] = facet_values(name, counts, found.partial_counts.get(name, {}))
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    def document(self, doc_id: str, highlight: str = "") -> Document | None:
        """One stored document by id, with the words of ``highlight`` marked."""
        parsed = parse(highlight, self.synonyms)
        with self._searcher() as searcher:
            docnum = searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            stored = searcher.stored_fields(docnum)
            return Document(
                id=stored["id"],
                path=stored["path"],
                title=stored["title"],
                title_derived=bool(stored.get("title_derived")),
                date=_iso(stored.get("date")),
                source=stored.get("source"),
                site=stored.get("site"),
                body=stored["body"],
                title_html=mark(stored["title"], match_spans(stored["title"], parsed)),
                body_html=mark(stored["body"], match_spans(stored["body"], parsed)),
                has_file=not is_feed(stored["file"]),
            )

    def original(self, doc_id: str) -> Original | None:
        """The saved file of a document, exactly as it was indexed: None when no
        document has ``doc_id``, OriginalUnavailable when its file cannot be
        offered (see ``search.originals``)."""
        with self._searcher() as searcher:
            stored = searcher.document(id=doc_id)
        if stored is None:
            return None
        return self.originals.read(stored["file"], stored["path"])

    def more_like_this(self, doc_id: str, limit: int = 5) -> list[SimilarDocument]:
        """Documents like the one with ``doc_id``, by its key terms (see ``search.embedded.similar``)."""
        with self._searcher() as searcher:
            return more_like_this(searcher, doc_id, limit)

    def rank(self, text: str, doc_ids: Iterable[str]) -> dict[str, float]:
        """The scores search gives the documents ``doc_ids`` for the query ``text``
        (a description, or a query of words that is not a question): 0.0 for
        those it does not match in full; ids not in the index are left out.
        A question's matches and partial matches are ranked by bigrams
        instead (see ``search.embedded.graded``)."""
        parsed = parse(text, self.synonyms)
        with self._searcher() as searcher:
            docnums = {
                docnum: doc_id
                for doc_id in doc_ids
                if (docnum := searcher.document_number(id=doc_id)) is not None
            }
            scores = dict.fromkeys(docnums.values(), 0.0)
            if parsed.query is not None and docnums:
                for hit in searcher.search(executable(parsed.query), filter=set(docnums), limit=None):
                    scores[docnums[hit.docnum]] = hit.score or 0.0
            return scores

    def spellings(self, word: str, limit: int = 3) -> list[str]:
        """Words of the index that sound like or are spelt like ``word`` when the
        index lacks it (see ``search.spelling``), closest first."""
        with self._searcher() as searcher:
            # The text as typed: jieba cuts a misspelt name into pieces.
            return known_spellings(searcher, fold(word).strip().lower(), limit)

    def doc_count(self) -> int:
        with self._searcher() as searcher:
            return searcher.doc_count()

    def health(self) -> dict[str, Any]:
        """What /healthz reports: the index's documents (an embedded index has no shards)."""
        return {"documents": self.doc_count()}

    def stats(self, top: int = 10) -> IndexStats:
        """Size, date span, most frequent sources and last update of the index."""
        folder = Path(self.index_dir)
        files = [path for path in folder.iterdir() if path.is_file()]
        tocs = [path.stat().st_mtime for path in files if path.suffix == ".toc"]
        with self._searcher() as searcher:
            reader = searcher.reader()
            live = list(reader.all_doc_ids())
            # Raw numbers: undated documents hold a sentinel that is no datetime.
            dates = reader.column_reader("date", translate=False)
            sources = reader.column_reader("source")
            stamps = [_column_datetime(dates[docnum]) for docnum in live]
            stamps = [stamp for stamp in stamps if stamp is not None]
            counts = Counter(sources[docnum] for docnum in live)
            counts.pop("", None)
            return IndexStats(
                index_dir=str(folder),
                documents=len(live),
                size_bytes=sum(path.stat().st_size for path in files),
                first_date=_iso(min(stamps)) if stamps else None,
                last_date=_iso(max(stamps)) if stamps else None,
                top_sources=[FacetValue(value, count) for value, count in counts.most_common(top)],
                updated=datetime.fromtimestamp(max(tocs)).isoformat(timespec="seconds") if tocs else None,
            )


def open_index(
    index_dir: str | os.PathLike[str], synonyms: str | os.PathLike[str] | None = None
) -> SearchIndex:
    """Open the index in ``index_dir`` for searching, with the shipped synonyms plus
    those in the file ``synonyms``; raises IndexNotFound if there is no index,
    SynonymsError if the synonyms file cannot be read."""
    return SearchIndex(index_dir, synonyms)
