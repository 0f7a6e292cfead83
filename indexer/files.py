"""Which files a run of the indexer reads, and the names it files them under.

A page file is filed under its real path, links resolved, so that one file is
one document however many links lead to it. Only files inside the folders (or
the files) named on the command line are read: a link from inside to outside
is refused, for whatever is indexed may be shown to every reader of the search
page. A folder that cannot be listed is reported, so that the run can keep its
pages rather than take them for deleted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.extract import ALL_SUFFIXES, ExtractError
from search.manifest import Root


@dataclass(frozen=True)
class Found:
    """A page file to index: its real path and the name readers see."""

    name: str
    shown: str


@dataclass(frozen=True)
class UnreadableFolder:
    """A folder whose listing failed; what the index holds from it stays."""

    name: str
    error: ExtractError


def printable_name(name: str) -> str:
    """A file name fit to print, its undecodable bytes as ``\\xNN``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _bad_name(name: str) -> ExtractError | None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return ExtractError(printable_name(name), "cannot be named: the file name is not valid UTF-8; rename the file")
    return None


def find_files(roots: Iterable[Root]) -> Iterator[Found | UnreadableFolder | ExtractError]:
    """Every page file under ``roots`` (recursively, in name order), each
    folder that could not be listed, and an ExtractError for each file that
    cannot be indexed by its name or place. A file named as a root is always
    yielded, so that an unsupported one is reported rather than skipped."""
    roots = list(roots)
    for root in roots:
        if os.path.isdir(root.path):
            yield from _walk(root.path, root, roots)
        else:
            yield _bad_name(root.path) or Found(root.path, root.shown(root.path))


def folders_without_pages(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The folders among ``paths`` that hold no page file at any depth (a
    folder that cannot be listed is not among them: the run reports it)."""
    return [
        os.fspath(path) for path in paths
        if os.path.isdir(path) and next(find_files([Root.of(path)]), None) is None
    ]


def _walk(folder: str, root: Root, roots: list[Root]) -> Iterator[Found | UnreadableFolder | ExtractError]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        reason = f"cannot read folder: {error.strerror or error}; its pages stay in the index as they were"
        yield UnreadableFolder(folder, ExtractError(printable_name(folder), reason))
        return
    for entry in entries:
        try:
            # Links to folders are not followed: a folder is walked once, from its own place.
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, root, roots)
                continue
            if (
                Path(entry.name).suffix.lower() not in ALL_SUFFIXES
                or entry.name.startswith(".")
                or not entry.is_file()
            ):
                continue
        except OSError:
            continue  # gone while listing
        yield _bad_name(entry.path) or _placed(entry, root, roots)


def _placed(entry: os.DirEntry, root: Root, roots: list[Root]) -> Found | ExtractError:
    if not entry.is_symlink():
        return Found(entry.path, root.shown(entry.path))
    target = os.path.realpath(entry.path)
    holder = next((other for other in roots if other.holds(target)), None)
    if holder is None:
        return ExtractError(entry.path, "a link to a file outside the indexed folders; not indexed")
    return Found(target, holder.shown(target))
