"""Copies of one story: how zhsearch groups near-duplicate pages, how well, and at what cost.

    python bench/dedup_bench.py                      # 20,000 articles
    python bench/dedup_bench.py --sweep              # also compare shingle sizes and thresholds
    python bench/dedup_bench.py --articles 2000      # a quick look

The first N articles of ../shared/news are written out as .txt page files (not
timed, kept under /tmp/zhsearch-dedup-bench/N). Then:

  - cost: the pages are indexed twice in the same run, `--rebuild` without and
    with grouping (index_paths(group_copies=False/True), all cores), and docs/s
    of both are printed with their ratio; and, since wall time on a shared
    machine moves with the other jobs, the CPU time of the run (its process and
    its workers) per 1,000 pages, with its ratio;
  - groups: the groups the indexer gave the pages (its state beside the index,
    search/analysis/near_duplicates.py), with the groups of 2+ pages, their
    size distribution and a few examples; the bodies compared below are
    extracted as `zhsearch index` extracts them;
  - precision: 200 pairs of pages drawn (fixed seed) from all pairs that share a
    group, each judged by a criterion independent of shingles and MinHash: the
    bodies with their first and last sentences taken off (the outlet's header
    and footer live there) and white space removed are compared character by
    character (rapidfuzz's Indel ratio, the share of characters the two have in
    the same order); a pair is the same story when the ratio is at least
    --same-ratio (default 60). For scale the same ratio is printed for 200
    random pairs of pages from different groups;
  - with --sweep, the same grouping in one process for other shingle sizes,
    permutations and thresholds, to choose them.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_pages  # noqa: E402
from indexer.build import index_paths  # noqa: E402
from indexer.extract import extract_file  # noqa: E402
from search.analysis.near_duplicates import PERMUTATIONS, SHINGLE, THRESHOLD, StoryGroups, signature  # noqa: E402
from search.analysis.schema import document_id  # noqa: E402

WORK = Path("/tmp/zhsearch-dedup-bench")
SEED = 20260601
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")


def inner_text(body: str) -> str:
    """The body without its first and last sentences, white space removed: what
    the judging compares (headers, credits and footers differ between outlets)."""
    sentences = [part for part in _SENTENCE_END.split(body) if part.strip()]
    kept = sentences[1:-1] if len(sentences) > 2 else sentences
    return "".join("".join(kept).split())


def same_text_ratio(first: str, second: str) -> float:
    return fuzz.ratio(inner_text(first), inner_text(second))


def pages_of(count: int) -> list[Path]:
    folder = WORK / str(count) / "pages"
    if not folder.is_dir() or sum(1 for _ in folder.glob("*.txt")) != count:
        print(f"writing {count:,} articles as page files under {folder} …", flush=True)
        write_pages(folder, count)
    return sorted(folder.glob("*.txt"))


def extracted_bodies(pages: list[Path]) -> dict[str, str]:
    """Each page's body, by the id the index gives the page."""
    started = time.perf_counter()
    bodies = {document_id(str(page.resolve())): extract_file(page).body for page in pages}
    print(f"extracted {len(bodies):,} bodies in {time.perf_counter() - started:.1f} s", flush=True)
    return bodies


def members_by_group(groups: dict[str, str]) -> list[list[str]]:
    members: dict[str, list[str]] = {}
    for doc_id, group in groups.items():
        members.setdefault(group, []).append(doc_id)
    return [sorted(pages) for pages in members.values() if len(pages) > 1]


def grouped_pairs(grouped: list[list[str]]) -> list[tuple[str, str]]:
    return [pair for pages in grouped for pair in itertools.combinations(pages, 2)]


def precision(bodies: dict[str, str], pairs: list[tuple[str, str]], sample: int, same_ratio: float) -> tuple[float, list[float], int]:
    drawn = random.Random(SEED).sample(pairs, min(sample, len(pairs)))
    ratios = [same_text_ratio(bodies[first], bodies[second]) for first, second in drawn]
    same = sum(ratio >= same_ratio for ratio in ratios)
    return (same / len(drawn) if drawn else 0.0), ratios, len(drawn)


def unrelated_ratios(bodies: dict[str, str], groups: dict[str, str], sample: int) -> list[float]:
    chooser = random.Random(SEED + 1)
    ids = sorted(bodies)
    ratios: list[float] = []
    while len(ratios) < sample:
        first, second = chooser.sample(ids, 2)
        if groups[first] != groups[second]:
            ratios.append(same_text_ratio(bodies[first], bodies[second]))
    return ratios


def size_distribution(grouped: list[list[str]]) -> str:
    sizes = Counter(len(pages) for pages in grouped)
    buckets = [(2, 2), (3, 3), (4, 5), (6, 10), (11, 10**9)]
    parts = []
    for low, high in buckets:
        count = sum(number for size, number in sizes.items() if low <= size <= high)
        label = str(low) if low == high else (f"{low}+" if high == 10**9 else f"{low}–{high}")
        parts.append(f"{label}: {count:,}")
    return ", ".join(parts)


