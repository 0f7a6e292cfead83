"""Worker processes that read, extract and tokenize files and write the
documents into segments of their own.

Writing a segment (sorting and encoding its postings) costs as much as
reading the pages, so a single writer caps a run at what one core writes.
Here every worker writes its own segments, as Whoosh's MpWriter does; they
become part of the index only when the run's one process holding the lock
lists them in the TOC it commits, so a killed run leaves nothing visible.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterable, Iterator
from itertools import chain
from multiprocessing import get_context
from pathlib import Path

from whoosh.codec.base import Segment
from whoosh.index import open_dir

from indexer.prepare import FileTask, Prepared, prepare_batch, start_worker
from search.embedded.segments import RollingWriter
from search.analysis.schema import SCHEMA

BATCHES_IN_FLIGHT_PER_WORKER = 4
# How often the run checks that its workers are alive while waiting for one.
LIVENESS_SECONDS = 1.0
FEEDER_NAME = "zhsearch-index-feeder"


class WorkerFailed(RuntimeError):
    """A worker process died; the run is cancelled and the index left as it was."""


def write_prepared(writer: RollingWriter, prepared: list[Prepared]) -> list[Prepared]:
    """Add the documents of ``prepared`` to ``writer``; what goes back keeps only their count."""
    for done in prepared:
        for document in done.documents or ():
            writer.add_document(**document)
        if done.documents:
            done.written, done.documents = len(done.documents), []
    return prepared


def _work(index_dir: str, batches, results, userdict: str | None, parent: int, lock: int | None) -> None:
    start_worker(userdict, parent, lock)
    writer = RollingWriter(open_dir(index_dir), _lk=False)
    # The run's schema: a rebuild may be replacing an index of an older one.
    writer.schema = SCHEMA
    while (batch := batches.get()) is not None:
        results.put(("prepared", write_prepared(writer, prepare_batch(batch))))
    segments = list(writer._written)
    if writer._added:
        segments.append(writer._finalize_segment())
    # Not writer.commit(): the run's writer lists these segments in its TOC.
    results.put(("segments", segments))


class SegmentWorkers:
    """``count`` worker processes writing segments into the index in ``index_dir``."""

    def __init__(self, index_dir: str | os.PathLike[str], count: int, userdict: str | None, lock: int | None) -> None:
        context = get_context("fork")
        self._batches = context.Queue(maxsize=count * BATCHES_IN_FLIGHT_PER_WORKER)
        self._results = context.Queue()
        self._processes = [
            context.Process(
                target=_work,
                args=(str(Path(index_dir)), self._batches, self._results, userdict, os.getpid(), lock),
                daemon=True,
            )
            for _ in range(count)
        ]
        self.segments: list[Segment] = []
        self._stopped = threading.Event()
        for process in self._processes:
            process.start()

    def run(self, batches: Iterable[list[FileTask]]) -> Iterator[Prepared]:
        """Each file's outcome as its worker reports it (not in task order); the
        written segments are in ``segments`` once this is exhausted."""
        feeder = threading.Thread(target=self._feed, args=(batches,), name=FEEDER_NAME, daemon=True)
        feeder.start()
        finished = 0
        while finished < len(self._processes):
            kind, payload = self._next_result()
            if kind == "prepared":
                yield from payload
            else:
                self.segments.extend(payload)
                finished += 1
        feeder.join()

    def _feed(self, batches: Iterable[list[FileTask]]) -> None:
        for batch in chain(batches, [None] * len(self._processes)):
            # A run that failed stops reading: the feeder must not wait on a full queue for ever.
            while not self._stopped.is_set():
                try:
                    self._batches.put(batch, timeout=LIVENESS_SECONDS)
                    break
                except queue.Full:
                    continue

    def _next_result(self) -> tuple[str, list]:
        while True:
            try:
                return self._results.get(timeout=LIVENESS_SECONDS)
            except queue.Empty:
                dead = [process.exitcode for process in self._processes if process.exitcode not in (None, 0)]
                if dead:
                    raise WorkerFailed(f"an indexing worker died (exit status {dead[0]}); nothing was committed") from None

    def close(self) -> None:
        self._stopped.set()
        for process in self._processes:
            if process.is_alive():
                process.kill()
            process.join()
