"""One indexing worker against the plain recipe's single writer, per core: CPU
seconds of the same pages, alternately, in one process pinned to one core.

    python bench/worker_bench.py                    # 600 news pages, 3 rounds
    python bench/worker_bench.py --profile          # where a worker's time goes (cProfile)

A zhsearch worker's part of `zhsearch index` (read, extract, give groups, analyse:
"prepare"; add to its segment: "add"; write the segment: "flush") against
bench/index_bench.py's naive recipe (Whoosh with jieba's ChineseAnalyzer, one
writer) over the first N articles of ../shared/news written out as page files.
CPU seconds, not wall seconds, so that other jobs on the machine weigh little;
the later rounds run with the worker's caches warm, as in a long run. With two
workers on an otherwise idle 2-core machine, `bench/index_bench.py` can expect
about twice the ratio printed here.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import shutil
import tempfile
import time
from pathlib import Path

import jieba

import plain_recipe
from index_bench import ARTICLES, write_pages
from indexer.grouping import RunGroups
from indexer.prepare import FileTask, prepare_batch
from search.analysis.schema import warm_up
from search.embedded.writer import IndexWriter

jieba.setLogLevel(logging.WARNING)
BATCH = 16  # as indexer.build hands a worker its pages


def zhsearch_worker(pages: list[Path], work: Path) -> dict[str, float]:
    """CPU seconds of one worker's prepare, add and flush of ``pages``."""
    shutil.rmtree(work, ignore_errors=True)
    writer = IndexWriter(work, rebuild=True)
    sink = writer.in_worker()  # lets go of the run's lock, as a forked worker does
    groups = RunGroups(work / "groups", rebuild=True)
    tasks = [FileTask(str(page), page.name, page.stat().st_size, 0, None) for page in pages]
    started = time.process_time()
    prepared = []
    for start in range(0, len(tasks), BATCH):
        prepared += prepare_batch(tasks[start : start + BATCH], writer.make_document, groups.assign)
    added = time.process_time()
    for done in prepared:
        for document in done.documents or ():
            sink.add(document)
    flushed = time.process_time()
    sink.finish()
    finished = time.process_time()
    return {"prepare": added - started, "add": flushed - added, "flush": finished - flushed, "total": finished - started}


def plain_writer(pages: list[Path], work: Path) -> float:
    """CPU seconds of the naive recipe's writer over ``pages``."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    started = time.process_time()
    plain_recipe.build_title_body(pages, work)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=600, help="news pages to index")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--core", type=int, default=0, help="the core to run on")
    parser.add_argument("--profile", action="store_true", help="print a CPU profile of one worker's round instead")
    args = parser.parse_args()
    if not ARTICLES.is_file():
        raise SystemExit(f"{ARTICLES}: not found; the benchmark reads ../shared/news beside the repository")
    os.sched_setaffinity(0, {args.core})
    # Both load their dictionaries before the clock starts.
    warm_up(indexing=True)
    jieba.initialize()
    with tempfile.TemporaryDirectory(prefix="zhsearch-worker-bench-") as workdir:
        folder = Path(workdir) / "pages"
        write_pages(folder, args.pages)
        pages = sorted(folder.glob("*.txt"))
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(zhsearch_worker, pages, Path(workdir) / "zhsearch")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            return
        print(f"{len(pages)} pages, one core; CPU seconds")
        for _ in range(args.rounds):
            ours = zhsearch_worker(pages, Path(workdir) / "zhsearch")
            naive = plain_writer(pages, Path(workdir) / "naive")
            print(
                f"zhsearch worker {ours['total']:.2f} s (prepare {ours['prepare']:.2f}, add {ours['add']:.2f}, "
                f"flush {ours['flush']:.2f})  naive writer {naive:.2f} s  naive / zhsearch {naive / ours['total']:.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
