"""Searching a Sphinx (or Manticore) cluster with zhsearch's query language.

The query is parsed by ``search.query.parser`` as for the embedded index and its
tree said in the engine's MATCH syntax (``search.cluster.text``); the engine
finds, ranks (Whoosh's BM25F as an expression, ``search.cluster.ranking``,
with the cluster's IDF, ``search.cluster.idf``) and counts the facets
(``FACET``); the snippets are marked by ``search.highlight`` from the stored
text, so a page of results looks the same whichever engine answers.

Graded matching finds the same partial matches (``search.cluster.graded``).
What the cluster does not do: rank a question's complete matches by bigrams,
suggest spellings, and offer the original files (they stay on the machine
that indexed them).

A shard that does not answer within the node's agent timeouts is left out:
the results say which (``missing_shards``); when none answers, the search
fails with EngineUnavailable naming them.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Collection
from typing import Any

import pymysql
from whoosh import query as q

from search.cluster.nodes import (
    AGENT_QUERY_MS, DISTRIBUTED, META, EngineUnavailable, Shard, connect, parse_url, shards,
)
from search.cluster import graded as sphinx_graded
from search.cluster.graded import ID_LIST, id_lists
from search.cluster.ranking import SCALE, Statistics, ranking
from search.query.graded import FEW, Graded
from search.highlight import mark, match_spans, query_words, snippet
from search.originals import Original, OriginalUnavailable
from search.query.parser import ParsedQuery, parse
from search.analysis.schema import FACET_FIELDS, TEXT_FIELDS, warm_up
from search.results import (
    Document, FacetValue, Hit, IndexStats, Page, SearchError, SearchResults, SimilarDocument, begin_search,
    facet_values,
)
from search.cluster.text import UntranslatableQuery, engine_id, to_match, value_tag
from search.analysis.synonyms import Synonyms, load_synonyms

# Facet values counted per search: more than any archive has sources.
FACET_LIMIT = 10000
MIN_MATCHES = 1000
# A snippet is chosen among the first sentences holding a query word: cutting
# every sentence of a long article for a common word costs more than the search.
SNIPPET_SENTENCES = 24
DATE_ORDER = "dated DESC, stamp DESC, id ASC"
FACETS = " ".join(f"FACET {name} ORDER BY COUNT(*) DESC LIMIT {FACET_LIMIT}" for name in FACET_FIELDS)
HIT_COLUMNS = "id, doc, path, title_text, body_text, date_iso, source, site, WEIGHT(), group_key, story"
_AGENT_WARNING = re.compile(r"agent ([^:\s]+:\d+)")
NO_ORIGINALS = "集群索引不提供原始文件"


class SphinxEngine:
    """A cluster behind ``sphinx://HOST:PORT``, searched as a SearchIndex is. Safe to
    share between threads: each thread keeps a connection of its own."""

    def __init__(self, url: str, synonyms: str | os.PathLike[str] | None = None) -> None:
        self.url = url
        self.index_dir = url
        self.address = parse_url(url)
        self.synonyms: Synonyms = load_synonyms(synonyms)
        warm_up()
        self._local = threading.local()
        with self._connect() as connection:
            self._shards = shards(connection)

    def _connect(self) -> pymysql.Connection:
        # Longer than the node waits for its agents: the node answers first, naming the missing.
        return connect(self.address, self.url, read_seconds=AGENT_QUERY_MS / 1000 + 5)

    def _run(self, statement: str, values: tuple = ()) -> tuple[list[list[tuple]], dict[str, str]]:
        """The result sets of ``statement`` (a query and its FACETs) and the node's SHOW META."""
        for attempt in (1, 2):
            connection = getattr(self._local, "connection", None) or self._connect()
            self._local.connection = connection
            try:
                with connection.cursor() as cursor:
                    cursor.execute(statement, values)
                    sets = [list(cursor.fetchall())]
                    while cursor.nextset():
                        sets.append(list(cursor.fetchall()))
                    cursor.execute("SHOW META")
                    return sets, dict(cursor.fetchall())
            except pymysql.MySQLError as error:
                self._local.connection = None
                if connection.open:
                    connection.close()
                # A connection the node closed (it restarted, or timed out an idle client): once more.
                if attempt == 1 and _connection_lost(error):
                    continue
                down = [shard.name for shard, status in zip(self._shards, self._shard_status()) if status is None]
                named = f" (shards not answering: {', '.join(down)})" if down else ""
                raise EngineUnavailable(f"{self.url}: {error.args[-1]}{named}", self.url, down) from None
        raise AssertionError("unreachable")

    def _missing(self, meta: dict[str, str]) -> list[str]:
        by_agent = {str(shard.agent): shard.name for shard in self._shards}
        warning = meta.get("warning", "")
        return sorted({by_agent.get(address, address) for address in _AGENT_WARNING.findall(warning)})

    def search(
        self, text: str, *, page: int = 1, per_page: int = 10, filters: dict[str, str] | None = None,
        sort: str = "relevance", collapse: bool = False,
    ) -> SearchResults:
        """As ``SearchIndex.search``; ``missing_shards`` names the shards that did not answer."""
        started = time.perf_counter()
        parsed, results = begin_search(text, self.synonyms, page, per_page, sort, filters)
        filters = results.filters
        match = self._match(parsed, filters)
        if match is not None:
            self._fill(results, parsed, match, by_date=sort == "date" or parsed.query is None, collapse=collapse)
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    @staticmethod
    def _filter_parts(filters: dict[str, str]) -> list[str]:
        return [f"(@tags {value_tag(name, value)})" for name, value in sorted(filters.items())]

    def _match(self, parsed: ParsedQuery, filters: dict[str, str]) -> str | None:
        parts = self._filter_parts(filters)
        try:
            if parsed.query is not None:
                parts.insert(0, to_match(parsed.query))
        except UntranslatableQuery as error:
            raise SearchError(str(error)) from None
        return " ".join(parts) if parts else None

    def _fill(self, results: SearchResults, parsed: ParsedQuery, match: str, by_date: bool, collapse: bool) -> None:
        first = (results.page - 1) * results.per_page
        stop = first + results.per_page
        statistics = self._statistics()
        option = ranking(statistics)
        order = DATE_ORDER if by_date else "WEIGHT() DESC, id ASC"
        statement = (
            f"SELECT {HIT_COLUMNS} FROM {DISTRIBUTED} WHERE MATCH(%s) ORDER BY {order} "
            f"LIMIT {first}, {results.per_page} "
            f"OPTION {option}, max_matches={max(MIN_MATCHES, stop)} {FACETS}"
        )
        sets, meta = self._run(statement, (match,))
        complete = int(meta.get("total_found", 0))
        results.missing_shards = self._missing(meta)
        counts = _facet_counts(sets[1:])
        rows = [(row, False) for row in sets[0]]
        # The whole query's stories, grouped by the engine by the story's number; collapsed,
        # the page lists one row a story, then the partial matches, each a story of its own.
        stories, copies = 0, {}
        if complete:
            # Ids and weights only: each shard sends back every group it keeps, and whole rows of
            # thousands of matches would pass the engine's max_packet_size.
            grouped, grouped_meta = self._run(
                f"SELECT id, WEIGHT() FROM {DISTRIBUTED} WHERE MATCH(%s) GROUP BY story "
                f"WITHIN GROUP ORDER BY {order} ORDER BY {order} LIMIT {first}, {results.per_page} "
                # Room for every match: the stories are counted among the matches kept.
                f"OPTION {option}, max_matches={max(MIN_MATCHES, stop, complete)}",
                (match,),
            )
            stories = int(grouped_meta.get("total_found", 0))
            if collapse:
                shown = self._weighed_rows(grouped[0])
                rows, copies = [(row, False) for row in shown], self._copies(match, shown)
        # What the page lists before the partial matches.
        ahead = stories if collapse else complete
        partial: Counter[int] = Counter()
        holding: dict[str, int] = {}
        partial_counts: dict[str, Counter[str]] = {}
        graded = parsed.graded
        if graded is not None and complete < FEW:
            strict = self._ids(match) if complete else set()
            partial, holding = sphinx_graded.coverage(
                self._run, graded, self._filter_parts(results.filters), strict, self.doc_count()
            )
        if partial:
            partial_counts = {name: Counter() for name in FACET_FIELDS}
            for listed in id_lists(partial):
                facet_sets, _ = self._run(f"SELECT id FROM {DISTRIBUTED} WHERE id IN ({listed}) LIMIT 1 {FACETS}")
                for name, values in _facet_counts(facet_sets[1:]).items():
                    partial_counts[name].update(values)
            for name, values in partial_counts.items():
                counts[name].update(values)
            results.partial = len(partial)
        if partial and collapse:
            rows, copies, stories = self._collapsed_tiers(
                match, order, option, statistics, complete, partial, holding, by_date, graded, first, stop
            )
        elif partial and stop > ahead:
            skip = max(first - ahead, 0)
            if by_date:
                listed = [(doc, 0.0) for doc in self._newest_first(partial)[skip : stop - ahead]]
            else:
                listed = sphinx_graded.ranked(self._run, graded, partial, holding, stop - ahead, statistics)[skip:]
            # Each with its score, as the embedded index scores a partial match.
            rows += [(row, True) for row in self._weighed_rows([(doc, score * SCALE) for doc, score in listed])]
        results.total = complete + len(partial)
        results.stories, results.collapsed = (stories if collapse else stories + len(partial)), collapse
        for (_, doc, path, title, body, date, source, site, score, group, story), is_partial in rows:
            results.hits.append(
                Hit(
                    id=doc, path=path, title=title, date=date or None, source=source or None, site=site or None,
                    score=round(score / SCALE, 4),
                    snippet=snippet(body, match_spans(body, parsed, SNIPPET_SENTENCES)),
                    title_html=mark(title, match_spans(title, parsed)),
                    partial=is_partial,
                    group=group or None,
                    copies=copies.get(story, []),
                )
            )
        for name in FACET_FIELDS:
            results.facets[name] = facet_values(name, counts[name], partial_counts.get(name, {}))

    def _collapsed_tiers(
        self, match: str, order: str, ranking: str, statistics: Statistics, complete: int, partial: Counter[int],
        holding: dict[str, int], by_date: bool, graded: Graded, first: int, stop: int,
    ) -> tuple[list[tuple[tuple, bool]], dict[int, list[Page]], int]:
        """The page's rows, their copies and the count of stories when partial matches
        follow the whole query's few matches and copies are collapsed: one page a story
        over both tiers, the first in the results' order, as the embedded index lists them."""
        whole: list[int] = []
        if complete:
            sets, _ = self._run(
                f"SELECT id FROM {DISTRIBUTED} WHERE MATCH(%s) ORDER BY {order} LIMIT 0, {FEW} "
                f"OPTION {ranking}, max_matches={FEW}",
                (match,),
            )
            whole = [row[0] for row in sets[0]]
        scored = {} if by_date else dict(
            sphinx_graded.ranked(self._run, graded, partial, holding, len(partial), statistics)
        )
        rest = self._newest_first(partial) if by_date else list(scored)
        story_of: dict[int, int] = {}
        for listed in id_lists({*whole, *partial}):
            sets, _ = self._run(
                f"SELECT id, story FROM {DISTRIBUTED} WHERE id IN ({listed}) LIMIT 0, {ID_LIST} OPTION max_matches={ID_LIST}"
            )
            story_of.update((doc, story) for doc, story in sets[0])
        firsts: dict[int, int] = {}
        for doc in [*whole, *rest]:
            firsts.setdefault(story_of.get(doc, -doc), doc)
        shown = list(firsts.values())[first:stop]
        # A partial match with its score, as the embedded index scores it.
        weighed = self._weighed_rows([(doc, scored.get(doc, 0.0) * SCALE) for doc in shown])
        rows = [(row, row[0] in partial) for row in weighed]
        shown_stories = {story_of.get(doc) for doc in shown}
        others = [doc for doc, story in story_of.items() if story in shown_stories and doc not in set(shown)]
        copies: dict[int, list[Page]] = {}
        for listed in id_lists(others):
            sets, _ = self._run(
                f"SELECT {HIT_COLUMNS} FROM {DISTRIBUTED} WHERE id IN ({listed}) ORDER BY {DATE_ORDER} "
                f"LIMIT 0, {ID_LIST} OPTION max_matches={ID_LIST}"
            )
            for _, doc, path, title, _, date, source, site, _, _, story in sets[0]:
                copies.setdefault(story, []).append(
                    Page(id=doc, path=path, title=title, date=date or None, source=source or None, site=site or None)
                )
        return rows, copies, len(firsts)

    def _copies(self, match: str, shown: list[tuple]) -> dict[int, list[Page]]:
        """The other pages matching ``match`` of the stories of the ``shown`` rows, newest first, by story."""
        if not shown:
            return {}
        stories = ",".join(str(row[-1]) for row in shown)
        sets, _ = self._run(
            f"SELECT {HIT_COLUMNS} FROM {DISTRIBUTED} WHERE MATCH(%s) AND story IN ({stories}) "
            f"ORDER BY {DATE_ORDER} LIMIT 0, {MIN_MATCHES} OPTION ranker=none, max_matches={MIN_MATCHES}",
            (match,),
        )
        listed = {row[0] for row in shown}
        copies: dict[int, list[Page]] = {}
        for engine_doc, doc, path, title, _, date, source, site, _, _, story in sets[0]:
            if engine_doc not in listed:
                copies.setdefault(story, []).append(
                    Page(id=doc, path=path, title=title, date=date or None, source=source or None, site=site or None)
                )
        return copies

    def _ids(self, match: str) -> set[int]:
        sets, _ = self._run(
            f"SELECT id FROM {DISTRIBUTED} WHERE MATCH(%s) LIMIT 0, {MIN_MATCHES} OPTION ranker=none", (match,)
        )
        return {row[0] for row in sets[0]}

    def _newest_first(self, ids: Collection[int]) -> list[int]:
        """``ids`` by publish date, newest first, undated last."""
        dated = []
        for listed in id_lists(ids):
            sets, _ = self._run(
                f"SELECT id, dated, stamp FROM {DISTRIBUTED} WHERE id IN ({listed}) "
                f"LIMIT 0, {ID_LIST} OPTION max_matches={ID_LIST}"
            )
            dated.extend(sets[0])
        return [doc for doc, _, _ in sorted(dated, key=lambda row: (-row[1], -row[2], row[0]))]

    def _weighed_rows(self, ranked: list[tuple]) -> list[tuple]:
        """The rows (``HIT_COLUMNS``) of the ``ranked`` (id, weight) pairs, in their order, with their weights."""
        by_id = {row[0]: row for row in self._rows([doc for doc, _ in ranked])}
        return [(*by_id[doc][:8], weight, *by_id[doc][9:]) for doc, weight in ranked if doc in by_id]

    def _rows(self, ids: list[int]) -> list[tuple]:
        if not ids:
            return []
        sets, _ = self._run(
            f"SELECT {HIT_COLUMNS} FROM {DISTRIBUTED} WHERE id IN ({','.join(map(str, ids))}) LIMIT 0, {len(ids)}"
        )
        return sets[0]

    def _stored(self, doc_id: str) -> tuple | None:
        sets, _ = self._run(
            f"SELECT doc, path, file, title_text, title_derived, date_iso, source, site, body_text "
            f"FROM {DISTRIBUTED} WHERE id = {engine_id(doc_id)}"
        )
        rows = [row for row in sets[0] if row[0] == doc_id]
        return rows[0] if rows else None

    def document(self, doc_id: str, highlight: str = "") -> Document | None:
        """One stored document by id, with the words of ``highlight`` marked."""
        stored = self._stored(doc_id)
        if stored is None:
            return None
        doc, path, _, title, derived, date, source, site, body = stored
        parsed = parse(highlight, self.synonyms)
        return Document(
            id=doc, path=path, title=title, title_derived=bool(derived), date=date or None,
            source=source or None, site=site or None, body=body,
            title_html=mark(title, match_spans(title, parsed)),
            body_html=mark(body, match_spans(body, parsed)),
            has_file=False,
        )

    def original(self, doc_id: str) -> Original | None:
        """The cluster keeps no original files: None for an unknown id, else OriginalUnavailable."""
        if self._stored(doc_id) is None:
            return None
        raise OriginalUnavailable(NO_ORIGINALS)

    def more_like_this(self, doc_id: str, limit: int = 5) -> list[SimilarDocument]:
        """Documents sharing the words of this one's title, best first."""
        stored = self._stored(doc_id)
        if stored is None:
            return []
        words = [word for word in dict.fromkeys(query_words(parse(stored[3], self.synonyms))) if len(word) > 1]
        if not words:
            return []
        match = to_match(q.Or([q.Term(name, word) for word in words for name in TEXT_FIELDS]))
        sets, _ = self._run(
            f"SELECT id, doc, title_text, date_iso, source, site, WEIGHT() FROM {DISTRIBUTED} "
            f"WHERE MATCH(%s) AND id != {engine_id(doc_id)} ORDER BY WEIGHT() DESC, id ASC LIMIT {int(limit)} "
            f"OPTION {ranking(self._statistics())}",
            (match,),
        )
        return [
            SimilarDocument(doc, title, round(score / SCALE, 4), date or None, source or None, site or None)
            for _, doc, title, date, source, site, score in sets[0]
        ]

    def spellings(self, word: str, limit: int = 3) -> list[str]:
        """The cluster suggests no spellings."""
        return []

    def _statistics(self) -> Statistics:
        """What the ranking needs of the cluster, as the last indexing run left it."""
        sets, _ = self._run(f"SELECT value FROM {META} WHERE kind='run' AND name='statistics' LIMIT 1")
        # Not indexed yet: nothing to rank.
        found = json.loads(sets[0][0][0]) if sets[0] else {
            "documents": 0, "title_average": 1.0, "body_average": 1.0, "grams_average": 1.0, "global_idf": False,
        }
        if "grams_average" not in found:
            # Indexed by a zhsearch that kept no count of each document's character pairs.
            raise EngineUnavailable(
                f"{self.url}: indexed by an earlier zhsearch; run `zhsearch index --rebuild --engine {self.url}`",
                self.url,
            )
        return Statistics(shards=len(self._shards), **found)

    def doc_count(self) -> int:
        sets, _ = self._run(f"SELECT COUNT(*) FROM {DISTRIBUTED}")
        return int(sets[0][0][0]) if sets[0] else 0

    def stats(self, top: int = 10) -> IndexStats:
        """Documents, size on the shards, date span and most frequent sources."""
        first, _ = self._run(f"SELECT date_iso FROM {DISTRIBUTED} WHERE dated = 1 ORDER BY stamp ASC LIMIT 1")
        last, _ = self._run(f"SELECT date_iso FROM {DISTRIBUTED} WHERE dated = 1 ORDER BY stamp DESC LIMIT 1")
        sources, _ = self._run(
            f"SELECT source, COUNT(*) AS n FROM {DISTRIBUTED} GROUP BY source ORDER BY n DESC LIMIT {int(top) + 1}"
        )
        updated, _ = self._run(f"SELECT value FROM {META} WHERE kind='run' AND name='updated' LIMIT 1")
        return IndexStats(
            index_dir=self.url,
            documents=self.doc_count(),
            size_bytes=sum(int(status.get("disk_bytes", 0)) + int(status.get("ram_bytes", 0))
                           for status in self._shard_status() if status),
            first_date=first[0][0][0] if first[0] else None,
            last_date=last[0][0][0] if last[0] else None,
            top_sources=[FacetValue(value, int(count)) for value, count in sources[0] if value][:top],
            updated=updated[0][0][0] if updated[0] else None,
        )

    def _shard_status(self) -> list[dict[str, str] | None]:
        """Each shard's SHOW INDEX STATUS, None for a shard that does not answer."""
        return [_status(shard) for shard in self._shards]

    def health(self) -> dict[str, Any]:
        """Whether each shard answers, and how many documents it holds."""
        shards_health = []
        for shard, status in zip(self._shards, self._shard_status()):
            entry: dict[str, Any] = {"name": shard.name, "address": str(shard.sql), "ok": status is not None}
            if status is not None:
                entry["documents"] = int(status.get("indexed_documents", 0))
            shards_health.append(entry)
        documents = sum(shard.get("documents", 0) for shard in shards_health)
        return {"documents": documents, "engine": self.url, "shards": shards_health}

    def close(self) -> None:
        """Nothing stays open between calls."""


def _facet_counts(sets: list[list[tuple]]) -> dict[str, Counter[str]]:
    """The FACET result sets as counts per value, documents without a value left out."""
    return {name: Counter({str(value): int(count) for value, count in rows if value}) for name, rows in zip(FACET_FIELDS, sets)}


def _connection_lost(error: pymysql.MySQLError) -> bool:
    # pymysql's codes for a connection that went away or broke mid-query.
    return isinstance(error, pymysql.err.InterfaceError) or (error.args and error.args[0] in (2006, 2013))


def _status(shard: Shard) -> dict[str, str] | None:
    try:
        with connect(shard.sql, read_seconds=3) as connection, connection.cursor() as cursor:
            cursor.execute(f"SHOW INDEX {shard.name} STATUS")
            return dict(cursor.fetchall())
    except (EngineUnavailable, pymysql.MySQLError):
        return None

