"""Where an index lives on disk, and opening it for reading or writing."""

from __future__ import annotations

import os
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import FileIndex

from search.embedded.mapped import MappedStorage
from search.analysis.schema import SCHEMA, load_userdict
from search.defaults import resolve_index_dir  # noqa: F401 - callers find it with the store

# The user dictionary the index was built with, kept inside it so that
# queries are cut with the same words.
USERDICT_NAME = "userdict.txt"


class IndexNotFound(Exception):
    """The folder holds no zhsearch index."""


class IndexLocationError(Exception):
    """The index location is taken by something that is not an index."""


def open_existing(index_dir: str | os.PathLike[str]) -> FileIndex:
    path = Path(index_dir)
    if not path.is_dir() or not whoosh_index.exists_in(str(path)):
        raise IndexNotFound(
            f"no zhsearch index in {path}; create one with `zhsearch index PATH --index {path}`"
        )
    if (path / USERDICT_NAME).is_file():
        load_userdict(path / USERDICT_NAME)
    return MappedStorage(str(path), readonly=True).open_index()


def open_or_create(index_dir: str | os.PathLike[str]) -> FileIndex:
    """Open the index in ``index_dir``, creating it in a new or empty folder.

    Never writes into a file or a folder of other files: that would mix index
    files with the user's own.
    """
    path = Path(index_dir)
    if path.is_dir() and whoosh_index.exists_in(str(path)):
        return whoosh_index.open_dir(str(path))
    if path.exists() and not path.is_dir():
        raise IndexLocationError(f"{path}: is a file, not an index folder; choose another --index")
    if path.is_dir() and any(path.iterdir()):
        raise IndexLocationError(
            f"{path}: holds other files and no zhsearch index; choose a new or empty folder for --index"
        )
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), SCHEMA)
