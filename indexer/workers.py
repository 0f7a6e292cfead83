"""Worker processes that read, extract and tokenize files and make each record
the engine's document.

An engine whose writer gives each worker a sink (the embedded index: a
segment of its own, see ``search.embedded.writer``) has the workers write
there, since writing costs as much as reading the pages; what the sinks
finish with becomes part of the index only when the run commits. Otherwise
the documents come back to the run's process, which writes them. A worker
asks the run's process for its records' groups (copies of one story, see
``indexer.grouping``) before it makes them documents, one question a batch.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterable, Iterator
from itertools import chain
from multiprocessing import get_context
from typing import Any

from indexer.grouping import Ask, GroupRequest
from indexer.prepare import FileTask, Prepared, prepare_batch, watch_parent
from search.engine import EngineWriter, WorkerSink

BATCHES_IN_FLIGHT_PER_WORKER = 4
# How often the run checks that its workers are alive while waiting for one.
LIVENESS_SECONDS = 1.0
FEEDER_NAME = "zhsearch-index-feeder"


class WorkerFailed(RuntimeError):
    """A worker process died; the run is cancelled and the index left as it was."""


def written_by(sink: WorkerSink, prepared: list[Prepared]) -> list[Prepared]:
    """Add the documents of ``prepared`` to ``sink``; what goes back keeps only their count."""
    for done in prepared:
        for document in done.documents or ():
            sink.add(document)
        if done.documents:
            done.written, done.documents = len(done.documents), []
    return prepared


def _asker(results, number: int, answers) -> Ask:
    """How worker ``number`` asks the run's process for groups: a question on the
    results queue, the answer on its own queue."""

    def ask(request: GroupRequest) -> list[list[str]]:
        results.put(("groups", (number, request)))
        return answers.get()

    return ask


def _work(writer: EngineWriter, batches, results, parent: int, number: int, answers) -> None:
    watch_parent(parent)
    sink = writer.in_worker()
    ask = _asker(results, number, answers) if answers is not None else None
    while (batch := batches.get()) is not None:
        prepared = prepare_batch(batch, writer.make_document, ask)
        results.put(("prepared", written_by(sink, prepared) if sink is not None else prepared))
    results.put(("finished", sink.finish() if sink is not None else None))


class WorkerPool:
    """``count`` worker processes preparing documents for ``writer``, forked from this
    one; ``assign`` (when given) answers their questions for groups."""

    def __init__(self, writer: EngineWriter, count: int, assign: Ask | None = None) -> None:
        context = get_context("fork")
        self._batches = context.Queue(maxsize=count * BATCHES_IN_FLIGHT_PER_WORKER)
        self._results = context.Queue()
        self._assign = assign
        self._answers = [context.Queue() if assign is not None else None for _ in range(count)]
        self._processes = [
            context.Process(
                target=_work,
                args=(writer, self._batches, self._results, os.getpid(), number, self._answers[number]),
                daemon=True,
            )
            for number in range(count)
        ]
        # What each worker's sink finished with, for the writer to adopt.
        self.finished: list[Any] = []
        self._stopped = threading.Event()
        for process in self._processes:
            process.start()

    def run(self, batches: Iterable[list[FileTask]]) -> Iterator[Prepared]:
        """Each file's outcome as its worker reports it (not in task order); what
        the workers' sinks finished with is in ``finished`` once this is exhausted."""
        feeder = threading.Thread(target=self._feed, args=(batches,), name=FEEDER_NAME, daemon=True)
        feeder.start()
        finished = 0
        while finished < len(self._processes):
            kind, payload = self._next_result()
            if kind == "prepared":
                yield from payload
            elif kind == "groups":
                number, request = payload
                self._answers[number].put(self._assign(request))
            else:
                self.finished.append(payload)
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
