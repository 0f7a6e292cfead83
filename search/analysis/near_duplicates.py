"""Copies of one story: near-duplicate bodies grouped by MinHash and LSH.

A wire story (新华社, 中新网) runs on many outlets with its own header, footer,
credit line and small edits. Two pages are copies when the sets of their bodies'
character shingles (runs of ``SHINGLE`` characters, white space left out) are at
least ``THRESHOLD`` alike (Jaccard). ``signature`` sketches a body into
``PERMUTATIONS`` MinHash values (computed where the page is read, in the
indexing workers); ``StoryGroups`` holds the signatures of every indexed page in
an LSH index (``datasketch``) and gives each new page a group: that of the most
alike page already indexed, else a new one. The constants were chosen
with ``bench/dedup_bench.py`` on ``../shared/news`` (see docs/newsroom.md).

A page's group never changes once given while the page is unchanged: a later
page joins a group but never merges two groups, and a group keeps its key when
the page that founded it goes (another copy then represents it). So results,
feeds and exports stay stable between indexing runs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 5
PERMUTATIONS = 64
THRESHOLD = 0.6
# The MinHash family: fixed, so signatures of different runs and processes compare.
_SEED = 1
_SCHEME = "affine64"
_MULTIPLIER = np.uint64(0x100000001B3)  # the 64-bit FNV prime

STATE_NAME = "zhsearch-groups.npz"


def _shingles(body: str, size: int) -> list[int]:
    """The distinct runs of ``size`` characters of ``body`` (white space left out),
    each as one integer of its code points."""
    text = "".join(body.split())
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(points) < size:
        return [int(value) for value in points] or [0]
    # A polynomial hash of the code points, modulo 2**64 (numpy's arrays wrap on overflow).
    packed = np.zeros(len(points) - size + 1, dtype=np.uint64)
    for offset in range(size):
        packed = packed * _MULTIPLIER + points[offset : offset + len(packed)]
    return np.unique(packed).tolist()


@functools.cache
def _template(permutations: int) -> MinHash:
    return MinHash(num_perm=permutations, seed=_SEED, scheme=_SCHEME, hashfunc=int)


def _empty_minhash(permutations: int) -> MinHash:
    # The permutations are drawn once (drawing them is most of a small MinHash's cost).
    template = _template(permutations)
    return MinHash(
        seed=_SEED, scheme=_SCHEME, hashfunc=int, hashvalues=template.hashvalues, permutations=template.permutations
    )


def signature(body: str, shingle: int = SHINGLE, permutations: int = PERMUTATIONS) -> np.ndarray:
    """The MinHash signature of ``body``'s shingles: ``permutations`` unsigned 64-bit values."""
    sketch = _empty_minhash(permutations)
    sketch.update_batch(_shingles(body, shingle))
    return sketch.hashvalues.copy()


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """The Jaccard similarity of two bodies' shingles, as their signatures estimate it."""
    return float(np.count_nonzero(first == second)) / len(first)


def new_group(doc_id: str, sketch: np.ndarray) -> str:
    """The key of a story first seen in page ``doc_id``: of the page and its text, so that
    another page saved later under the same name never takes a group that outlived it."""
    return hashlib.sha1(doc_id.encode("utf-8") + sketch.tobytes()).hexdigest()[:16]


class _Bands:
    """MinHash LSH with the bands and rows datasketch's ``MinHashLSH`` chooses for
    ``threshold`` and ``permutations``: pages whose signatures agree on every row
    of some band are candidate copies. One dict entry a band a page, holding the
    page's id (a set only where pages share a band): datasketch keeps a set and
    a list for each, about 5 KB a page, and the run's process holds every page's."""

    def __init__(self, threshold: float, permutations: int) -> None:
        self._ranges = MinHashLSH(threshold=threshold, num_perm=permutations).hashranges
        self._tables: list[dict[bytes, str | set[str]]] = [{} for _ in self._ranges]

    def _keyed(self, sketch: np.ndarray) -> Iterator[tuple[dict[bytes, str | set[str]], bytes]]:
        return ((table, sketch[start:end].tobytes()) for table, (start, end) in zip(self._tables, self._ranges))

    def insert(self, doc_id: str, sketch: np.ndarray) -> None:
        for table, key in self._keyed(sketch):
            held = table.get(key)
            if held is None:
                table[key] = doc_id
            elif isinstance(held, set):
                held.add(doc_id)
            else:
                table[key] = {held, doc_id}

    def remove(self, doc_id: str, sketch: np.ndarray) -> None:
        for table, key in self._keyed(sketch):
            held = table.get(key)
            if held == doc_id:
                del table[key]
            elif isinstance(held, set):
                held.discard(doc_id)
                if len(held) == 1:
                    table[key] = held.pop()

    def query(self, sketch: np.ndarray) -> set[str]:
        found: set[str] = set()
        for table, key in self._keyed(sketch):
            held = table.get(key)
            if isinstance(held, set):
                found |= held
            elif held is not None:
                found.add(held)
        return found


