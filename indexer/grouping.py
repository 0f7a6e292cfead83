"""Copies of one story grouped as pages are indexed, for every engine.

The worker that reads a file sketches each record's body and asks the run's one
``RunGroups`` (in the process that holds the engine's writer) for the records'
groups before it makes them the engine's documents: the group is a field of the
document like its source (a stored column in the embedded index, an attribute
on the cluster). ``RunGroups`` keeps every indexed page's signature and group
beside the index (``search.analysis.near_duplicates``), with the version (content
hash) of the file each page came from, so a run that adds a few pages sketches
only those. A file whose version there is not the one the engine holds (the state
was lost, or a run was killed between its commit and saving the state) is read
again as if it were new.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np

from search.analysis.near_duplicates import StoryGroups, signature
from search.engine import is_engine_url
from search.manifest import FileState

GROUP = "group"
# For a cluster, whose data lives on its nodes, the state is kept on the machine that indexes.
CACHE_VARIABLE = "XDG_CACHE_HOME"

# What a worker asks for a batch: for each file read, its version and its records' ids and signatures.
GroupRequest = list[tuple[str, str, list[tuple[str, np.ndarray]]]]
Ask = Callable[[GroupRequest], list[list[str]]]


def state_folder(location: str | os.PathLike[str]) -> Path:
    """Where the groups of the engine at ``location`` are kept: in the index folder, or
    for a cluster in a folder of the user's cache named after its URL."""
    if not is_engine_url(str(location)):
        return Path(location)
    cache = Path(os.environ.get(CACHE_VARIABLE) or Path.home() / ".cache")
    name = re.sub(r"[^A-Za-z0-9.-]+", "_", str(location)) + "-" + hashlib.sha1(str(location).encode()).hexdigest()[:8]
    return cache / "zhsearch" / "groups" / name


def give_groups(files: Iterable[tuple[str, str, list[dict]]], ask: Ask) -> None:
    """Sketch the records of each (file, version, record fields) of ``files``, ask
    for all their groups at once, and set each record's ``group``."""
    files = [(path, version, records) for path, version, records in files if records]
    if not files:
        return
    answers = ask(
        [(path, version, [(fields["id"], signature(fields["body"])) for fields in records]) for path, version, records in files]
    )
    for (_, _, records), groups in zip(files, answers):
        for fields, group in zip(records, groups):
            fields[GROUP] = group


class RunGroups:
    """The groups of an engine's pages during one indexing run."""

    def __init__(self, folder: str | os.PathLike[str], rebuild: bool) -> None:
        self._folder = Path(folder)
        self.state = (None if rebuild else StoryGroups.load(self._folder)) or StoryGroups()
        # The pages given a group in this run, by file: what a changed file no longer holds is forgotten.
        self._given: dict[str, set[str]] = {}

    def stale(self, held: Mapping[str, FileState]) -> set[str]:
        """Of the files the engine holds (``held``), those whose pages the state does not
        describe as they are: they must be read again. Files the engine no longer
        holds are forgotten."""
        for gone in set(self.state.versions) - set(held):
            self.state.remove_owner(gone)
        return {path for path, state in held.items() if self.state.versions.get(path) != state.content_hash}

    def assign(self, request: GroupRequest) -> list[list[str]]:
        """The group of each record of each file of ``request``, in order."""
        answers = []
        for path, version, records in request:
            answers.append([self.state.add(doc_id, sketched, owner=path) for doc_id, sketched in records])
            self._given.setdefault(path, set()).update(doc_id for doc_id, _ in records)
            self.state.versions[path] = version
        return answers

    def forget_file(self, path: str) -> None:
        """The pages of the file ``path`` left the engine."""
        self.state.remove_owner(path)

    def save(self) -> None:
        """After the engine committed: forget the pages that changed files no longer
        hold, and keep the state for the next run."""
        for path, given in self._given.items():
            self.state.remove_owner(path, keep=given)
        self._folder.mkdir(parents=True, exist_ok=True)
        self.state.save(self._folder)
