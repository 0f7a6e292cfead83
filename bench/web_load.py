"""Load test of `zhsearch serve` against the plain recipe served the plain way:
concurrent clients searching for a fixed time.

    python bench/web_load.py                                  # 50,000 articles, 32 clients, 30 s
    python bench/web_load.py --articles 3000 --seconds 10     # a quick look

First, not timed: the articles of ../shared/news are written out as .txt page
files, indexed with `zhsearch index` and with the plain recipe
(bench/plain_recipe.py: Whoosh with jieba's ChineseAnalyzer, one default
writer), all kept in --workdir, so a second run with the same --articles
reuses them. A page that gives no article is reported and left out, as
`zhsearch index` leaves it out. Then each server in turn starts on a free
port of 127.0.0.1 with the same gunicorn workers and threads: `zhsearch
serve`, then the plain recipe's Flask app (a searcher per request, Whoosh's
highlighter and facet counts). --clients threads, each with its own keep-alive
connection, send the benchmark queries (bench/queries.py) for --seconds:
alternately the search page and /api/search, a tenth of them for page 2.
A response counts as an error unless it is a 200 with a well-formed result.
Prints, for each server, throughput, latency percentiles, the error count and
the server's own CPU time per request (its process tree's, read from /proc:
the clients share the machine); the last line compares the two. Exits 1 on
any error of zhsearch's.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plain_recipe  # noqa: E402
from corpus import read_articles, write_pages  # noqa: E402
from proctree import failed_pages, measured, tree_cpu_seconds  # noqa: E402
from queries import BenchQuery, make_queries  # noqa: E402

ZHSEARCH = Path(sys.executable).parent / "zhsearch"
GUNICORN = Path(sys.executable).parent / "gunicorn"
REQUEST_TIMEOUT = 60  # seconds; a slower answer is an error, not a hang


@dataclass
class ClientLog:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_pages(workdir: Path, articles: int) -> Path:
    """The first ``articles`` articles as page files, written unless an earlier run left them."""
    pages = workdir / f"pages-{articles}"
    done = pages / ".complete"
    if not done.exists():
        started = time.perf_counter()
        written = write_pages(pages, articles)
        print(f"wrote {written} pages in {time.perf_counter() - started:.0f} s", flush=True)
        done.touch()
    return pages


def prepare_index(pages: Path, index_dir: Path) -> None:
    """zhsearch's index of ``pages``, built unless an earlier run left it. Pages
    that give no article are reported and left out: `zhsearch index` exits 1
    for them and indexes the others."""
    done = index_dir / ".complete"
    if done.exists():
        print(f"reusing {index_dir}")
        return
    print("indexing with zhsearch (not timed)…", flush=True)
    run = measured([str(ZHSEARCH), "index", str(pages), "--index", str(index_dir)])
    failed = failed_pages(run)
    print(f"indexed in {run.seconds:.0f} s, peak RSS {run.peak_rss / 2**20:.0f} MiB (process tree); {len(failed)} pages failed")
    for line in failed[:5]:
        print(f"  {line}")
    done.touch()


def prepare_plain_index(pages: Path, index_dir: Path) -> None:
    """The plain recipe's index of ``pages``, built unless an earlier run left it."""
    done = index_dir / ".complete"
    if done.exists():
        print(f"reusing {index_dir}")
        return
    print("indexing with the plain recipe (not timed)…", flush=True)
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    started = time.perf_counter()
    plain_recipe.build(pages, index_dir)
    print(f"indexed in {time.perf_counter() - started:.0f} s")
    done.touch()


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


def zhsearch_command(index_dir: Path, port: int, workers: int, threads: int) -> list[str]:
    return [
        str(ZHSEARCH), "serve", "--index", str(index_dir), "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--threads", str(threads),
    ]


def plain_command(index_dir: Path, port: int, workers: int, threads: int) -> list[str]:
    return [
        str(GUNICORN), "--chdir", str(Path(__file__).resolve().parent), "--bind", f"127.0.0.1:{port}",
        "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
        "--timeout", "120", f"plain_recipe:create_app({str(index_dir)!r})",
    ]


def start_server(command: list[str], port: int, log_file) -> subprocess.Popen:
    server = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, env={**os.environ, "ZHSEARCH_CONFIG": ""})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{command[0]} did not start; see its log")


@dataclass
class LoadResult:
    name: str
    latencies: list[float]
    errors: list[str]
    seconds: float
    server_cpu: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 0.95)


def load(name: str, command: list[str], port: int, queries: list[BenchQuery], clients: int, seconds: float, log_path: Path) -> LoadResult:
    """Start the server of ``command`` and send it ``clients`` clients' requests for ``seconds``."""
    with open(log_path, "wb") as server_log:
        server = start_server(command, port, server_log)
        try:
            # Warm up (not counted): jieba's dictionary and the index's files.
            client(port, queries, 0, time.perf_counter() + 3, ClientLog())
            logs = [ClientLog() for _ in range(clients)]
            cpu_before = tree_cpu_seconds(server.pid)
            deadline = time.perf_counter() + seconds
            started = time.perf_counter()
            threads = [
                threading.Thread(target=client, args=(port, queries, number * 13, deadline, log), daemon=True)
                for number, log in enumerate(logs)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=seconds + REQUEST_TIMEOUT + 10)
            elapsed = time.perf_counter() - started
            cpu = tree_cpu_seconds(server.pid) - cpu_before
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies = sorted(latency for log in logs for latency in log.latencies)
    return LoadResult(name, latencies, [error for log in logs for error in log.errors], elapsed, cpu)


def print_result(result: LoadResult) -> None:
    print(f"\n{result.name}, {result.seconds:.1f} s")
    print(f"requests:   {len(result.latencies)}  (search page and /api/search alternately)")
    print(f"errors:     {len(result.errors)}")
    print(f"throughput: {result.throughput:.1f} requests/s")
    if result.latencies:
        figures = "  ".join(f"p{int(share * 100)} {percentile(result.latencies, share) * 1000:.0f} ms" for share in (0.5, 0.95, 0.99))
        print(f"latency:    {figures}  max {result.latencies[-1] * 1000:.0f} ms")
        print(f"server CPU: {result.server_cpu * 1000 / len(result.latencies):.1f} ms a request ({result.server_cpu:.1f} s in all)")
    for error in result.errors[:5]:
        print(f"  error: {error}")


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
    pages = prepare_pages(args.workdir, args.articles)
    index_dir, plain_dir = args.workdir / f"index-{args.articles}", args.workdir / f"plain-{args.articles}"
    prepare_index(pages, index_dir)
    prepare_plain_index(pages, plain_dir)
    queries = make_queries(list(read_articles(args.articles)))
    print(f"\n{args.articles} articles, {len(queries)} queries, {args.clients} clients, {args.workers} server processes of {args.threads} threads")
    results = []
    for name, command, log_name in (
        ("zhsearch serve", zhsearch_command, "serve.log"),
        ("plain recipe (Flask + Whoosh + ChineseAnalyzer)", plain_command, "plain.log"),
    ):
        port = free_port()
        result = load(
            name, command(index_dir if command is zhsearch_command else plain_dir, port, args.workers, args.threads),
            port, queries, args.clients, args.seconds, args.workdir / log_name,
        )
        print_result(result)
        results.append(result)
    ours, plain = results
    if ours.latencies and plain.latencies:
        print(f"vs plain recipe: throughput {ours.throughput / plain.throughput:.1f}x, p95 {plain.p95 / ours.p95:.1f}x")
    sys.exit(1 if ours.errors or not ours.latencies else 0)


if __name__ == "__main__":
    main()