class StoryGroups:
    """The group of every indexed page, and the LSH index that finds a new page's copies.

    Each page may have an owner (the file it was read from), so that the pages of a
    file that is gone or changed can be forgotten together; ``versions`` says which
    version of each owner (its content hash) the pages held are of.
    """

    def __init__(self, threshold: float = THRESHOLD, permutations: int = PERMUTATIONS) -> None:
        self.threshold = threshold
        self._bands = _Bands(threshold, permutations)
        self._signatures: dict[str, np.ndarray] = {}
        self._groups: dict[str, str] = {}
        self._owners: dict[str, str] = {}
        self._owned: dict[str, set[str]] = {}
        self.versions: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._groups)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._groups

    def group_of(self, doc_id: str) -> str | None:
        return self._groups.get(doc_id)

    def groups(self) -> dict[str, str]:
        """Every page's group, by page id."""
        return dict(self._groups)

    def copies_of(self, doc_id: str, sketch: np.ndarray) -> list[tuple[float, str]]:
        """Held pages (other than ``doc_id``) whose signatures are at least
        ``threshold`` alike to ``sketch``, most alike first."""
        found = []
        for other in self._bands.query(sketch):
            if other != doc_id:
                alike = similarity(sketch, self._signatures[other])
                if alike >= self.threshold:
                    found.append((alike, other))
        return sorted(found, key=lambda pair: (-pair[0], pair[1]))

    def add(self, doc_id: str, sketch: np.ndarray, owner: str = "") -> str:
        """Hold page ``doc_id`` by its signature and return its group: that of its
        most alike copy, else a new one. A page already held is first forgotten, so a
        changed page finds its copies anew (and leaves its group if it has none)."""
        self.remove(doc_id)
        copies = self.copies_of(doc_id, sketch)
        group = self._groups[copies[0][1]] if copies else new_group(doc_id, sketch)
        self._hold(doc_id, group, owner, sketch)
        self._bands.insert(doc_id, sketch)
        return group

    def _hold(self, doc_id: str, group: str, owner: str, sketch: np.ndarray) -> None:
        self._signatures[doc_id] = sketch
        self._groups[doc_id] = group
        self._owners[doc_id] = owner
        self._owned.setdefault(owner, set()).add(doc_id)

    def remove(self, doc_id: str) -> None:
        """Forget page ``doc_id``; its group stays with its other copies."""
        if doc_id in self._groups:
            self._bands.remove(doc_id, self._signatures[doc_id])
            owner = self._owners.pop(doc_id)
            self._owned[owner].discard(doc_id)
            if not self._owned[owner]:
                del self._owned[owner]
            del self._signatures[doc_id], self._groups[doc_id]

    def remove_owner(self, owner: str, keep: Collection[str] = ()) -> None:
        """Forget the pages of ``owner`` except those in ``keep``."""
        for doc_id in self._owned.get(owner, set()) - set(keep):
            self.remove(doc_id)
        if not keep:
            self.versions.pop(owner, None)

    def save(self, folder: str | os.PathLike[str]) -> None:
        """Write the signatures, groups, owners and versions into ``folder`` (atomically:
        a crash leaves the previous file)."""
        ids = sorted(self._groups)
        target = Path(folder) / STATE_NAME
        partial = target.with_name(target.name + ".partial")
        with open(partial, "wb") as out:
            np.savez(
                out,
                pages=np.array(json.dumps([[doc_id, self._groups[doc_id], self._owners[doc_id]] for doc_id in ids])),
                signatures=np.array([self._signatures[doc_id] for doc_id in ids], dtype=np.uint64).reshape(
                    len(ids), PERMUTATIONS
                ),
                layout=np.array([SHINGLE, PERMUTATIONS, _SEED], dtype=np.int64),
                versions=np.array(json.dumps(self.versions)),
            )
        os.replace(partial, target)

    @classmethod
    def load(cls, folder: str | os.PathLike[str]) -> StoryGroups | None:
        """The state saved in ``folder``, or None when there is none or it was
        sketched with other parameters (the caller then sketches the pages again)."""
        path = Path(folder) / STATE_NAME
        if not path.is_file():
            return None
        with np.load(path) as saved:
            if saved["layout"].tolist() != [SHINGLE, PERMUTATIONS, _SEED]:
                return None
            pages = json.loads(str(saved["pages"]))
            signatures = saved["signatures"]
            versions = json.loads(str(saved["versions"]))
        state = cls()
        state.restore((doc_id, group, owner, sketch) for (doc_id, group, owner), sketch in zip(pages, signatures))
        state.versions = versions
        return state

    def restore(self, pages: Iterable[tuple[str, str, str, np.ndarray]]) -> None:
        """Hold pages with the groups they already have: (id, group, owner, signature)."""
        for doc_id, group, owner, sketch in pages:
            sketch = np.asarray(sketch, dtype=np.uint64)
            self._bands.insert(doc_id, sketch)
            self._hold(doc_id, group, owner, sketch)
