"""How fast the command line answers: the median wall time of 10 runs of
`zhsearch --help`, `zhsearch search 普京 --index …` and `zhsearch stats --index …`,
next to `python -c pass` (the interpreter's own start) measured in the same run.

    python bench/cli_bench.py              # 10 runs of each
    python bench/cli_bench.py --runs 20

The index is built from ../shared/seeds in a temporary folder (not timed), so the
figures are about starting the command, not about the size of an index.
Targets: --help under 0.3 s; search and stats under 1 s.

The commands run as on an ordinary installation, where Python keeps the
modules it compiled (__pycache__): PYTHONDONTWRITEBYTECODE is taken out of
their environment, and one run of each before the timed ones writes the cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
ZHSEARCH = Path(sys.executable).parent / "zhsearch"
TARGETS = {"zhsearch --help": 0.3, "zhsearch search 普京": 1.0, "zhsearch stats": 1.0}


ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str]) -> float:
    """Wall seconds of one run of ``command``; a failing run stops the bench."""
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=ENVIRONMENT)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"cli_bench: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return seconds


def median_seconds(command: list[str], runs: int) -> float:
    """The median wall time of ``runs`` runs of ``command``, after one that fills the caches."""
    run(command)
    return statistics.median(run(command) for _ in range(runs))


def padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(width - columns, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="Runs of each command (default 10).")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"cli_bench: {SEEDS} not found: the seeds are needed for the index")
    with tempfile.TemporaryDirectory(prefix="zhsearch-cli-bench-") as work:
        index = os.path.join(work, "index")
        run([str(ZHSEARCH), "index", str(SEEDS), "--index", index])
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "zhsearch --help": [str(ZHSEARCH), "--help"],
            "zhsearch search 普京": [str(ZHSEARCH), "search", "普京", "--index", index],
            "zhsearch stats": [str(ZHSEARCH), "stats", "--index", index],
        }
        medians = {name: median_seconds(command, args.runs) for name, command in commands.items()}
    baseline = medians["python -c pass"]
    print(f"median of {args.runs} runs, wall seconds (the seeds' index)")
    print(f"{padded('command', 22)}{'median s':>10}{'vs python':>11}{'target s':>10}  verdict")
    for name, seconds in medians.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else ("met" if seconds < target else "MISSED")
        shown_target = f"{target:.1f}" if target is not None else ""
        print(f"{padded(name, 22)}{seconds:>10.3f}{seconds / baseline:>10.1f}x{shown_target:>10}  {verdict}")


if __name__ == "__main__":
    main()
