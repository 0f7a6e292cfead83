"""Writing saved pages into the index: incremental, parallel and crash-safe.

Worker processes read, extract and tokenize the files and write segments of
their own; this process holds the index's lock, deletes what files no longer
say and commits. Files whose size and mtime match the manifest are not read; files whose
bytes hash as before are not extracted; documents whose files are gone from the
indexed folders are deleted. Everything becomes visible in one commit, so a
killed run leaves the previous index as it was, and searches keep using it
while a run is under way.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh import writing
from whoosh.index import FileIndex, LockError

from search import manifest
from indexer.extract.errors import ExtractError
from indexer.extract import MAX_BYTES, is_feed
from indexer.files import Found, UnreadableFolder, find_files
from search.manifest import Root
from search.manifest import FileState, Manifest
from indexer.prepare import FileTask, Prepared, prepare_batch
from indexer.progress import Progress, counted
from search.embedded.segments import RollingWriter, merge_levels
from indexer.workers import SegmentWorkers, write_prepared
from search.analysis.schema import SCHEMA, load_userdict, same_layout
from search.embedded.store import USERDICT_NAME, open_or_create

BATCH_SIZE = 16
# A feed larger than this is read by all workers, each taking a share of its lines.
FEED_SHARE_BYTES = 1 << 20


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


def _open_writer(index: FileIndex, index_dir: Path, rebuild: bool) -> RollingWriter:
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


def _outcomes(
    tasks: list[FileTask], workers: int, writer: RollingWriter, index_dir: Path, userdict: str | None
) -> Iterator[Prepared]:
    """What became of each file: with one worker, its documents still to be
    written by ``writer``; with more, written by worker processes into segments
    of their own, which join ``writer``'s segments when it commits."""
    batches = _batches(tasks)
    if workers <= 1:
        for batch in batches:
            yield from prepare_batch(batch)
        return
    pool = SegmentWorkers(index_dir, workers, userdict, writer.writelock.fd)
    try:
        yield from pool.run(batches)
    finally:
        pool.close()
    writer._written.extend(pool.segments)


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
    roots = roots_of(paths)
    index_dir = Path(index_dir)
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    report = IndexReport(workers=workers)

    index = open_or_create(index_dir)
    writer = _open_writer(index, index_dir, rebuild)
    try:
        kept_userdict = _install_userdict(index_dir, userdict)
        known = Manifest() if rebuild else _known(index, index_dir)
        states = dict(known.files)
        walk = walk_files(roots, known.files, max_bytes, report, on_failure)
        tasks = [share for task in walk.tasks for share in _shares(task, workers)]
        seen, unlisted = walk.seen, walk.unlisted

        progress = Progress(sum(task.units for task in tasks), enabled=show_progress)
        touched = False
        for prepared in _outcomes(tasks, min(workers, len(tasks)), writer, index_dir, kept_userdict):
            progress.advance(prepared.task.units)
            task = prepared.task
            # The shares of a feed read the same bytes: what is said of the whole file, the first says.
            whole_file = task.share == 0
            if prepared.error is not None:
                if whole_file:
                    record_failure(report, prepared.error, on_failure)
                if whole_file and task.path in known.files:
                    # The file no longer yields an article; its old text must not stay findable.
                    writer.delete_by_term("file", task.path)
                    states.pop(task.path, None)
                    report.deleted += 1
                continue
            states[task.path] = FileState(task.size, task.mtime_ns, prepared.content_hash)
            if prepared.documents is None:
                touched = True
                report.unchanged += whole_file
                continue
            if prepared.note and whole_file:
                report.notes.append(prepared.note)
                if on_note:
                    on_note(prepared.note)
            for error in prepared.line_errors:
                record_failure(report, error, on_failure)
            if task.path in known.files:
                # Every document the file gave before goes; what it gives now is written.
                writer.delete_by_term("file", task.path)
                report.updated += prepared.count
            else:
                report.added += prepared.count
            write_prepared(writer, [prepared])
        progress.close()

        for gone in sorted(known.files):
            if gone in seen or not held(gone, roots) or held(gone, unlisted):
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


def _held_any(states: dict[str, FileState], root: Root) -> bool:
    return any(root.holds(name) for name in states)


def record_failure(report: IndexReport, error: ExtractError, on_failure: Callable[[ExtractError], None] | None) -> None:
    report.failures.append(error)
    if on_failure:
        on_failure(error)
