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
from whoosh.index import FileIndex, LockError
from whoosh.writing import PostingPool, SegmentWriter

from indexer import manifest
from indexer.errors import ExtractError
from indexer.extract import ALL_SUFFIXES
from indexer.manifest import FileState
from indexer.prepare import FileTask, Prepared, prepare_batch, start_worker
from indexer.progress import Progress
from search.schema import SCHEMA, load_userdict, same_layout
from search.store import USERDICT_NAME, open_or_create

BATCH_SIZE = 16
BATCHES_IN_FLIGHT_PER_WORKER = 4
# Postings of this many documents sort in memory; a larger pool would spill to
# temporary runs whose pure-Python merge makes indexing slower as it grows.
SEGMENT_DOCS = 4000
WRITER_MEMORY_MB = 512


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
            f"in {self.seconds:.2f} s ({self.docs_per_second:.0f} docs/s, {self.workers} workers)"
        )


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Every page file named or found (recursively) under the given paths.

    A file named explicitly is always yielded, so that an unsupported one is
    reported rather than silently skipped; inside folders only page files are.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.suffix.lower() in ALL_SUFFIXES and not found.name.startswith(".") and found.is_file():
                    yield found
        else:
            yield path


def _is_under(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _known_files(index: FileIndex, index_dir: Path) -> dict[str, FileState]:
    """What the index holds, from the manifest or, if that is lost, from the index itself."""
    states = manifest.load(index_dir)
    if states is not None:
        return states
    with index.searcher() as searcher:
        return {
            stored["file"]: FileState(None, None, stored.get("content_hash", ""))
            for stored in searcher.all_stored_fields()
        }


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


def _prepared(tasks: list[FileTask], workers: int, userdict: str | None) -> Iterator[Prepared]:
    """Prepared documents in task order; at most a few batches per worker are in
    flight, so memory stays flat however many files there are."""
    batches = [tasks[start : start + BATCH_SIZE] for start in range(0, len(tasks), BATCH_SIZE)]
    if workers <= 1:
        for batch in batches:
            yield from prepare_batch(batch)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("fork"), initializer=start_worker, initargs=(userdict,)
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
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``paths``.

    ``rebuild`` starts from an empty index (swapped in only when complete);
    ``workers`` defaults to the number of cores.
    """
    started = time.perf_counter()
    paths = [Path(path) for path in paths]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
    roots = [str(path.resolve()) for path in paths]
    index_dir = Path(index_dir)
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    report = IndexReport(workers=workers)

    index = open_or_create(index_dir)
    writer = _open_writer(index, index_dir, rebuild)
    try:
        kept_userdict = _install_userdict(index_dir, userdict)
        known = {} if rebuild else _known_files(index, index_dir)
        states = dict(known)
        tasks: list[FileTask] = []
        seen: set[str] = set()
        for file in iter_files(paths):
            name = str(file.resolve())
            seen.add(name)
            try:
                stat = file.stat()
            except OSError as error:
                _fail(report, ExtractError(name, f"cannot read: {error.strerror or error}"), on_failure)
                continue
            previous = known.get(name)
            if previous and previous.matches(stat):
                report.unchanged += 1
                continue
            tasks.append(FileTask(name, stat.st_size, stat.st_mtime_ns, previous.content_hash if previous else None))

        progress = Progress(len(tasks), enabled=show_progress)
        touched = False
        for prepared in _prepared(tasks, workers, kept_userdict):
            progress.advance()
            task = prepared.task
            if prepared.error is not None:
                _fail(report, prepared.error, on_failure)
                if task.path in known:
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
            if task.path in known:
                # Every document the file gave before goes, then what it gives now.
                writer.delete_by_term("file", task.path)
                report.updated += len(prepared.documents)
            else:
                report.added += len(prepared.documents)
            for document in prepared.documents:
                writer.add_document(**document)
        progress.close()

        for gone in sorted(name for name in known if name not in seen and _is_under(name, roots)):
            writer.delete_by_term("file", gone)
            states.pop(gone)
            report.deleted += 1
    except BaseException:
        writer.cancel()
        raise

    if report.changed or rebuild:
        writer.commit(mergetype=writing.CLEAR if rebuild else None)
    else:
        writer.cancel()
    if report.changed or touched or rebuild:
        manifest.save(index_dir, states)
    report.seconds = time.perf_counter() - started
    return report


def _fail(report: IndexReport, error: ExtractError, on_failure: Callable[[ExtractError], None] | None) -> None:
    report.failures.append(error)
    if on_failure:
        on_failure(error)
