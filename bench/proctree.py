"""A process and all its descendants, read from /proc: resident memory and CPU time.

Servers and indexers fork workers; what they cost is the sum over the tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

_TICKS = os.sysconf("SC_CLK_TCK")


def tree_pids(pid: int) -> Iterator[int]:
    """``pid`` and every process descended from it that is still there."""
    pending = [pid]
    while pending:
        current = pending.pop()
        yield current
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total = 0
    for current in tree_pids(pid):
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError):
            continue
    return total


def tree_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds used so far by a process and its living descendants."""
    ticks = 0
    for current in tree_pids(pid):
        try:
            with open(f"/proc/{current}/stat") as stat:
                # The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
                fields = stat.read().rpartition(")")[2].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            continue
    return ticks / _TICKS
