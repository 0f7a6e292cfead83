"""An indexing run: which files changed, their documents prepared in parallel
and handed to the engine's writer.

Files whose size and mtime match what the engine recorded are not read;
files whose bytes hash as before are not extracted; the documents of files
gone from the indexed folders are deleted. The writer (``search.engine.
open_writer``) makes everything visible at once where the engine can (the
embedded index commits one TOC, so a killed run leaves the previous index as
it was, and searches keep using it while a run is under way).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.extract import ExtractError, MAX_BYTES, is_feed
from indexer.files import Found, UnreadableFolder, find_files
from indexer.grouping import RunGroups, state_folder
from indexer.prepare import FileTask, Prepared, prepare_batch
from indexer.progress import Progress, counted
from indexer.workers import WorkerPool
from search.engine import EngineWriter, open_writer
from search.manifest import FileState, Root

BATCH_SIZE = 16
# A feed larger than this is read by all workers, each taking a share of its lines.
FEED_SHARE_BYTES = 1 << 20


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


def _outcomes(tasks: list[FileTask], workers: int, writer: EngineWriter, groups: RunGroups | None) -> Iterator[Prepared]:
    """What became of each file: with one worker, its documents still to be
    written; with more, prepared by worker processes (which may have written
    them already, see ``indexer.workers``). With ``groups``, each record is
    given its group (copies of one story) before it becomes a document."""
    batches = _batches(tasks)
    assign = groups.assign if groups is not None else None
    if workers <= 1:
        for batch in batches:
            yield from prepare_batch(batch, writer.make_document, assign)
        return
    pool = WorkerPool(writer, workers, assign)
    try:
        yield from pool.run(batches)
    finally:
        pool.close()
    for finished in pool.finished:
        writer.adopt(finished)


def _batches(tasks: list[FileTask]) -> Iterator[list[FileTask]]:
    """Tasks in batches of about ``BATCH_SIZE`` documents: many pages, or one share of a feed."""
    batch: list[FileTask] = []
    units = 0
    for task in tasks:
        batch.append(task)
        units += task.units
        if units >= BATCH_SIZE:
            yield batch
            batch, units = [], 0
    if batch:
        yield batch


def index_paths(
    paths: Iterable[str | os.PathLike[str]],
    location: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    workers: int | None = None,
    userdict: str | os.PathLike[str] | None = None,
    show_progress: bool = False,
    on_failure: Callable[[ExtractError], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    max_bytes: int = MAX_BYTES,
    group_copies: bool = True,
) -> IndexReport:
    """Bring the engine at ``location`` (an index folder or a cluster's URL) up to
    date with the files under ``paths``.

    ``rebuild`` starts from an empty index (swapped in only when complete, where
    the engine can); ``workers`` defaults to the number of cores; a page (or a
    JSON Lines line) over ``max_bytes`` fails as huge. ``group_copies`` gives
    each page its story's group (``indexer.grouping``); without it every page
    is a story of its own (bench/dedup_bench.py measures what grouping costs).
    """
    started = time.perf_counter()
    roots = roots_of(paths)
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    report = IndexReport(workers=workers)

    writer = open_writer(location, rebuild=rebuild, userdict=userdict)
    try:
        known = writer.known()
        groups = RunGroups(state_folder(location), rebuild) if group_copies else None
        # Files whose groups are not known as they are now are read again.
        stale = groups.stale(known.files) if groups is not None else set()
        fresh = {path: state for path, state in known.files.items() if path not in stale}
        walk = walk_files(roots, fresh, max_bytes, report, on_failure)
        tasks = [share for task in walk.tasks for share in _shares(task, workers)]
        seen, unlisted = walk.seen, walk.unlisted
        held_now = set(known.files)

        progress = Progress(sum(task.units for task in tasks), enabled=show_progress)
        for prepared in _outcomes(tasks, min(workers, len(tasks)), writer, groups):
            progress.advance(prepared.task.units)
            task = prepared.task
            # The shares of a feed read the same bytes: what is said of the whole file, the first says.
            whole_file = task.share == 0
            if prepared.error is not None:
                if whole_file:
                    record_failure(report, prepared.error, on_failure)
                if whole_file and task.path in held_now:
                    # The file no longer yields an article; its old text must not stay findable.
                    writer.remove(task.path)
                    if groups is not None:
                        groups.forget_file(task.path)
                    held_now.discard(task.path)
                    report.deleted += 1
                continue
            state = FileState(task.size, task.mtime_ns, prepared.content_hash)
            if prepared.documents is None:
                writer.keep(task.path, state)
                held_now.add(task.path)
                report.unchanged += whole_file
                continue
            if prepared.note and whole_file:
                report.notes.append(prepared.note)
                if on_note:
                    on_note(prepared.note)
            for error in prepared.line_errors:
                record_failure(report, error, on_failure)
            if task.path in known.files:
                report.updated += prepared.count
            else:
                report.added += prepared.count
            writer.write(task.path, state, prepared.documents)
            held_now.add(task.path)
        progress.close()

        for gone in sorted(held_now):
            if gone in seen or not held(gone, roots) or held(gone, unlisted):
                continue
            writer.remove(gone)
            if groups is not None:
                groups.forget_file(gone)
            held_now.discard(gone)
            report.deleted += 1
        kept_roots = sorted(
            root for root in {*known.roots, *(root.path for root in roots)}
            if any(Root(root).holds(name) for name in held_now)
        )
    except BaseException:
        writer.cancel()
        raise
    writer.commit(kept_roots)
    if groups is not None:
        groups.save()
    report.seconds = time.perf_counter() - started
    return report


def roots_of(paths: Iterable[str | os.PathLike[str]]) -> list[Root]:
    """The files and folders to index; FileNotFoundError names one that does not exist."""
    paths = [Path(path) for path in paths]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
    return [Root.of(path) for path in paths]


@dataclass
class Walk:
    """What a run found under its roots."""

    # The files to read: new ones, and those whose size or mtime changed.
    tasks: list[FileTask] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    # Folders that could not be listed: what the index holds from them stays.
    unlisted: list[Root] = field(default_factory=list)


def walk_files(
    roots: list[Root],
    known: dict[str, FileState],
    max_bytes: int,
    report: IndexReport,
    on_failure: Callable[[ExtractError], None] | None,
) -> Walk:
    """The files under ``roots`` and what to do with each, given the states ``known``
    from the last run; unchanged files are counted in ``report``, failures reported."""
    walk = Walk()
    for found in find_files(roots):
        if isinstance(found, UnreadableFolder):
            walk.unlisted.append(Root(found.name))
            record_failure(report, found.error, on_failure)
            continue
        if isinstance(found, ExtractError):
            record_failure(report, found, on_failure)
            continue
        if found.name in walk.seen:
            continue  # reached again through a link
        walk.seen.add(found.name)
        task = _task(found, known.get(found.name), max_bytes)
        if isinstance(task, ExtractError):
            record_failure(report, task, on_failure)
        elif task is None:
            report.unchanged += 1
        else:
            walk.tasks.append(task)
    return walk


def _task(found: Found, previous: FileState | None, max_bytes: int) -> FileTask | ExtractError | None:
    """The work to do for a file: None when its size and mtime are as recorded."""
    try:
        stat = os.stat(found.name)
    except OSError as error:
        return ExtractError(found.name, f"cannot read: {error.strerror or error}")
    if previous and previous.matches(stat):
        return None
    return FileTask(
        found.name,
        found.shown,
        stat.st_size,
        stat.st_mtime_ns,
        previous.content_hash if previous else None,
        max_bytes=max_bytes,
    )


def _shares(task: FileTask, workers: int) -> list[FileTask]:
    """The task of a feed counted in documents, and a large feed split into a
    share of its lines for each worker, so that one feed keeps every core busy."""
    if not is_feed(task.path):
        return [task]
    try:
        lines = _count_lines(task.path)
    except OSError:
        return [task]  # the worker reading it reports why
    shares = workers if workers > 1 and task.size > FEED_SHARE_BYTES else 1
    return [
        replace(task, share=share, shares=shares, units=lines // shares + (share < lines % shares))
        for share in range(shares)
    ]


def _count_lines(path: str) -> int:
    with open(path, "rb") as feed:
        return sum(block.count(b"\n") for block in iter(lambda: feed.read(1 << 20), b""))


def held(name: str, roots: list[Root]) -> bool:
    return any(root.holds(name) for root in roots)


def record_failure(report: IndexReport, error: ExtractError, on_failure: Callable[[ExtractError], None] | None) -> None:
    report.failures.append(error)
    if on_failure:
        on_failure(error)
