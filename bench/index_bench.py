"""Indexing throughput, memory and size: zhsearch against a naive Whoosh + jieba
baseline and the tokenize-only floor, measured in the same run.

    python bench/index_bench.py                 # 20,000 and 50,000 articles
    python bench/index_bench.py --sizes 2000    # a quick look
    python bench/index_bench.py --lecard        # LeCaRD's 9,088 long documents

For each size the articles of ../shared/news are first written out as .txt page
files (not timed). Then, each in its own process:
  - zhsearch: `zhsearch index` (all cores), then the same command again with
    nothing changed (the incremental re-run);
  - naive: Whoosh with jieba.analyse.ChineseAnalyzer, one writer, default settings;
  - floor: jieba alone (jieba.cut) over the same text on one core.
Peak RSS is sampled from /proc over the whole process tree (writer plus workers).

With --lecard, LeCaRD's long documents (../shared/relevance/lecard) are indexed
instead, by zhsearch and by the plain recipe of bench/relevance.py (Whoosh's
writer with two processes), as that bench builds them, in a folder of this run.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from proctree import Measured, failed_pages, measured

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO.parent / "shared" / "news" / "articles.jsonl.gz"
ZHSEARCH = Path(sys.executable).parent / "zhsearch"

# The plain recipe in a process of its own (bench/plain_recipe.py), timed with its imports.
NAIVE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import plain_recipe
plain_recipe.build_title_body(sorted(Path(sys.argv[1]).glob("*.txt")), Path(sys.argv[2]))
"""

FLOOR = """
import sys, jieba, logging
from pathlib import Path
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
for page in sorted(Path(sys.argv[1]).glob("*.txt")):
    for word in jieba.cut(page.read_text(encoding="utf-8")):
        pass
"""


def write_pages(folder: Path, count: int) -> int:
    """Write ``count`` articles as text dumps; returns the bytes of text written."""
    folder.mkdir(parents=True)
    total = 0
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, count):
            article = json.loads(line)
            title = article["body"][:24].split("。")[0].strip()
            data = f"{title}\n{article['body']}\n".encode("utf-8")
            (folder / f"{article['id']}.txt").write_bytes(data)
            total += len(data)
    return total


def run(command: list[str]) -> Measured:
    """Wall seconds, CPU seconds and peak tree RSS of a command; fails loudly if it fails."""
    done = measured(command)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.output}")
    return done


def run_zhsearch_index(command: list[str]) -> Measured:
    """Wall seconds, CPU seconds and peak tree RSS of a `zhsearch index` run; pages that give no
    article are reported and the run counts (they are left out, as by the naive recipe)."""
    done = measured(command)
    failed = failed_pages(done)
    if failed:
        print(f"{len(failed)} pages failed: {'; '.join(failed[:3])}")
    return done


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure(count: int, workdir: Path, cores: int) -> dict:
    pages = workdir / f"pages-{count}"
    text_bytes = write_pages(pages, count)
    mb = text_bytes / 1e6
    rows = {}

    ours = workdir / f"zhsearch-{count}"
    done = run_zhsearch_index([str(ZHSEARCH), "index", str(pages), "--index", str(ours), "--workers", str(cores)])
    rerun = run_zhsearch_index([str(ZHSEARCH), "index", str(pages), "--index", str(ours)])
    rows["zhsearch"] = dict(seconds=done.seconds, cpu=done.cpu_seconds, peak=done.peak_rss, size=folder_bytes(ours), rerun=rerun.seconds)

    naive = workdir / f"naive-{count}"
    naive.mkdir()
    done = run([sys.executable, "-c", NAIVE, str(pages), str(naive), str(Path(__file__).resolve().parent)])
    rows["naive"] = dict(seconds=done.seconds, cpu=done.cpu_seconds, peak=done.peak_rss, size=folder_bytes(naive))

    done = run([sys.executable, "-c", FLOOR, str(pages)])
    rows["floor"] = dict(seconds=done.seconds, cpu=done.cpu_seconds, peak=done.peak_rss, size=0)

    print(f"\n{count} articles, {mb:.1f} MB of text, {cores} cores")
    print(f"{'':<10}{'seconds':>9}{'docs/s':>9}{'MB/s':>7}{'CPU s':>8}{'peak RSS':>11}{'index':>10}")
    for name, row in rows.items():
        print(
            f"{name:<10}{row['seconds']:>9.1f}{count / row['seconds']:>9.0f}{mb / row['seconds']:>7.2f}{row['cpu']:>8.1f}"
            f"{row['peak'] / 2**20:>8.0f} MiB{row['size'] / 2**20:>6.0f} MiB"
        )
    ours_row, naive_row, floor_row = rows["zhsearch"], rows["naive"], rows["floor"]
    speedup = naive_row["seconds"] / ours_row["seconds"]
    floor_share = ours_row["seconds"] / (floor_row["seconds"] / cores)
    print(f"zhsearch vs naive docs/s:           {speedup:.2f}x   (target >= 2.5x)")
    # The machine's other load falls on the wall seconds; CPU seconds show the work itself.
    print(f"naive CPU / zhsearch CPU:           {naive_row['cpu'] / ours_row['cpu']:.2f}x   (all processes)")
    print(f"zhsearch time / (floor / {cores} cores):  {floor_share:.2f}    (target <= 1.5)")
    print(f"zhsearch peak RSS:                  {ours_row['peak'] / 2**20:.0f} MiB (target < 1024 MiB at 20,000 and 50,000)")
    print(f"incremental re-run, nothing changed: {ours_row['rerun']:.2f} s (target < 5 s at 50,000)")
    shutil.rmtree(pages)
    return rows


def measure_lecard(workdir: Path) -> None:
    from relevance import build_naive, build_zhsearch, read_corpus

    corpus = read_corpus()
    print(f"indexing LeCaRD's {len(corpus):,} documents …", flush=True)
    ours = build_zhsearch(corpus, workdir / "lecard-zhsearch", feed=workdir / "lecard-feed")
    naive = build_naive(corpus, workdir / "lecard-naive")
    print(f"\nLeCaRD, {len(corpus):,} long documents")
    print(f"zhsearch {ours:.1f} s, naive {naive:.1f} s")
    print(f"zhsearch vs naive docs/s:           {naive / ours:.2f}x   (target >= 2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 50000], help="article counts to index")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="workers for zhsearch")
    parser.add_argument("--lecard", action="store_true", help="index LeCaRD's long documents instead")
    args = parser.parse_args()
    if not args.lecard and not ARTICLES.is_file():
        raise SystemExit(f"{ARTICLES}: not found; the benchmark reads ../shared/news beside the repository")
    with tempfile.TemporaryDirectory(prefix="zhsearch-bench-") as workdir:
        if args.lecard:
            measure_lecard(Path(workdir))
            return
        for count in args.sizes:
            measure(count, Path(workdir), args.cores)


if __name__ == "__main__":
    main()
