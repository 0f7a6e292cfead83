"""Indexing into a Sphinx (or Manticore) cluster: the same files, extraction and tokens as
``indexer.build``, written to the shards over SphinxQL.

Worker processes read, extract and tokenize each file (``search.cluster.text``
turns the analyzer's tokens into the engine's keywords); this process writes
each document to the shard its id hashes to, in batches, and then records
the file in the node's meta index (``search.cluster.nodes``): its size, mtime,
content hash and the ids of its documents. The next run skips files whose
size and mtime are as recorded, replaces the documents of changed files,
and deletes those of files gone from the indexed folders.

The engine has no transaction across shards: a run that is killed leaves
the documents written so far, but a file is recorded only after its
documents are written, so the next run writes again whatever was not.
Changing the number of shards needs ``--rebuild``: a document's shard is its
id modulo their number.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import pymysql

from indexer.build import IndexReport, held, record_failure, roots_of, walk_files
from indexer.extract.errors import ExtractError
from indexer.extract import MAX_BYTES
from search.manifest import FileState
from indexer.prepare import FileTask, Prepared, prepare, record_fields
from indexer.progress import Progress
from indexer.extract.record import Record
from search.cluster.nodes import META, EngineUnavailable, Shard, connect, parse_url, record_update, shards
from search.analysis.schema import warm_up
from search.cluster.text import document_text, engine_id

# Rows a REPLACE statement carries: few enough to stay far below max_packet_size.
BATCH_ROWS = 64
COLUMNS = (
    "id", "title", "title_parts", "body", "body_parts", "grams", "tags", "doc", "path", "file", "title_text",
    "body_text", "date_iso", "source", "site", "year", "month", "content_hash", "stamp", "dated", "title_derived",
)


def shard_of(doc: int, count: int) -> int:
    return doc % count


def cluster_fields(record: Record, task: FileTask, content_hash: str) -> tuple:
    """One row of a shard for a record, in the order of ``COLUMNS``."""
    fields = record_fields(record, task, content_hash)
    text = document_text(fields)
    stamp = fields.get("date")
    return (
        engine_id(fields["id"]), text["title"], text["title_parts"], text["body"], text["body_parts"],
        text["grams"], text["tags"], fields["id"], fields["path"], fields["file"], fields["title"],
        fields["body"], stamp.isoformat() if stamp else "", fields.get("source", ""), fields.get("site", ""),
        fields.get("year", ""), fields.get("month", ""), content_hash,
        int(stamp.timestamp() * 1_000_000) if stamp else 0, int(stamp is not None), int(fields["title_derived"]),
    )


def _prepare(task: FileTask) -> Prepared:
    return prepare(task, cluster_fields)


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


def _clear(writer: _Writer, known: dict[str, _Recorded]) -> None:
    for number, name in enumerate(writer.names):
        writer.execute(number, f"TRUNCATE RTINDEX {name}")
    for path in known:
        writer.record(path, None)
    writer.flush()


def index_into_cluster(
    paths: Iterable[str | os.PathLike[str]],
    url: str,
    *,
    rebuild: bool = False,
    workers: int | None = None,
    show_progress: bool = False,
    on_failure: Callable[[ExtractError], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    max_bytes: int = MAX_BYTES,
) -> IndexReport:
    """Bring the cluster at ``url`` up to date with the files under ``paths``, as
    ``indexer.build.index_paths`` does an embedded index."""
    started = time.perf_counter()
    roots = roots_of(paths)
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    report = IndexReport(workers=workers)
    node = connect(parse_url(url), url)
    found_shards: list[Shard] = shards(node)
    if not found_shards:
        raise EngineUnavailable(f"{url}: the node lists no shards in its {META} index")
    writer = _Writer(
        node,
        [connect(shard.sql, f"{shard.name} at {shard.sql}") for shard in found_shards],
        [shard.name for shard in found_shards],
    )
    known = recorded_files(node)
    if rebuild:
        _clear(writer, known)
        known = {}

    walk = walk_files(roots, {path: recorded.state for path, recorded in known.items()}, max_bytes, report, on_failure)
    tasks, seen, unlisted = walk.tasks, walk.seen, walk.unlisted

    progress = Progress(len(tasks), enabled=show_progress)
    for prepared in _prepared(tasks, workers):
        progress.advance(1)
        _write(prepared, known.get(prepared.task.path), writer, report, on_failure, on_note)
    progress.close()
    for gone in sorted(known):
        if gone in seen or not held(gone, roots) or held(gone, unlisted):
            continue
        writer.delete(known[gone].ids)
        writer.record(gone, None)
        report.deleted += 1
    writer.flush()
    if report.changed:
        record_update(node)
    for connection in (node, *writer.connections):
        connection.close()
    report.seconds = time.perf_counter() - started
    return report


def _prepared(tasks: list[FileTask], workers: int) -> Iterator[Prepared]:
    if workers <= 1 or len(tasks) < 2:
        yield from map(_prepare, tasks)
        return
    # Forked after the dictionary is loaded, so the workers share it.
    warm_up(indexing=True)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_prepare, tasks, chunksize=16)


def _write(
    prepared: Prepared,
    previous: _Recorded | None,
    writer: _Writer,
    report: IndexReport,
    on_failure: Callable[[ExtractError], None] | None,
    on_note: Callable[[str], None] | None,
) -> None:
    task = prepared.task
    if prepared.error is not None:
        record_failure(report, prepared.error, on_failure)
        if previous is not None:
            # The file no longer yields an article; its old text must not stay findable.
            writer.delete(previous.ids)
            writer.record(task.path, None)
            report.deleted += 1
        return
    state = FileState(task.size, task.mtime_ns, prepared.content_hash)
    if prepared.documents is None:  # the same bytes under a new mtime
        writer.record(task.path, _Recorded(state, previous.ids if previous else []))
        report.unchanged += 1
        return
    if prepared.note:
        report.notes.append(prepared.note)
        if on_note:
            on_note(prepared.note)
    for error in prepared.line_errors:
        record_failure(report, error, on_failure)
    rows = prepared.documents
    ids = [row[0] for row in rows]
    if previous is not None:
        writer.delete(set(previous.ids) - set(ids))
        report.updated += len(rows)
    else:
        report.added += len(rows)
    for row in rows:
        writer.add(row)
    writer.record(task.path, _Recorded(state, ids))
