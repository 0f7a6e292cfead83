"""A process and all its descendants, read from /proc: resident memory and CPU time;
and running a command while its tree's memory is sampled.

Servers and indexers fork workers; what they cost is the sum over the tree.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

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


@dataclass
class Measured:
    seconds: float
    # The largest resident memory of the whole process tree, sampled every 0.1 s.
    peak_rss: int
    returncode: int
    output: str
    # User and system CPU seconds of the whole process tree (its processes that ended).
    cpu_seconds: float = 0.0


def measured(command: list[str]) -> Measured:
    """Run ``command``: its wall seconds, its process tree's peak RSS, its exit status and output."""
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Measured(seconds, peak, process.returncode, output.decode(errors="replace"), cpu)


def failed_pages(run: Measured) -> list[str]:
    """The pages a `zhsearch index` run reported as failed (it exits 1 for them and
    indexes the others); SystemExit if the run failed otherwise."""
    failed = [line for line in run.output.splitlines() if line.startswith("error:")]
    if run.returncode not in (0, 1) or (run.returncode == 1 and not failed):
        raise SystemExit(f"zhsearch index failed (exit status {run.returncode}):\n{run.output[-2000:]}")
    return failed
