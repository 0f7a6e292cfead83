"""Writing a Sphinx (or Manticore) cluster: the same files, extraction and tokens as
the embedded index, written to the shards over SphinxQL.

Worker processes of the indexing job read, extract and tokenize each file
(``search.cluster.text`` turns the analyzer's tokens into the engine's
keywords); this process writes each document to the shard its id hashes to,
in batches, and then records the file in the node's meta index
(``search.cluster.nodes``): its size, mtime, content hash and the ids of its
documents. The next run skips files whose size and mtime are as recorded,
replaces the documents of changed files, and deletes those of files gone
from the indexed folders. A run that changed anything ends by bringing the
cluster's IDF file up to date (``search.cluster.idf``) and recording the
statistics the ranking needs (``search.cluster.ranking``).

The engine has no transaction across shards: a run that is killed leaves
the documents written so far, but a file is recorded only after its
documents are written, so the next run writes again whatever was not.
Changing the number of shards needs ``--rebuild``: a document's shard is its
id modulo their number.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pymysql

from search.analysis.schema import warm_up
from search.cluster import idf
from search.cluster.nodes import (
    DISTRIBUTED, META, EngineUnavailable, Shard, connect, idf_file, parse_url, record_statistics, record_update,
    shards,
)
from search.cluster.text import document_text, engine_id
from search.manifest import FileState, Manifest

# Rows a REPLACE statement carries: few enough to stay far below max_packet_size.
BATCH_ROWS = 64
COLUMNS = (
    "id", "title", "title_parts", "body", "body_parts", "grams", "tags", "doc", "path", "file", "title_text",
    "body_text", "date_iso", "source", "site", "year", "month", "content_hash", "stamp", "dated", "title_derived",
    "group_key", "story", "title_length", "body_length", "grams_length",
)


# Columns a shard started by an earlier zhsearch lacks (its RT index keeps the schema it
# was created with, whatever its configuration says now): added by the next run.
ADDED_COLUMNS = ("grams_length",)


def shard_of(doc: int, count: int) -> int:
    return doc % count


def cluster_row(fields: dict[str, Any]) -> tuple:
    """One row of a shard for a record's fields, in the order of ``COLUMNS``."""
    text = document_text(fields)
    stamp = fields.get("date")
    return (
        engine_id(fields["id"]), text["title"], text["title_parts"], text["body"], text["body_parts"],
        text["grams"], text["tags"], fields["id"], fields["path"], fields["file"], fields["title"],
        fields["body"], stamp.isoformat() if stamp else "", fields.get("source", ""), fields.get("site", ""),
        fields.get("year", ""), fields.get("month", ""), fields["content_hash"],
        int(stamp.timestamp() * 1_000_000) if stamp else 0, int(stamp is not None), int(fields["title_derived"]),
        fields.get("group", ""), story_number(fields), text["title_length"], text["body_length"],
        text["grams_length"],
    )


def story_number(fields: dict[str, Any]) -> int:
    """The story of a record as the number the engine groups by: of its group, or,
    for a page given none, of the page itself (a story of its own)."""
    key = f"group\0{fields['group']}" if fields.get("group") else f"page\0{fields['id']}"
    # 60 bits: a positive signed bigint.
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:15], 16)


@dataclass
class _Recorded:
    state: FileState
    ids: list[int]


@dataclass
class _Writer:
    """Rows buffered per shard and file records buffered for the meta index; the
    records are written only after the rows before them."""

    node: pymysql.Connection
    connections: list[pymysql.Connection]
    names: list[str]
    rows: list[list[tuple]] = field(default_factory=list)
    records: list[tuple] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rows = [[] for _ in self.connections]

    def add(self, row: tuple) -> None:
        number = shard_of(row[0], len(self.connections))
        self.rows[number].append(row)
        if len(self.rows[number]) >= BATCH_ROWS:
            self.flush()

    def delete(self, ids: Iterable[int]) -> None:
        by_shard: dict[int, list[int]] = {}
        for doc in ids:
            by_shard.setdefault(shard_of(doc, len(self.connections)), []).append(doc)
        for number, docs in by_shard.items():
            for start in range(0, len(docs), 1000):
                chunk = docs[start : start + 1000]
                self.execute(number, f"DELETE FROM {self.names[number]} WHERE id IN ({','.join(map(str, chunk))})")

    def record(self, path: str, recorded: _Recorded | None) -> None:
        self.records.append((path, recorded))
        if len(self.records) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        for number, rows in enumerate(self.rows):
            if rows:
                marks = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * len(rows))
                statement = f"REPLACE INTO {self.names[number]} ({', '.join(COLUMNS)}) VALUES {marks}"
                self.execute(number, statement, [value for row in rows for value in row])
                rows.clear()
        with self.node.cursor() as cursor:
            for path, recorded in self.records:
                if recorded is None:
                    cursor.execute(f"DELETE FROM {META} WHERE id = %s", (engine_id(path),))
                    continue
                state = recorded.state
                value = json.dumps([state.size, state.mtime_ns, state.content_hash, recorded.ids])
                cursor.execute(
                    f"REPLACE INTO {META} (id, note, kind, name, value) VALUES (%s, '', 'file', %s, %s)",
                    (engine_id(path), path, value),
                )
        self.records.clear()

    def add_columns(self) -> None:
        """Give every shard the columns ``ADDED_COLUMNS`` names that it lacks."""
        for number, (connection, name) in enumerate(zip(self.connections, self.names)):
            with connection.cursor() as cursor:
                cursor.execute(f"DESCRIBE {name}")
                present = {row[0] for row in cursor.fetchall()}
            for column in ADDED_COLUMNS:
                if column not in present:
                    self.execute(number, f"ALTER TABLE {name} ADD COLUMN {column} INTEGER")

    def execute(self, number: int, statement: str, values: list | None = None) -> None:
        try:
            with self.connections[number].cursor() as cursor:
                cursor.execute(statement, values)
        except pymysql.MySQLError as error:
            raise EngineUnavailable(f"{self.names[number]}: cannot write: {error.args[-1]}") from None


