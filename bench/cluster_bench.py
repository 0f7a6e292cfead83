"""The embedded index against a 1-shard and a 2-shard Sphinx cluster, in one run:
indexing throughput, the latency of a results page, and how closely the
cluster's first ten hits follow the embedded index's.

    python bench/cluster_bench.py                   # 50,000 articles
    python bench/cluster_bench.py --articles 5000   # a quick look

The articles of ../shared/news are written out as .txt pages (not timed; kept
in --workdir for the next run). Each engine then indexes them from empty with
every core (`zhsearch index --rebuild`, the cluster's shards on this machine
too) and answers the 200 queries of bench/queries.py as the search page
(`GET /?q=…`, through the Flask app in this process, one request at a time,
after one untimed pass): p50 and p95 of those requests. Each cluster's
indexing includes building its IDF file; the time that takes alone is
printed under its row. Last, for the news parity queries (the ones
tests/test_cluster.py checks), the share of the embedded index's first ten
hits that each cluster's first ten hold, and in brackets the same counting a
hit that scores exactly as the embedded tenth (``top_overlap``).
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
from queries import NEWS_PARITY_QUERIES, make_queries  # noqa: E402

from indexer.build import index_paths  # noqa: E402
from search.cluster import idf  # noqa: E402
from search.cluster.nodes import connect, free_ports, idf_file, parse_url, shards, start, stop  # noqa: E402
from search.cluster.ranking import top_overlap  # noqa: E402
from search.engine import open_engine  # noqa: E402
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


def _idf_update(url: str) -> tuple[int, float]:
    """The keywords in the cluster's IDF file and the seconds building it again takes."""
    node = connect(parse_url(url))
    found = shards(node)
    connections = [connect(shard.sql) for shard in found]
    where = idf_file(node)
    started = time.perf_counter()
    idf.update(where, connections, found, set())
    seconds = time.perf_counter() - started
    _, counts = idf.read_idf(Path(where))
    for connection in (node, *connections):
        connection.close()
    return len(counts), seconds


def _overlaps(index_dir: Path, url: str) -> list[tuple[float, float]]:
    embedded, cluster = open_engine(index_dir), open_engine(url)
    overlaps = []
    for query in NEWS_PARITY_QUERIES:
        reference = embedded.search(query, per_page=100).hits
        listed = cluster.search(query, per_page=10).hits
        overlaps.append(top_overlap([(hit.id, hit.score, hit.partial) for hit in reference], [hit.id for hit in listed]))
    embedded.close()
    return overlaps


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

    overlaps = {}
    for count in (1, 2):
        folder = args.workdir / f"cluster-{count}"
        shutil.rmtree(folder, ignore_errors=True)
        url = start(folder, count, free_ports(2 * count + 1))
        try:
            report = index_paths([pages], url, rebuild=True)
            # Let the shards settle their RAM chunks as a serving cluster would have.
            time.sleep(2)
            _print_row(f"Sphinx, {count} shard{'s' * (count > 1)}", report.docs_per_second,
                       _page_latencies({"engine": url}, queries))
            keywords, seconds = _idf_update(url)
            print(f"|   (its IDF file: {keywords:,} keywords, built in {seconds:.1f} s) | | | |", flush=True)
            overlaps[count] = _overlaps(index_dir, url)
        finally:
            stop(folder)
    print()
    print("| query | top-10 overlap, 1 shard | 2 shards |")
    print("|---|---|---|")
    for query, one, two in zip(NEWS_PARITY_QUERIES, overlaps[1], overlaps[2]):
        cells = [f"{strict:.0%} ({tied:.0%})" for strict, tied in (one, two)]
        print(f"| `{query}` | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
