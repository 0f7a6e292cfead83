"""Did you mean: what a suggestion costs, against the search it comes with.

Over an index of the first N articles of ../shared/news (built once under
/tmp/zhsearch-spelling-bench/<count>/, ``--rebuild`` builds it again), it prints:

- the vocabulary's first build (read once per generation of the index, on the
  first suggestion after a commit), against one warm search;
- for each typo as typed with a pinyin input method, the spellings offered and
  the time to find them, against the time of a results page for the first one
  offered (the search the reader goes on to).

    python bench/spelling_bench.py [--articles 20000] [--rebuild]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import write_pages  # noqa: E402

from indexer.build import index_paths  # noqa: E402
from search import open_index  # noqa: E402

TYPOS = ("特郎普", "普金", "泽连斯机", "卢卡申可", "阿不扎比", "乌鲁木其", "拜灯", "内塔尼亚虎", "俄罗丝", "马可龙")
REPEAT = 5


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def _index(count: int, rebuild: bool) -> Path:
    folder = Path("/tmp/zhsearch-spelling-bench") / str(count)
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if not (folder / "index").exists():
        write_pages(folder / "pages", count)
        index_paths([folder / "pages"], folder / "index")
    return folder / "index"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    index = open_index(_index(args.articles, args.rebuild))
    index.search("能源", per_page=10)  # warm: index files and jieba loaded, as in a running server
    search_ms, _ = _timed(lambda: index.search("能源", per_page=10))
    build_ms, _ = _timed(lambda: index.spellings("特郎普"))
    print(f"index: {index.doc_count()} articles of ../shared/news")
    print(f"vocabulary, first suggestion after a commit: {build_ms:.0f} ms ({build_ms / search_ms:.0f}x one search, {search_ms:.1f} ms)")
    ratios = []
    for typo in TYPOS:
        spell_ms = min(_timed(lambda: index.spellings(typo))[0] for _ in range(REPEAT))
        offered = index.spellings(typo)
        if not offered:
            print(f"  {typo:<6} → -  {spell_ms:6.1f} ms (the index holds it as it is)")
            continue
        found_ms = min(_timed(lambda: index.search(offered[0], per_page=10))[0] for _ in range(REPEAT))
        ratios.append(spell_ms / found_ms)
        print(f"  {typo:<6} → {', '.join(offered):<20} {spell_ms:6.1f} ms  results page {found_ms:6.1f} ms  ratio {spell_ms / found_ms:.2f}")
    print(f"spellings / results page, median over {len(ratios)} typos: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
