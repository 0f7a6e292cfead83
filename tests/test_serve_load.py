"""`zhsearch serve` stays up under concurrent clients on an index of many segments,
with more descriptors open than select() can watch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import serving
from generated_news import write_news
from indexer import build
from search.embedded import segments

SEGMENTS = 22
CLIENTS = 32
REQUESTS_PER_CLIENT = 8
# Descriptors the server holds before it serves: every socket it accepts is numbered past 1023.
HELD_DESCRIPTORS = 1100
LAUNCHER = f"""
import os, resource, sys
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
held = [os.open(os.devnull, os.O_RDONLY) for _ in range({HELD_DESCRIPTORS})]
with open(sys.argv[1], "w") as pid_file:
    pid_file.write(str(os.getpid()))
from web.cli import main
main(sys.argv[2:], prog_name="zhsearch")
"""


@pytest.fixture(scope="module")
def many_segments(tmp_path_factory) -> Path:
    """An index of the generated news written by {SEGMENTS} runs that never merge."""
    root = tmp_path_factory.mktemp("segments")
    pages = write_news(root / "pages")
    index_dir = root / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segments, "MERGE_FACTOR", 10_000)
        for number in range(SEGMENTS):
            batch = root / "pages" / f"batch{number:02}"
            batch.mkdir()
            for page in pages[number::SEGMENTS]:
                page.rename(batch / page.name)
            assert build.index_paths([batch], index_dir, workers=1).added
    return index_dir


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def worker_processes(master: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(pid) for pid in found.split()]


def index_files_open(pid: int, index_dir: Path) -> int:
    folder = str(index_dir.resolve())
    count = 0
    for entry in os.scandir(f"/proc/{pid}/fd"):
        try:
            count += os.readlink(entry.path).startswith(folder)
        except OSError:
            pass
    return count


def test_thirty_two_clients_on_eight_threads_and_many_segments(many_segments, tmp_path):
    from whoosh.index import open_dir

    with open_dir(str(many_segments)).reader() as reader:
        assert len(reader.leaf_readers()) >= 20
    pid_file = tmp_path / "server.pid"
    program = (sys.executable, "-c", LAUNCHER, str(pid_file))
    with serving("--index", str(many_segments), "--workers", "1", "--threads", "8", program=program) as base:
        found = json.loads(urllib.request.urlopen(f"{base}/api/search?q={quote('能源')}&per_page=20").read())
        ids = [hit["id"] for hit in found["hits"]]
        urls = []
        for number in range(CLIENTS * REQUESTS_PER_CLIENT):
            doc_id = ids[number % len(ids)]
            urls.append(
                [
                    f"{base}/?q={quote('储能 OR 停火')}&page={number % 3 + 1}",
                    f"{base}/api/search?q={quote('能源')}&sort=date",
                    f"{base}/api/facets?q={quote('停火')}",
                    f"{base}/doc/{doc_id}?q={quote('能源')}",
                    f"{base}/api/doc/{doc_id}",
                    f"{base}/doc/{doc_id}/original",
                ][number % 6]
            )
        with ThreadPoolExecutor(CLIENTS) as clients:
            statuses = list(clients.map(get, urls))
        errors = [(url, status) for url, status in zip(urls, statuses) if status != 200]
        assert not errors, errors[:5]
        assert get(f"{base}/healthz") == 200
        # One searcher for all eight threads: each index file is open once, not once a thread.
        (worker,) = worker_processes(int(pid_file.read_text()))
        index_files = sum(1 for path in many_segments.iterdir() if path.suffix not in (".toc", ".json", ".txt"))
        assert 0 < index_files_open(worker, many_segments) <= index_files
