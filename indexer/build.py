"""Writing saved pages into the index: incremental, parallel and crash-safe.

Worker processes read, extract and tokenize; this process is the single Whoosh
writer. Files whose size and mtime match the manifest are not read; files whose
bytes hash as before are not extracted; documents whose files are gone from the
indexed folders are deleted. Everything becomes visible in one commit, so a
killed run leaves the previous index as it was, and searches keep using it
while a run is under way.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from whoosh import writing
from whoosh.codec.base import Segment
from whoosh.index import FileIndex, LockError
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool, SegmentWriter

from indexer import manifest
from indexer.errors import ExtractError
from indexer.extract import MAX_BYTES
from indexer.files import Found, Root, UnreadableFolder, find_files
from indexer.manifest import FileState, Manifest
from indexer.prepare import FileTask, Prepared, prepare_batch, start_worker
from indexer.progress import Progress, counted
from search.schema import SCHEMA, load_userdict, same_layout
from search.store import USERDICT_NAME, open_or_create

BATCH_SIZE = 16
BATCHES_IN_FLIGHT_PER_WORKER = 4
# Postings of this many documents sort in memory; a larger pool would spill to
# temporary runs whose pure-Python merge makes indexing slower as it grows.
SEGMENT_DOCS = 4000
WRITER_MEMORY_MB = 512
# Segments of about the same size (within this factor) are merged once there
# are this many of them: an index grows by a handful of segments per tenfold
# of documents, however many runs add to it, and each document is rewritten
# once per level.
MERGE_FACTOR = 8


class IndexBusy(Exception):
    """Another process is writing to the same index."""


class SchemaChanged(Exception):
    """The index was written with another schema; it needs --rebuild."""


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    failures: list[ExtractError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)

    @property
    def docs_per_second(self) -> float:
        return (self.added + self.updated) / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (
            f"added {self.added}, updated {self.updated}, deleted {self.deleted}, "
            f"unchanged {self.unchanged}, failed {len(self.failures)} "
            f"in {self.seconds:.2f} s ({self.docs_per_second:.0f} docs/s, {counted(self.workers, 'worker')})"
        )


def _known(index: FileIndex, index_dir: Path) -> Manifest:
    """What the index holds, from the manifest or, if that is lost, from the index itself."""
    found = manifest.load(index_dir)
    if found is not None:
        return found
    with index.searcher() as searcher:
        return Manifest(
            {
                stored["file"]: FileState(None, None, stored.get("content_hash", ""))
                for stored in searcher.all_stored_fields()
            }
        )


def _level(segment: Segment) -> int:
    count, level = segment.doc_count_all(), 0
    while count >= MERGE_FACTOR:
        count //= MERGE_FACTOR
        level += 1
    return level


def merge_levels(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    """A Whoosh merge policy: once ``MERGE_FACTOR`` segments share a level of
    size, they and every smaller segment are merged into the segment being
    written; returns the segments left as they are."""
    levels: dict[int, list[Segment]] = {}
    for segment in segments:
        levels.setdefault(_level(segment), []).append(segment)
    full = [level for level, members in levels.items() if len(members) >= MERGE_FACTOR]
    if not full:
        return segments
    merged = [segment for segment in segments if _level(segment) <= min(full)]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in merged]


class RollingWriter(SegmentWriter):
    """A Whoosh writer that starts a new segment every ``SEGMENT_DOCS`` documents.

    Each segment's postings sort in memory, so time per document stays flat
    and memory bounded however many documents a run adds; all the segments
    become visible together, in the one TOC written by ``commit``.
    """

    def __init__(self, index: FileIndex, **kwargs) -> None:
        super().__init__(index, limitmb=WRITER_MEMORY_MB, compound=False, **kwargs)
        self._written: list = []

    def add_document(self, **fields) -> None:
        super().add_document(**fields)
        if self.docnum - self.docbase >= SEGMENT_DOCS:
            self._written.append(self._finalize_segment())
            self._start_segment()

    def _start_segment(self) -> None:
        # What SegmentWriter.__init__ sets up for its one new segment.
        self.newsegment = self.codec.new_segment(self.storage, self.indexname)
        self.pool = PostingPool(self._tempstorage, self.newsegment, limitmb=WRITER_MEMORY_MB)
        self.perdocwriter = self.codec.per_document_writer(self.storage, self.newsegment)
        self.fieldwriter = self.codec.field_writer(self.storage, self.newsegment)
        self.docnum = self.docbase = 0
        self._added = False

    def _merge_segments(self, mergetype, optimize, merge):
        # This run's full segments join the merging from the next run on.
        return super()._merge_segments(mergetype, optimize, merge) + self._written


def _open_writer(index: FileIndex, index_dir: Path, rebuild: bool) -> SegmentWriter:
    try:
        writer = RollingWriter(index)
    except LockError as error:
        raise IndexBusy(
            f"{index_dir}: another `zhsearch index` is writing this index; try again when it has finished"
        ) from error
    if rebuild:
        # A rebuild writes one new segment under the current schema; committing
        # it with CLEAR swaps it in for all old segments in a single TOC write.
        writer.schema = SCHEMA
    elif not same_layout(index.schema):
        writer.cancel()
        raise SchemaChanged(
            f"{index_dir}: this index was written by another version of zhsearch; "
            "re-create it with `zhsearch index PATH... --rebuild`"
        )
    return writer


def _prepared(
    tasks: list[FileTask], workers: int, userdict: str | None, lock: int | None
) -> Iterator[Prepared]:
    """Prepared documents in task order; at most a few batches per worker are in
    flight, so memory stays flat however many files there are."""
    batches = [tasks[start : start + BATCH_SIZE] for start in range(0, len(tasks), BATCH_SIZE)]
    if workers <= 1:
        for batch in batches:
            yield from prepare_batch(batch)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=start_worker,
        initargs=(userdict, os.getpid(), lock),
    )
    try:
        waiting = iter(batches)
        pending = deque(pool.submit(prepare_batch, batch) for batch in _take(waiting, workers * BATCHES_IN_FLIGHT_PER_WORKER))
        while pending:
            done = pending.popleft().result()
            for batch in _take(waiting, 1):
                pending.append(pool.submit(prepare_batch, batch))
            yield from done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _take(iterator: Iterator, count: int) -> list:
    return [item for _, item in zip(range(count), iterator)]


def _install_userdict(index_dir: Path, userdict: str | os.PathLike[str] | None) -> str | None:
    """Keep the user dictionary inside the index, so searches cut queries the same way."""
    kept = index_dir / USERDICT_NAME
    if userdict is not None:
        load_userdict(userdict)  # validates before anything is copied
        if Path(userdict).resolve() != kept.resolve():
            shutil.copyfile(userdict, kept)
    elif kept.is_file():
        load_userdict(kept)
    return str(kept) if kept.is_file() else None


def index_paths(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    workers: int | None = None,
    userdict: str | os.PathLike[str] | None = None,
    show_progress: bool = False,
    on_failure: Callable[[ExtractError], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    max_bytes: int = MAX_BYTES,
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``paths``.

    ``rebuild`` starts from an empty index (swapped in only when complete);
    ``workers`` defaults to the number of cores; a page (or a JSON Lines line)
    over ``max_bytes`` fails as huge.
    """
    started = time.perf_counter()
    paths = [Path(path) for path in paths]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
    roots = [Root.of(path) for path in paths]
    index_dir = Path(index_dir)
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    report = IndexReport(workers=workers)

    index = open_or_create(index_dir)
    writer = _open_writer(index, index_dir, rebuild)
    try:
        kept_userdict = _install_userdict(index_dir, userdict)
        known = Manifest() if rebuild else _known(index, index_dir)
        states = dict(known.files)
        tasks: list[FileTask] = []
        seen: set[str] = set()
        # Folders that could not be listed: what the index holds from them stays.
        unlisted: list[Root] = []
        for found in find_files(roots):
            if isinstance(found, UnreadableFolder):
                unlisted.append(Root(found.name))
                _fail(report, found.error, on_failure)
                continue
            if isinstance(found, ExtractError):
                _fail(report, found, on_failure)
                continue
            if found.name in seen:
                continue  # reached again through a link
            seen.add(found.name)
            task = _task(found, known.files.get(found.name), max_bytes)
            if isinstance(task, ExtractError):
                _fail(report, task, on_failure)
            elif task is None:
                report.unchanged += 1
            else:
                tasks.append(task)

        progress = Progress(len(tasks), enabled=show_progress)
        touched = False
        for prepared in _prepared(tasks, workers, kept_userdict, writer.writelock.fd):
            progress.advance()
            task = prepared.task
            if prepared.error is not None:
                _fail(report, prepared.error, on_failure)
                if task.path in known.files:
                    # The file no longer yields an article; its old text must not stay findable.
                    writer.delete_by_term("file", task.path)
                    states.pop(task.path, None)
                    report.deleted += 1
                continue
            states[task.path] = FileState(task.size, task.mtime_ns, prepared.content_hash)
            if prepared.documents is None:
                touched = True
                report.unchanged += 1
                continue
            if prepared.note:
                report.notes.append(prepared.note)
                if on_note:
                    on_note(prepared.note)
            for error in prepared.line_errors:
                _fail(report, error, on_failure)
            if task.path in known.files:
                # Every document the file gave before goes, then what it gives now.
                writer.delete_by_term("file", task.path)
                report.updated += len(prepared.documents)
            else:
                report.added += len(prepared.documents)
            for document in prepared.documents:
                writer.add_document(**document)
        progress.close()

        for gone in sorted(known.files):
            if gone in seen or not _held(gone, roots) or _held(gone, unlisted):
                continue
            writer.delete_by_term("file", gone)
            states.pop(gone)
            report.deleted += 1
    except BaseException:
        writer.cancel()
        raise

    if report.changed or rebuild:
        writer.commit(mergetype=writing.CLEAR if rebuild else merge_levels)
    else:
        writer.cancel()
    kept_roots = sorted(
        root for root in {*known.roots, *(root.path for root in roots)} if _held_any(states, Root(root))
    )
    if report.changed or touched or rebuild or kept_roots != sorted(known.roots):
        manifest.save(index_dir, Manifest(states, kept_roots))
    report.seconds = time.perf_counter() - started
    return report


def _task(found: Found, previous: FileState | None, max_bytes: int) -> FileTask | ExtractError | None:
    """The work to do for a file: None when its size and mtime are as recorded."""
    try:
        stat = os.stat(found.name)
    except OSError as error:
        return ExtractError(found.name, f"cannot read: {error.strerror or error}")
    if previous and previous.matches(stat):
        return None
    return FileTask(
        found.name, found.shown, stat.st_size, stat.st_mtime_ns, previous.content_hash if previous else None, max_bytes
    )


def _held(name: str, roots: list[Root]) -> bool:
    return any(root.holds(name) for root in roots)


def _held_any(states: dict[str, FileState], root: Root) -> bool:
    return any(root.holds(name) for name in states)


def _fail(report: IndexReport, error: ExtractError, on_failure: Callable[[ExtractError], None] | None) -> None:
    report.failures.append(error)
    if on_failure:
        on_failure(error)
