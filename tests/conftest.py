"""Shared fixtures: the seed pages from ../shared, an index built from them, a live server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from web.cli import main

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
ZHSEARCH = Path(sys.executable).parent / "zhsearch"


def seed(prefix: str) -> Path:
    """The seed page whose file name starts with ``prefix`` (000 … 004)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the five seed pages, built through the command line."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return index_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(seed_index: Path):
    """`zhsearch serve` on the seed index, in its own process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [str(ZHSEARCH), "serve", "--index", str(seed_index), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"zhsearch serve did not start: {process.stdout.read().decode()}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)
