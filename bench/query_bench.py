"""Query latency: a complete results page from zhsearch against a naive Whoosh + jieba
baseline, over the fixed benchmark queries of ``bench/queries.py``.

    python bench/query_bench.py                     # 50,000 articles, 200 queries
    python bench/query_bench.py --quick             # 2,000 articles: a smoke test
    python bench/query_bench.py --articles 20000 --rebuild

Both indexes are built once and kept under /tmp/zhsearch-query-bench/<count>/
(``--rebuild`` builds them again):
  - zhsearch: the articles as .txt pages (bench/corpus.py), indexed with the
    project's own indexer on all cores;
  - naive: the plain recipe of bench/plain_recipe.py: plain Whoosh,
    jieba.analyse.ChineseAnalyzer on title and body, the date, source, site,
    year and month the project's extractor reads from the same pages, default
    BM25F, Whoosh's highlighter on title and body and its facet counts.

A results page is what the web front end shows: the top 10 with highlighted
snippets, the facet counts (source, site, year, month) and the total. Both
indexes' files are read through once first, so that the operating system's
page cache holds them as it would a running server's, whatever ran on the
machine before (a page read from disk costs milliseconds, and which pages the
cache kept varies from run to run). Each system then answers one warm-up
query (jieba's dictionary and per-index column caches loaded, as in a running
server). Then every query
runs once on each system in turn (the first pass), and again ``--repeat``
times; the two are reported apart, so that any cache kept per query or term
cannot flatter the figures.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import scoring

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plain_recipe  # noqa: E402
from corpus import ARTICLES, read_articles, write_pages  # noqa: E402
from queries import BenchQuery, make_queries  # noqa: E402

from indexer.build import index_paths  # noqa: E402
from search import open_index  # noqa: E402

CACHE = Path("/tmp/zhsearch-query-bench")
QUICK_ARTICLES = 2000
PER_PAGE = plain_recipe.PER_PAGE
TARGET_P95_MS = 25.0
TARGET_RATIO = 5.0
WARM_UP = "中国"
BUILT = ".built"

Run = Callable[[BenchQuery], int]


def _build_once(folder: Path, build: Callable[[Path], None], rebuild: bool) -> None:
    """Run ``build`` into ``folder`` unless a finished build is already there."""
    if (folder / BUILT).is_file() and not rebuild:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    build(folder)
    (folder / BUILT).write_text("")
    print(f"built {folder} in {time.perf_counter() - started:.0f} s", flush=True)


def build_zhsearch(pages: Path, target: Path) -> None:
    index_paths([pages], target, rebuild=True, workers=os.cpu_count() or 1)


def read_through(folder: Path) -> None:
    """Read every file of ``folder`` once, into the operating system's page cache."""
    for path in sorted(folder.iterdir()):
        if path.is_file():
            with path.open("rb") as handle:
                while handle.read(1 << 20):
                    pass


def zhsearch_runner(folder: Path) -> Run:
    index = open_index(folder)

    def run(query: BenchQuery) -> int:
        return index.search(query.text, filters=query.filters, page=1, per_page=PER_PAGE).total

    return run


def naive_runner(folder: Path) -> Run:
    ix = whoosh_index.open_dir(folder)
    searcher, parser = ix.searcher(weighting=scoring.BM25F()), plain_recipe.query_parser(ix)

    def run(query: BenchQuery) -> int:
        return plain_recipe.results_page(searcher, parser, query.params())["total"]

    return run


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least ``share`` of them reach."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def timed(run: Run, query: BenchQuery) -> float:
    started = time.perf_counter()
    run(query)
    return (time.perf_counter() - started) * 1000


def report(title: str, queries: list[BenchQuery], times: dict[str, list[float]]) -> dict[str, tuple[float, float]]:
    """Print p50/p95 per system, overall and per query kind; returns the overall pairs."""
    kinds = list(dict.fromkeys(query.kind for query in queries))
    print(f"\n{title}")
    print(f"{'kind':<10}{'n':>4}" + "".join(f"{name + ' p50':>15}{name + ' p95':>15}" for name in times))
    overall = {}
    for kind in ["all", *kinds]:
        chosen = [i for i, query in enumerate(queries) if kind == "all" or query.kind == kind]
        row = f"{kind:<10}{len(chosen):>4}"
        for name, values in times.items():
            picked = [values[i] for i in chosen]
            p50, p95 = percentile(picked, 0.5), percentile(picked, 0.95)
            row += f"{p50:>12.1f} ms{p95:>12.1f} ms"
            if kind == "all":
                overall[name] = (p50, p95)
        print(row)
    ours, naive = overall["zhsearch"], overall["naive"]
    print(f"naive / zhsearch: {naive[0] / ours[0]:.1f}x at p50, {naive[1] / ours[1]:.1f}x at p95")
    return overall


def check_targets(overall: dict[str, tuple[float, float]]) -> None:
    ours, naive = overall["zhsearch"][1], overall["naive"][1]
    print(f"target zhsearch p95 < {TARGET_P95_MS:.0f} ms: {ours:.1f} ms  {'met' if ours < TARGET_P95_MS else 'MISSED'}")
    ratio = naive / ours
    print(f"target >= {TARGET_RATIO:.0f}x faster than naive at p95: {ratio:.1f}x  {'met' if ratio >= TARGET_RATIO else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50000, help="index the first N articles (default 50000)")
    parser.add_argument("--queries", type=int, default=200, help="how many benchmark queries (default 200)")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes after the first (default 2)")
    parser.add_argument("--rebuild", action="store_true", help="build both indexes again")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ARTICLES} articles, one repeat: a smoke test")
    args = parser.parse_args()
    if args.quick:
        args.articles, args.repeat = QUICK_ARTICLES, 1
    if not ARTICLES.is_file():
        raise SystemExit(f"{ARTICLES}: not found; the benchmark reads ../shared/news beside the repository")

    folder = CACHE / str(args.articles)
    pages = folder / "pages"
    _build_once(pages, lambda target: write_pages(target, args.articles), args.rebuild)
    _build_once(folder / "zhsearch", lambda target: build_zhsearch(pages, target), args.rebuild)
    _build_once(folder / "naive", lambda target: plain_recipe.build(pages, target), args.rebuild)

    articles = list(read_articles(args.articles))
    queries = make_queries(articles, count=args.queries)
    for system in ("zhsearch", "naive"):
        read_through(folder / system)
    runners = {"zhsearch": zhsearch_runner(folder / "zhsearch"), "naive": naive_runner(folder / "naive")}
    for run in runners.values():
        run(BenchQuery("warm-up", WARM_UP))

    # Query by query, each system in turn, so that load from elsewhere on the
    # machine falls on both alike.
    first: dict[str, list[float]] = {name: [] for name in runners}
    repeated: dict[str, list[list[float]]] = {name: [[] for _ in queries] for name in runners}
    for i, query in enumerate(queries):
        for name, run in runners.items():
            first[name].append(timed(run, query))
    for _ in range(args.repeat):
        for i, query in enumerate(queries):
            for name, run in runners.items():
                repeated[name][i].append(timed(run, query))

    print(f"\n{args.articles} articles, {len(queries)} queries, results page of {PER_PAGE} with highlights, facets and total")
    overall = report("first pass (nothing cached per query)", queries, first)
    check_targets(overall)
    if args.repeat:
        medians = {name: [statistics.median(values) for values in per_query] for name, per_query in repeated.items()}
        overall = report(f"repeated: median of {args.repeat} more passes per query", queries, medians)
        check_targets(overall)


if __name__ == "__main__":
    main()
