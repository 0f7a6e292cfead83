"""What a search computes once per index generation (one open searcher) and
keeps while the searcher lives: a later generation gets its own, so nothing
kept here outlives a change to the index."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from whoosh.searching import Searcher

T = TypeVar("T")


class PerGeneration(Generic[T]):
    """``make(searcher)``, made on first use for each searcher and shared by every thread."""

    def __init__(self, make: Callable[[Searcher], T]) -> None:
        self._make = make
        self._made: weakref.WeakKeyDictionary[Searcher, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, searcher: Searcher) -> T:
        with self._lock:
            found = self._made.get(searcher)
            if found is None:
                found = self._made[searcher] = self._make(searcher)
            return found
