"""Reading index files through memory maps.

The indexer writes each segment as separate files (not one compound file,
which Whoosh would map), so Whoosh reads them with a seek and a read call
for every posting block, column value and stored document it touches; a
search makes tens of thousands of those. Mapped, each read is a slice of
memory. Only searching opens an index this way: writers keep Whoosh's files.
"""

from __future__ import annotations

import mmap

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class MappedFile(StructFile):
    """A StructFile over a read-only memory map; reads are slices, not system calls."""

    def get(self, position: int, length: int) -> bytes:
        return self.file[position : position + length]


class MappedStorage(FileStorage):
    """A folder of index files opened for reading through memory maps."""

    def open_file(self, name: str, **kwargs) -> StructFile:
        with open(self._fpath(name), "rb") as handle:
            try:
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
        return MappedFile(mapped, name=name, **kwargs)
