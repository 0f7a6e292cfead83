"""Load test of `zhsearch serve`: concurrent clients searching for a fixed time.

    python bench/web_load.py                                  # 50,000 articles, 32 clients, 30 s
    python bench/web_load.py --articles 3000 --seconds 10     # a quick look

First, not timed: the articles of ../shared/news are written out as .txt page
files and indexed with `zhsearch index` (kept in --workdir, so a second run
with the same --articles reuses them). Then `zhsearch serve` starts on a free
port of 127.0.0.1, and --clients threads, each with its own keep-alive
connection, send the benchmark queries (bench/queries.py) for --seconds:
alternately the search page and /api/search, a tenth of them for page 2.
A response counts as an error unless it is a 200 with a well-formed result.
Prints throughput, latency percentiles and the error count; exits 1 on any error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from corpus import read_articles, write_pages
from queries import BenchQuery, make_queries

ZHSEARCH = Path(sys.executable).parent / "zhsearch"
REQUEST_TIMEOUT = 60  # seconds; a slower answer is an error, not a hang


@dataclass
class ClientLog:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_index(workdir: Path, articles: int) -> Path:
    """The index of the first ``articles`` articles, built unless an earlier run left it."""
    pages, index_dir = workdir / f"pages-{articles}", workdir / f"index-{articles}"
    done = index_dir / ".complete"
    if done.exists():
        print(f"reusing {index_dir}")
        return index_dir
    started = time.perf_counter()
    written = write_pages(pages, articles)
    print(f"wrote {written} pages in {time.perf_counter() - started:.0f} s; indexing (not timed)…", flush=True)
    started = time.perf_counter()
    subprocess.run([str(ZHSEARCH), "index", str(pages), "--index", str(index_dir)], check=True, stdout=subprocess.DEVNULL)
    print(f"indexed in {time.perf_counter() - started:.0f} s")
    done.touch()
    return index_dir


def request_path(query: BenchQuery, number: int) -> tuple[str, str]:
    """The kind ("page" or "api") and path of a client's ``number``-th request."""
    params = query.params()
    if number % 10 == 9:
        params["page"] = "2"
    kind = "api" if number % 2 else "page"
    return kind, ("/api/search?" if kind == "api" else "/?") + urlencode(params)


def check(kind: str, status: int, body: bytes) -> str | None:
    if status != 200:
        return f"HTTP {status}: {body[:200]!r}"
    if kind == "api":
        data = json.loads(body)
        return None if isinstance(data.get("total"), int) and isinstance(data.get("hits"), list) else "malformed JSON"
    return None if b'id="total"' in body else "search page without a result count"


def client(port: int, queries: list[BenchQuery], offset: int, deadline: float, log: ClientLog) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    number = 0
    while time.perf_counter() < deadline:
        kind, path = request_path(queries[(offset + number * 7) % len(queries)], number)
        number += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = connection.getresponse()
            problem = check(kind, response.status, response.read())
        except (OSError, http.client.HTTPException, ValueError) as error:
            problem = f"{type(error).__name__}: {error}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        log.latencies.append(time.perf_counter() - started)
        if problem:
            log.errors.append(f"{path}: {problem}")
    connection.close()


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def start_server(index_dir: Path, port: int, workers: int, threads: int, log_file) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ZHSEARCH), "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--threads", str(threads),
        ],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ZHSEARCH_CONFIG": ""},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("zhsearch serve did not start; see its log")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50_000, help="articles to index (default 50000)")
    parser.add_argument("--seconds", type=float, default=30, help="how long the clients send requests (default 30)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes (default: one per core, as zhsearch serve)")
    parser.add_argument("--threads", type=int, default=8, help="threads in each server process (default 8)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "zhsearch-web-load", help="where pages and index are kept between runs")
    args = parser.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    index_dir = prepare_index(args.workdir, args.articles)
    queries = make_queries(list(read_articles(args.articles)))
    port = free_port()
    with open(args.workdir / "serve.log", "wb") as server_log:
        server = start_server(index_dir, port, args.workers, args.threads, server_log)
        try:
            # Warm up (not counted): jieba's dictionary and the index's files.
            client(port, queries, 0, time.perf_counter() + 3, ClientLog())
            logs = [ClientLog() for _ in range(args.clients)]
            deadline = time.perf_counter() + args.seconds
            started = time.perf_counter()
            threads = [
                threading.Thread(target=client, args=(port, queries, number * 13, deadline, log), daemon=True)
                for number, log in enumerate(logs)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + REQUEST_TIMEOUT + 10)
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)

    latencies = sorted(latency for log in logs for latency in log.latencies)
    errors = [error for log in logs for error in log.errors]
    print(f"\n{args.articles} articles, {len(queries)} queries, {args.clients} clients, {args.workers} server processes of {args.threads} threads, {elapsed:.1f} s")
    print(f"requests:   {len(latencies)}  (search page and /api/search alternately)")
    print(f"errors:     {len(errors)}")
    print(f"throughput: {len(latencies) / elapsed:.1f} requests/s")
    if latencies:
        figures = "  ".join(f"p{int(share * 100)} {percentile(latencies, share) * 1000:.0f} ms" for share in (0.5, 0.95, 0.99))
        print(f"latency:    {figures}  max {latencies[-1] * 1000:.0f} ms")
    for error in errors[:5]:
        print(f"  error: {error}")
    sys.exit(1 if errors or not latencies else 0)


if __name__ == "__main__":
    main()
