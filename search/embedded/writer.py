"""Writing the embedded index: what the indexing job hands its documents to.

Worker processes write segments of their own (``WorkerSegments``), as
Whoosh's MpWriter does: writing a segment (sorting and encoding its postings)
costs as much as reading the pages, so one writer would cap a run at what one
core writes. This process holds the index's lock, deletes what files no
longer say and lists every segment in the one TOC it commits, so a killed
run leaves the previous index as it was, and searches keep using it while a
run is under way. The manifest (``search.manifest``) is written after the
commit.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from whoosh import writing
from whoosh.codec.base import Segment
from whoosh.index import FileIndex, LockError, open_dir

from search import manifest
from search.analysis.schema import SCHEMA, grams_text, load_userdict, pre_analyze, same_layout
from search.embedded.segments import RollingWriter, merge_levels
from search.embedded.store import USERDICT_NAME, open_or_create
from search.errors import IndexBusy, SchemaChanged
from search.manifest import FileState, Manifest


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


class WorkerSegments:
    """The segments one worker process writes; the run's writer lists them in its TOC."""

    def __init__(self, index_dir: str) -> None:
        self._writer = RollingWriter(open_dir(index_dir), _lk=False)
        # The run's schema: a rebuild may be replacing an index of an older one.
        self._writer.schema = SCHEMA

    def add(self, document: dict[str, Any]) -> None:
        self._writer.add_document(**document)

    def finish(self) -> list[Segment]:
        segments = list(self._writer._written)
        if self._writer._added:
            segments.append(self._writer._finalize_segment())
        # Not commit(): the run's writer lists these segments in its TOC.
        return segments


class IndexWriter:
    """One indexing run's writer of the index in ``index_dir``: holds its lock until
    ``commit`` or ``cancel``. ``rebuild`` starts from an empty index, swapped in
    only when complete; ``userdict`` is kept in the index for every later run."""

    def __init__(
        self, index_dir: str | os.PathLike[str], *, rebuild: bool = False, userdict: str | os.PathLike[str] | None = None
    ) -> None:
        self.index_dir = Path(index_dir)
        self._rebuild = rebuild
        index = open_or_create(self.index_dir)
        try:
            self._writer = RollingWriter(index)
        except LockError as error:
            raise IndexBusy(
                f"{self.index_dir}: another `zhsearch index` is writing this index; try again when it has finished"
            ) from error
        if rebuild:
            # A rebuild writes new segments under the current schema; committing
            # them with CLEAR swaps them in for all old segments in a single TOC write.
            self._writer.schema = SCHEMA
        elif not same_layout(index.schema):
            self._writer.cancel()
            raise SchemaChanged(
                f"{self.index_dir}: this index was written by another version of zhsearch; "
                "re-create it with `zhsearch index PATH... --rebuild`"
            )
        try:
            self._userdict = _install_userdict(self.index_dir, userdict)
            self._known = Manifest() if rebuild else _known(index, self.index_dir)
        except BaseException:
            self._writer.cancel()
            raise
        self._states = dict(self._known.files)
        self._changed = False

    def known(self) -> Manifest:
        return self._known

    @staticmethod
    def make_document(fields: dict[str, Any]) -> dict[str, Any]:
        """The fields to index for a record; title and body carry their postings."""
        title, body = fields["title"], fields["body"]
        return {
            **fields,
            "title": pre_analyze("title", title),
            "body": pre_analyze("body", body),
            "grams": pre_analyze("grams", grams_text(title, body)),
            # Stored as plain text: the postings are only for the inverted index.
            "_stored_title": title,
            "_stored_body": body,
        }

    def in_worker(self) -> WorkerSegments:
        """Set up a worker process forked from this one: it lets go of the lock
        it inherited, cuts words with the same dictionary and writes segments of its own."""
        try:
            os.close(self._writer.writelock.fd)
        except (AttributeError, OSError):
            pass
        if self._userdict:
            load_userdict(self._userdict)
        return WorkerSegments(str(self.index_dir))

    def adopt(self, segments: list[Segment]) -> None:
        """The segments a worker finished with join this run's commit."""
        self._writer._written.extend(segments)

    def write(self, path: str, state: FileState, documents: list[dict[str, Any]]) -> None:
        """``path`` now holds ``documents`` (those a worker wrote are in its segments)."""
        self.remove(path)
        for document in documents:
            self._writer.add_document(**document)
        self._states[path] = state
        self._changed = True

    def keep(self, path: str, state: FileState) -> None:
        """``path`` is unchanged but for its size or mtime."""
        self._states[path] = state

    def remove(self, path: str) -> None:
        if path in self._states:
            self._writer.delete_by_term("file", path)
            self._states.pop(path)
            self._changed = True

    def commit(self, roots: list[str]) -> None:
        """Make the run's changes visible and record the files and the ``roots`` they came from."""
        if self._changed or self._rebuild:
            self._writer.commit(mergetype=writing.CLEAR if self._rebuild else merge_levels)
        else:
            self._writer.cancel()
        if self._changed or self._rebuild or self._states != self._known.files or roots != sorted(self._known.roots):
            manifest.save(self.index_dir, Manifest(self._states, roots))

    def cancel(self) -> None:
        self._writer.cancel()
