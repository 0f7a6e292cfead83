"""The embedded index against a 1-shard and a 2-shard Sphinx cluster, in one run:
indexing throughput and the latency of a results page.

    python bench/cluster_bench.py                   # 50,000 articles
    python bench/cluster_bench.py --articles 5000   # a quick look

The articles of ../shared/news are written out as .txt pages (not timed; kept
in --workdir for the next run). Each engine then indexes them from empty with
every core (`zhsearch index --rebuild`, the cluster's shards on this machine
too) and answers the 200 queries of bench/queries.py as the search page
(`GET /?q=…`, through the Flask app in this process, one request at a time,
after one untimed pass): p50 and p95 of those requests.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from corpus import read_articles, write_pages  # noqa: E402
from queries import make_queries  # noqa: E402

from indexer.build import index_paths  # noqa: E402
from search.cluster.nodes import free_ports, start, stop  # noqa: E402
from web import create_app  # noqa: E402


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def _page_latencies(settings: dict, queries: list) -> list[float]:
    client = create_app({**settings, "serve_originals": False}).test_client()
    paths = ["/?" + urlencode(query.params()) for query in queries]
    for path in paths:  # warm: dictionaries, caches, the engine's files
        client.get(path)
    timings = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return timings


def _print_row(name: str, rate: float, timings: list[float]) -> None:
    print(f"| {name} | {rate:,.0f} | {statistics.median(timings):.0f} ms | {_percentile(timings, 0.95):.0f} ms |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "zhsearch-cluster-bench")
    args = parser.parse_args()
    pages = args.workdir / f"pages-{args.articles}"
    if not pages.is_dir():
        write_pages(pages, args.articles)
    queries = make_queries(list(read_articles(args.articles)))
    print(f"{args.articles} articles, {len(queries)} queries as results pages")
    print("| engine | indexing docs/s | results page p50 | p95 |")
    print("|---|---|---|---|", flush=True)

    index_dir = args.workdir / "index"
    report = index_paths([pages], index_dir, rebuild=True)
    _print_row("embedded (Whoosh)", report.docs_per_second, _page_latencies({"index_dir": str(index_dir)}, queries))

    for shards in (1, 2):
        folder = args.workdir / f"cluster-{shards}"
        shutil.rmtree(folder, ignore_errors=True)
        url = start(folder, shards, free_ports(2 * shards + 1))
        try:
            report = index_paths([pages], url, rebuild=True)
            # Let the shards settle their RAM chunks as a serving cluster would have.
            time.sleep(2)
            _print_row(f"Sphinx, {shards} shard{'s' * (shards > 1)}", report.docs_per_second,
                       _page_latencies({"engine": url}, queries))
        finally:
            stop(folder)


if __name__ == "__main__":
    main()