def report_groups(bodies: dict[str, str], groups: dict[str, str], args: argparse.Namespace) -> None:
    grouped = members_by_group(groups)
    pairs = grouped_pairs(grouped)
    in_groups = sum(len(pages) for pages in grouped)
    share, ratios, judged = precision(bodies, pairs, args.sample, args.same_ratio)
    unrelated = unrelated_ratios(bodies, groups, args.sample)
    print(f"\nshingles of {SHINGLE} characters, {PERMUTATIONS} permutations, Jaccard threshold {THRESHOLD}")
    print(f"pages: {len(bodies):,}; groups of 2+ pages: {len(grouped):,}, holding {in_groups:,} pages "
          f"({len(bodies) - in_groups + len(grouped):,} stories); largest group: {max(map(len, grouped), default=0)}")
    print(f"group sizes (pages: groups): {size_distribution(grouped)}")
    print(f"precision: {share:.1%} of {judged} grouped pairs (seed {SEED}, of {len(pairs):,}) have a "
          f"same-text ratio >= {args.same_ratio:g} "
          f"(their ratios: median {statistics.median(ratios):.0f}, min {min(ratios):.0f}; "
          f"{len(unrelated)} random ungrouped pairs: median {statistics.median(unrelated):.0f}, max {max(unrelated):.0f})")
    print("stricter: " + ", ".join(f">= {cut}: {sum(ratio >= cut for ratio in ratios) / len(ratios):.1%}"
                                   for cut in (70, 80, 90)))
    for pages in sorted(grouped, key=len, reverse=True)[: args.examples]:
        print(f"  e.g. {len(pages)} pages: " + " | ".join(bodies[doc_id][:30].replace("\n", " ") for doc_id in pages[:3]))


def sweep(bodies: dict[str, str], args: argparse.Namespace) -> None:
    print("\nshingle  perms  threshold  groups(2+)  pages grouped  precision  sketch ms/page")
    for shingle, permutations in itertools.product((3, 4, 5, 7), (64, 128)):
        started = time.perf_counter()
        sketches = {doc_id: signature(body, shingle, permutations) for doc_id, body in bodies.items()}
        sketch_ms = (time.perf_counter() - started) * 1000 / len(bodies)
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
            state = StoryGroups(threshold, permutations)
            for doc_id, sketch in sketches.items():
                state.add(doc_id, sketch)
            grouped = members_by_group(state.groups())
            share, _, _ = precision(bodies, grouped_pairs(grouped), args.sample, args.same_ratio)
            print(f"{shingle:7}  {permutations:5}  {threshold:9}  {len(grouped):10,}  "
                  f"{sum(map(len, grouped)):13,}  {share:9.1%}  {sketch_ms:14.2f}", flush=True)


def _cpu_seconds() -> float:
    """User and system time of this process and of its children that have ended (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def indexing_cost(pages: list[Path], repeat: int) -> dict[str, str]:
    """Index the pages without and with grouping (alternately, ``repeat`` times each);
    print docs/s and the ratio; return the groups of the last grouped index."""
    folder = pages[0].parent
    rates: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(repeat):
        for grouping in (False, True):
            index_dir = WORK / str(len(pages)) / ("index-grouped" if grouping else "index-plain")
            before = _cpu_seconds()
            report = index_paths([folder], index_dir, rebuild=True, group_copies=grouping)
            cpu[grouping].append(_cpu_seconds() - before)
            rates[grouping].append(report.docs_per_second)
            print(f"  {'with' if grouping else 'without'} grouping: {report.summary()}; CPU {cpu[grouping][-1]:.1f} s", flush=True)
    plain, grouped = max(rates[False]), max(rates[True])
    print(f"indexing docs/s (best of {repeat}): without grouping {plain:.0f}, with grouping {grouped:.0f}: "
          f"grouping costs {1 - grouped / plain:.1%} (ratio {grouped / plain:.3f})")
    plain_cpu, grouped_cpu = (min(cpu[kind]) * 1000 / len(pages) for kind in (False, True))
    print(f"CPU s per 1,000 pages (least of {repeat}): without grouping {plain_cpu:.2f}, with grouping "
          f"{grouped_cpu:.2f}: grouping costs {grouped_cpu / plain_cpu - 1:.1%} more CPU")
    state = StoryGroups.load(WORK / str(len(pages)) / "index-grouped")
    assert state is not None, "the grouped index keeps its groups beside it"
    return state.groups()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000, help="articles of ../shared/news (default 20000)")
    parser.add_argument("--sample", type=int, default=200, help="grouped pairs judged (default 200)")
    parser.add_argument("--same-ratio", type=float, default=60.0,
                        help="same-text ratio (0-100) at which a pair counts as one story (default 60)")
    parser.add_argument("--examples", type=int, default=5, help="largest groups shown (default 5)")
    parser.add_argument("--sweep", action="store_true", help="compare shingle sizes, permutations and thresholds")
    parser.add_argument("--repeat", type=int, default=1, help="indexing runs of each kind (default 1)")
    args = parser.parse_args()

    pages = pages_of(args.articles)
    groups = indexing_cost(pages, args.repeat)
    bodies = extracted_bodies(pages)
    report_groups(bodies, groups, args)
    if args.sweep:
        sweep(bodies, args)


if __name__ == "__main__":
    main()
