"""Reading index files through memory maps.

The indexer writes each segment as separate files (not one compound file,
which Whoosh would map), so Whoosh reads them with a seek and a read call
for every posting block, column value and stored document it touches; a
search makes tens of thousands of those. Mapped, each read is a slice of
memory. Only searching opens an index this way: writers keep Whoosh's files.
"""

from __future__ import annotations

import mmap
import os
import pickle
import threading
from collections.abc import Iterator
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile


# A postings block's header (its length, largest document, weight...) is a few dozen bytes.
PEEK = 256


class MappedFile(StructFile):
    """A StructFile over a read-only memory map; reads are slices, not system calls.

    One searcher serves every thread of the server, and Whoosh reads some
    files (the postings) by a seek followed by reads: so each thread keeps
    its own position in the file, and the map itself is never moved.
    """

    def __init__(self, mapped: mmap.mmap, **kwargs) -> None:
        super().__init__(mapped, **kwargs)
        self._position = threading.local()
        # Whoosh reads arrays straight from a real file's position; this one has none to share.
        self.is_real = False

    def tell(self) -> int:
        return getattr(self._position, "at", 0)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self.tell(), os.SEEK_END: len(self.file)}[whence]
        self._position.at = base + offset
        return self._position.at

    def read(self, size: int = -1) -> bytes:
        start = self.tell()
        stop = len(self.file) if size is None or size < 0 else start + size
        data = self.file[start:stop]
        self._position.at = start + len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        start = self.tell()
        end = self.file.find(b"\n", start)
        stop = len(self.file) if end < 0 else end + 1
        return self.read(stop - start if size is None or size < 0 else min(size, stop - start))

    def peek(self, size: int = 0) -> bytes:
        """Bytes from the position on, without moving it (at most ``PEEK`` of them).

        With it, ``pickle.load`` reads a postings block's header from what it
        peeked and then skips what it used: two calls, not one a field.
        """
        start = self.tell()
        return self.file[start : start + min(size, PEEK) if size > 0 else start + PEEK]

    def read_pickle(self) -> Any:
        return pickle.load(self)

    def get(self, position: int, length: int) -> bytes:
        return self.file[position : position + length]

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def subset(self, offset: int, length: int, name: str | None = None) -> StructFile:
        return BufferFile(self.get(offset, length), name=name or self._name)


class MappedStorage(FileStorage):
    """A folder of index files opened for reading through memory maps."""

    def open_file(self, name: str, **kwargs) -> StructFile:
        with open(self._fpath(name), "rb") as handle:
            try:
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
        return MappedFile(mapped, name=name, **kwargs)
