"""Offering a saved page back to readers, exactly as it was indexed and nothing else.

The server would otherwise read any path a document names. So a file is
served only when the index's manifest recorded it (size, mtime and hash),
from inside the folders given to `zhsearch index`; it is opened without
following links, checked to be the very file recorded (not a link or a
folder swapped in since), and its bytes must hash as they did. A feed's
records have no file of their own: their ``url`` is a link to show.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass

from search import manifest
from search.manifest import FileState, Manifest, Root, is_feed

NOT_RECORDED = "此文章没有可提供的原始文件"
NOT_IN_MANIFEST = "索引没有记录原始文件的状态；重新运行 zhsearch index 后即可查看"
CHANGED = "原始文件在编入索引之后已被修改、移动或替换；重新运行 zhsearch index 后即可查看"
GONE = "原始文件已不在原处"


class OriginalUnavailable(Exception):
    """The saved file of a document cannot be offered; the message says why, naming no server path."""


@dataclass(frozen=True)
class Original:
    # The name readers see, as in search results.
    name: str
    data: bytes


class Originals:
    """The saved files of one index, read only as its manifest recorded them."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self._index_dir = index_dir
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._manifest: Manifest | None = None

    def _current(self) -> Manifest | None:
        """The manifest as the last indexing run left it, read again only when it changed."""
        try:
            found = os.stat(manifest.path_of(self._index_dir))
        except OSError:
            return None
        stamp = (found.st_ino, found.st_size, found.st_mtime_ns)
        with self._lock:
            if stamp != self._stamp:
                self._manifest, self._stamp = manifest.load(self._index_dir), stamp
            return self._manifest

    def read(self, file: str, shown: str) -> Original:
        """The bytes of the indexed file ``file``; OriginalUnavailable if it was not
        indexed as a page of its own, or is no longer what was indexed."""
        if is_feed(file):
            raise OriginalUnavailable(NOT_RECORDED)
        recorded = self._current()
        if recorded is None:
            raise OriginalUnavailable(NOT_IN_MANIFEST)
        state = recorded.files.get(file)
        if state is None or not any(Root(root).holds(file) for root in recorded.roots):
            raise OriginalUnavailable(NOT_RECORDED)
        return Original(shown, _read_unchanged(file, state))


def _read_unchanged(file: str, state: FileState) -> bytes:
    try:
        # O_NOFOLLOW: a link put in the file's place is refused; O_NONBLOCK: a pipe put there cannot hang us.
        handle = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise OriginalUnavailable(GONE) from None
    except OSError:
        raise OriginalUnavailable(CHANGED) from None
    try:
        found = os.fstat(handle)
        if (
            not stat.S_ISREG(found.st_mode)
            or (found.st_size, found.st_mtime_ns) != (state.size, state.mtime_ns)
            or _opened_path(handle, file) != file
        ):
            raise OriginalUnavailable(CHANGED)
        data = b""
        while len(data) < found.st_size:
            chunk = os.read(handle, found.st_size - len(data))
            if not chunk:
                break
            data += chunk
    finally:
        os.close(handle)
    if manifest.content_hash(data) != state.content_hash:
        raise OriginalUnavailable(CHANGED)
    return data


def _opened_path(handle: int, file: str) -> str:
    """Where the file just opened really is: a folder on the way that became a
    link since it was indexed shows here, even if it changed while opening."""
    try:
        return os.readlink(f"/proc/self/fd/{handle}")
    except OSError:  # no /proc: the check before opening is what there is
        return os.path.realpath(file)
