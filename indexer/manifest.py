"""What the index knows about each file it read: size, mtime and content hash.

The manifest is a cache beside the index, written (atomically) after each
commit, so that an unchanged file costs one ``stat`` and no read. The index
itself stays the truth: a missing or stale manifest only makes the next run
hash a few more files.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "zhsearch-files.json"


@dataclass(frozen=True)
class FileState:
    size: int | None
    mtime_ns: int | None
    content_hash: str

    def matches(self, stat: os.stat_result) -> bool:
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


def load(index_dir: str | os.PathLike[str]) -> dict[str, FileState] | None:
    """The recorded file states, or None when there is no readable manifest."""
    path = Path(index_dir) / MANIFEST_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        return {name: FileState(*entry) for name, entry in raw["files"].items()}
    except (KeyError, TypeError, AttributeError):
        return None


def save(index_dir: str | os.PathLike[str], states: dict[str, FileState]) -> None:
    """Write the manifest so that a reader sees the old one or the new one, never half."""
    path = Path(index_dir) / MANIFEST_NAME
    temporary = path.with_suffix(".tmp")
    payload = {"files": {name: [s.size, s.mtime_ns, s.content_hash] for name, s in states.items()}}
    temporary.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)
