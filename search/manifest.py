"""What the index knows about each file it read: size, mtime and content hash,
and the folders (or files) it was told to index; and which files are feeds,
whose records have no file of their own.

The manifest is a cache beside the index, written (atomically) after each
commit, so that an unchanged file costs one ``stat`` and no read. The index
itself stays the truth for searching: a missing or stale manifest only makes
the next run hash a few more files. The server trusts it for one thing: a
saved file is offered back only as the manifest recorded it, from inside the
recorded roots.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "zhsearch-files.json"
# A JSON Lines feed holds one article a line; each is filed under its ``url``.
FEED_SUFFIXES = frozenset({".jsonl"})


def is_feed(path: str) -> bool:
    """Whether ``path`` is a JSON Lines feed, a file of many records."""
    return Path(path).suffix.lower() in FEED_SUFFIXES


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


@dataclass(frozen=True)
class Root:
    """A folder or file named on the command line, with links resolved."""

    path: str

    @classmethod
    def of(cls, given: str | os.PathLike[str]) -> Root:
        return cls(os.path.realpath(given))

    def holds(self, name: str) -> bool:
        return name == self.path or name.startswith(self.path.rstrip(os.sep) + os.sep)

    def shown(self, name: str) -> str:
        """``name`` as readers see it: from the root's own name down, so that
        no page tells them where the server keeps its files."""
        base = os.path.basename(self.path.rstrip(os.sep))
        inner = os.path.relpath(name, self.path) if name != self.path else ""
        return os.path.join(base, inner) if base and inner else base or inner


@dataclass(frozen=True)
class FileState:
    size: int | None
    mtime_ns: int | None
    content_hash: str

    def matches(self, stat: os.stat_result) -> bool:
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


@dataclass
class Manifest:
    files: dict[str, FileState] = field(default_factory=dict)
    # Real paths of the folders and files named to `zhsearch index` that still hold indexed files.
    roots: list[str] = field(default_factory=list)


def path_of(index_dir: str | os.PathLike[str]) -> Path:
    return Path(index_dir) / MANIFEST_NAME


def load(index_dir: str | os.PathLike[str]) -> Manifest | None:
    """The recorded manifest, or None when there is no readable one."""
    try:
        raw = json.loads(path_of(index_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        files = {name: FileState(*entry) for name, entry in raw["files"].items()}
        roots = [str(root) for root in raw.get("roots", [])]
    except (KeyError, TypeError, AttributeError):
        return None
    return Manifest(files, roots)


def save(index_dir: str | os.PathLike[str], manifest: Manifest) -> None:
    """Write the manifest so that a reader sees the old one or the new one, never half."""
    path = path_of(index_dir)
    temporary = path.with_suffix(".tmp")
    payload = {
        "files": {name: [s.size, s.mtime_ns, s.content_hash] for name, s in manifest.files.items()},
        "roots": sorted(manifest.roots),
    }
    temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)
