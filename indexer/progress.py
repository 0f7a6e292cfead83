"""Telling a person how far indexing has got: a bar on a terminal, log lines elsewhere."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm

LOG_EVERY_SECONDS = 5.0


class Progress:
    """Counts documents done out of ``total`` (a page is one, a feed one a line); a tqdm bar with rate and ETA when
    ``stream`` is a terminal, else a plain line every few seconds."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.enabled = enabled and total > 0
        self.started = time.monotonic()
        self._last_log = self.started
        self._bar = None
        if self.enabled and self.stream.isatty():
            self._bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True, smoothing=0.1)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(count)
            return
        now = time.monotonic()
        if now - self._last_log >= LOG_EVERY_SECONDS:
            self._last_log = now
            rate = self.done / max(now - self.started, 1e-9)
            remaining = (self.total - self.done) / rate if rate else 0.0
            print(
                f"indexed {self.done}/{self.total} documents, {rate:.0f} docs/s, about {remaining:.0f} s left",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless one: ``1 file``, ``2 files``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
