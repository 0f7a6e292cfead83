"""Every benchmark script under bench/ starts: its imports resolve and ``--help`` answers.

A benchmark is run by hand, long after the code it imports has moved; a
renamed helper in one bench must not leave another unable to start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
# Modules the benchmarks import, not scripts of their own.
LIBRARIES = {"corpus.py", "queries.py", "plain_recipe.py", "proctree.py"}
SCRIPTS = sorted(path.name for path in BENCH.glob("*.py") if path.name not in LIBRARIES)


def test_every_script_is_listed():
    assert "news_qa.py" in SCRIPTS and "web_load.py" in SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS)
def test_bench_script_starts(script):
    result = subprocess.run([sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage:"), result.stdout[:200]