def recorded_files(node: pymysql.Connection) -> dict[str, _Recorded]:
    """The files the cluster holds, as its meta index records them."""
    found: dict[str, _Recorded] = {}
    last = 0
    with node.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, name, value FROM {META} WHERE kind='file' AND id > %s ORDER BY id ASC "
                "LIMIT 1000 OPTION max_matches=1000",
                (last,),
            )
            rows = cursor.fetchall()
            for doc, name, value in rows:
                size, mtime_ns, content_hash, ids = json.loads(value)
                found[name] = _Recorded(FileState(size, mtime_ns, content_hash), ids)
            if len(rows) < 1000:
                return found
            last = rows[-1][0]


class ClusterWriter:
    """One indexing run's writer of the cluster at ``url``; ``rebuild`` empties it first."""

    def __init__(self, url: str, *, rebuild: bool = False) -> None:
        self._node = connect(parse_url(url), url)
        found_shards: list[Shard] = shards(self._node)
        if not found_shards:
            raise EngineUnavailable(f"{url}: the node lists no shards in its {META} index")
        self._shards = found_shards
        self._writer = _Writer(
            self._node,
            [connect(shard.sql, f"{shard.name} at {shard.sql}") for shard in found_shards],
            [shard.name for shard in found_shards],
        )
        self._writer.add_columns()
        # The words (title and body keywords) this run wrote, for the cluster's IDF.
        self._keywords: set[str] = set()
        self._recorded = recorded_files(self._node)
        if rebuild:
            for number, name in enumerate(self._writer.names):
                self._writer.execute(number, f"TRUNCATE RTINDEX {name}")
            for path in self._recorded:
                self._writer.record(path, None)
            self._writer.flush()
            self._recorded = {}
        self._known = Manifest({path: recorded.state for path, recorded in self._recorded.items()})
        self._changed = False
        # Forked after the dictionary is loaded, so the workers share it.
        warm_up(indexing=True)

    def known(self) -> Manifest:
        return self._known

    make_document = staticmethod(cluster_row)

    def in_worker(self) -> None:
        """Workers hand their rows back: only this process writes to the shards."""
        return None

    def adopt(self, written: None) -> None:
        pass

    def write(self, path: str, state: FileState, documents: list[tuple]) -> None:
        ids = [row[0] for row in documents]
        previous = self._recorded.pop(path, None)
        if previous is not None:
            self._writer.delete(set(previous.ids) - set(ids))
        for row in documents:
            self._writer.add(row)
            for text in row[1:5]:  # title, title_parts, body, body_parts
                self._keywords.update(text.split())
        self._writer.record(path, _Recorded(state, ids))
        self._changed = True

    def keep(self, path: str, state: FileState) -> None:
        previous = self._recorded.get(path)
        self._writer.record(path, _Recorded(state, previous.ids if previous else []))

    def remove(self, path: str) -> None:
        previous = self._recorded.pop(path, None)
        if previous is not None:
            self._writer.delete(previous.ids)
            self._writer.record(path, None)
            self._changed = True

    def commit(self, roots: list[str]) -> None:
        # The cluster keeps no roots: it serves no saved files back.
        self._writer.flush()
        if self._changed:
            record_update(self._node)
            self._record_statistics()
        self._close()

    def _record_statistics(self) -> None:
        """The cluster's IDF file and the statistics its ranking needs, as of this run."""
        ranks_globally = idf.update(idf_file(self._node), self._writer.connections, self._shards, self._keywords)
        with self._node.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*), SUM(title_length), SUM(body_length), SUM(grams_length) FROM {DISTRIBUTED}"
            )
            documents, titles, bodies, pairs = cursor.fetchone() or (0, 0, 0, 0)
        documents = int(documents)
        record_statistics(self._node, {
            "documents": documents, "title_average": int(titles or 0) / max(documents, 1),
            "body_average": int(bodies or 0) / max(documents, 1), "grams_average": int(pairs or 0) / max(documents, 1),
            "global_idf": ranks_globally,
        })

    def cancel(self) -> None:
        self._close()

    def _close(self) -> None:
        for connection in (self._node, *self._writer.connections):
            connection.close()
