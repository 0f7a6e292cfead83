"""Writing saved pages into the index, incrementally.

A file whose size and modification time match what the index recorded is not
read again; a file whose bytes hash to the recorded hash is not re-extracted;
documents whose files are gone from the indexed folders are deleted.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import LockError

from indexer.errors import ExtractError
from indexer.extract import MAX_BYTES, SUFFIXES, extract_bytes
from indexer.record import Record
from search.schema import document_id
from search.store import open_or_create


class IndexBusy(Exception):
    """Another process is writing to the same index."""


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    failures: list[ExtractError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)

    def summary(self) -> str:
        return (
            f"added {self.added}, updated {self.updated}, deleted {self.deleted}, "
            f"unchanged {self.unchanged}, failed {len(self.failures)} "
            f"in {self.seconds:.2f} s"
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
                if found.is_file() and found.suffix.lower() in SUFFIXES and not found.name.startswith("."):
                    yield found
        else:
            yield path


def _fields(record: Record, size: int, mtime_ns: int, content_hash: str) -> dict:
    fields = {
        "id": document_id(record.path),
        "path": record.path,
        "title": record.title,
        "title_derived": record.title_derived,
        "body": record.body,
        "size": size,
        "mtime_ns": mtime_ns,
        "content_hash": content_hash,
    }
    if record.date:
        fields["date"] = record.date
        fields["month"] = record.date.strftime("%Y-%m")
    if record.source:
        fields["source"] = record.source
    if record.site:
        fields["site"] = record.site
    return fields


def _is_under(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def index_paths(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    *,
    on_failure: Callable[[ExtractError], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> IndexReport:
    """Bring the index in ``index_dir`` up to date with the files under ``paths``."""
    started = time.perf_counter()
    report = IndexReport()
    paths = [Path(path) for path in paths]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
    roots = [str(path.resolve()) for path in paths]

    index = open_or_create(index_dir)
    try:
        writer = index.writer()
    except LockError as error:
        raise IndexBusy(f"{index_dir}: another `zhsearch index` is writing this index; try again when it finishes") from error

    try:
        with index.searcher() as searcher:
            known = {
                fields["path"]: fields
                for fields in searcher.all_stored_fields()
                if _is_under(fields["path"], roots)
            }
        seen: set[str] = set()
        touched = False
        for file in iter_files(paths):
            name = str(file.resolve())
            seen.add(name)
            previous = known.get(name)
            try:
                stat = file.stat()
                if previous and previous["size"] == stat.st_size and previous["mtime_ns"] == stat.st_mtime_ns:
                    report.unchanged += 1
                    continue
                if stat.st_size > MAX_BYTES:
                    raise ExtractError(name, f"file is {stat.st_size} bytes, over the {MAX_BYTES}-byte limit")
                data = file.read_bytes()
            except OSError as error:
                failure = ExtractError(name, f"cannot read: {error.strerror or error}")
            else:
                content_hash = hashlib.sha1(data).hexdigest()
                if previous and previous["content_hash"] == content_hash:
                    # Touched but not changed: remember the new mtime without re-reading.
                    writer.update_document(**{**previous, "mtime_ns": stat.st_mtime_ns})
                    touched = True
                    report.unchanged += 1
                    continue
                try:
                    record = extract_bytes(name, data)
                except ExtractError as error:
                    failure = error
                else:
                    if record.encoding not in ("utf-8", "utf-8-sig"):
                        note = f"{name}: not UTF-8; decoded as {record.encoding}"
                        report.notes.append(note)
                        if on_note:
                            on_note(note)
                    writer.update_document(**_fields(record, stat.st_size, stat.st_mtime_ns, content_hash))
                    if previous:
                        report.updated += 1
                    else:
                        report.added += 1
                    continue
            report.failures.append(failure)
            if on_failure:
                on_failure(failure)
            if previous:
                # The file no longer yields an article; its old text must not stay findable.
                writer.delete_by_term("path", name)
                report.deleted += 1

        for gone in set(known) - seen:
            writer.delete_by_term("path", gone)
            report.deleted += 1
    except BaseException:
        writer.cancel()
        raise
    if report.changed or touched:
        writer.commit()
    else:
        writer.cancel()
    report.seconds = time.perf_counter() - started
    return report
