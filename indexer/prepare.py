"""The work done for each file: read, hash, extract, and make each record the
engine's document (for the embedded index, text that already carries its
tokens, so writing a segment never runs jieba).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass, field

from indexer.extract import ExtractError, MAX_BYTES, Record, extract_records_bytes, is_feed, read_bytes
from search.manifest import content_hash as hash_of
from indexer.grouping import Ask, give_groups
from search.analysis.schema import document_id

PARENT_CHECK_SECONDS = 0.5


@dataclass(frozen=True)
class FileTask:
    path: str
    # The name readers see (see indexer.files): no server folders in it.
    shown: str
    size: int
    mtime_ns: int
    # The hash recorded for this path, if any: equal bytes need no extraction.
    known_hash: str | None
    # Which share of a large feed's lines this task reads (see indexer.extract.jsonl), of how many.
    share: int = 0
    shares: int = 1
    # Documents this task stands for, for the progress display: a page is one.
    units: int = 1
    # A page larger than this (a JSON Lines line, for a feed) is refused as huge.
    max_bytes: int = MAX_BYTES


@dataclass
class Prepared:
    task: FileTask
    content_hash: str
    # One document per record the file holds (a JSON Lines file holds many);
    # None when the bytes are unchanged.
    documents: list[dict] | None = None
    note: str | None = None
    error: ExtractError | None = None
    # Lines of a JSON Lines file that could not become records.
    line_errors: list[ExtractError] = field(default_factory=list)
    # Documents a worker wrote into its own segment (their fields stay there).
    written: int = 0

    @property
    def count(self) -> int:
        """How many documents the file gave."""
        return self.written + len(self.documents or ())


def watch_parent(parent: int) -> None:
    """In a worker process: end it when ``parent`` is gone, so that an indexer
    killed by its PID alone leaves no worker behind holding the index."""
    threading.Thread(target=_end_with, args=(parent,), name="parent-watch", daemon=True).start()


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _identity(record: Record, task: FileTask) -> tuple[str, str]:
    """A record's id and the name readers see: a page file's own, or, for a
    record of a feed, its ``url`` (a link to show, never a path to open) or
    ``<feed>#<line>``."""
    if not is_feed(task.path):
        return document_id(task.path), task.shown
    line = record.path.removeprefix(task.path) if record.path.startswith(f"{task.path}#") else None
    return document_id(task.path, record.path), task.shown + line if line else record.path


def record_fields(record: Record, task: FileTask, content_hash: str) -> dict:
    """The fields of a record read from the file of ``task``, title and body as plain text."""
    doc_id, shown = _identity(record, task)
    fields = {
        "id": doc_id,
        "path": shown,
        "file": task.path,
        "title": record.title,
        "title_derived": record.title_derived,
        "body": record.body,
        "content_hash": content_hash,
    }
    if record.date:
        fields["date"] = record.date
        fields["year"] = record.date.strftime("%Y")
        fields["month"] = record.date.strftime("%Y-%m")
    if record.source:
        fields["source"] = record.source
    if record.site:
        fields["site"] = record.site
    return fields


def prepare(task: FileTask) -> Prepared:
    """Read, hash and extract the file of ``task``: its documents are its records' fields."""
    try:
        _, data = read_bytes(task.path, max_bytes=task.max_bytes)
        content_hash = hash_of(data)
        if content_hash == task.known_hash:
            return Prepared(task, content_hash)
        records = extract_records_bytes(task.path, data, max_bytes=task.max_bytes, share=(task.share, task.shares))
    except ExtractError as error:
        return Prepared(task, "", error=error)
    encodings = {record.encoding for record in records} - {"utf-8"}
    note = f"{task.path}: not UTF-8; decoded as {encodings.pop()}" if encodings else None
    documents = [record_fields(record, task, content_hash) for record in records]
    return Prepared(task, content_hash, documents=documents, note=note, line_errors=list(records.errors))


def prepare_batch(tasks: list[FileTask], make_document: Callable[[dict], Any], ask: Ask | None = None) -> list[Prepared]:
    """The files of ``tasks`` prepared; with ``ask``, their records are given their
    groups (copies of one story, see ``indexer.grouping``) in one question; then
    each record's fields become the engine's document by ``make_document``."""
    prepared = [prepare(task) for task in tasks]
    if ask is not None:
        give_groups(((done.task.path, done.content_hash, done.documents or []) for done in prepared), ask)
    for done in prepared:
        if done.documents:
            done.documents = [make_document(fields) for fields in done.documents]
    return prepared
