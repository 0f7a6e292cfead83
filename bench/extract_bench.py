"""Extraction against the best-known open extractors, and how fast pages are read.

By default: one run over both parts of ../shared/extraction (real saved pages
with hand annotations: the first 57 files, and the 61 of more/ from outlets
the rules were not written from), each scored by the set's own scorer (its
score_page, imported from ../shared, not copied). zhsearch reads each part
twice: as shipped, and with the site table switched off (the general rules
alone, as for an outlet it does not know); GNE (``gne``) and trafilatura read
the same decoded text. Per part and kind of page: per-field accuracy, pages
leaking chrome, errors and pages/s; then the HTML rates over both parts and
zhsearch's ratio to GNE's, measured in this run. Rates count this process's
CPU time, so the other work of a shared machine does not slow one extractor
more than another. GNE and trafilatura read HTML
only, and are the ``bench`` extra (``pip install -e .[bench]``).

With ``--articles N``: the first N real articles of
../shared/news/articles.jsonl.gz, each wrapped in one of the site page layouts
the tests use (tests/sitepages.py), timed through indexer.extract.extract_bytes
alone, next to the index analyzer's rate over the same bodies; it also counts
how many bodies came back paragraph for paragraph.

    python bench/extract_bench.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import itertools
import json
import re
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NEWS = REPO.parent / "shared" / "news" / "articles.jsonl.gz"
DEVSET = REPO.parent / "shared" / "extraction"
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import sitepages  # noqa: E402  (the tests' page builders)
from stories import Story  # noqa: E402

from indexer.extract.decode import decode  # noqa: E402
from indexer.extract import extract_bytes  # noqa: E402
from indexer.extract.sites import without_site_table  # noqa: E402
from indexer.extract.lines import clean  # noqa: E402
from indexer.extract.text import derive_title  # noqa: E402
from search.analysis.schema import ANALYZER  # noqa: E402

# Big5 cannot hold simplified Chinese, so the Taiwan layout is left out.
BUILDERS = [
    sitepages.netease_news, sitepages.netease_hao, sitepages.sina, sitepages.sohu, sitepages.tencent,
    sitepages.ifeng, sitepages.thepaper, sitepages.people, sitepages.xinhua, sitepages.wechat,
    sitepages.blog, sitepages.city_portal,
]
_SENTENCE = re.compile(r"(?<=[。！？])")
_UNDATED = datetime(2023, 7, 1, 12, 0)


def stories(count: int) -> list[Story]:
    """The first ``count`` articles, their text cut into paragraphs of two sentences."""
    made = []
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, count):
            article = json.loads(line)
            sentences = [part.strip() for part in _SENTENCE.split(article["body"]) if part.strip()]
            paragraphs = tuple("".join(sentences[at : at + 2]) for at in range(0, len(sentences), 2))
            made.append(
                Story(
                    title=derive_title(list(paragraphs)).rstrip("…"),
                    source="新华网",
                    published=datetime.fromisoformat(article["date"]) if article["date"] else _UNDATED,
                    paragraphs=paragraphs,
                    caption="",
                    author="记者",
                )
            )
    return made


def pages(texts: list[Story]) -> list[sitepages.Page]:
    """Each story in the next layout that can encode it."""
    built = []
    layouts = itertools.cycle(BUILDERS)
    for story in texts:
        for _ in range(len(BUILDERS)):
            try:
                built.append(next(layouts)(story))
                break
            except UnicodeEncodeError:
                continue  # a character GBK lacks: the next layout is UTF-8
    return built


def layouts(count: int) -> None:
    """Extraction and tokenization rates over ``count`` articles in the tests' site layouts."""
    if not NEWS.exists():
        sys.exit(f"{NEWS}: not found; the bench reads ../shared/news beside the repository")

    built = pages(stories(count))
    megabytes = sum(len(page.data) for page in built) / 1e6
    per_site: dict[str, list[float]] = defaultdict(list)
    recovered = failed = 0
    started = time.perf_counter()
    for page in built:
        began = time.perf_counter()
        try:
            record = extract_bytes(f"{page.name}.html", page.data)
        except Exception:  # noqa: BLE001  (counted and shown, not hidden)
            failed += 1
            continue
        finally:
            per_site[page.name].append(time.perf_counter() - began)
        recovered += record.body.split("\n") == [clean(paragraph) for paragraph in page.story.paragraphs]
    seconds = time.perf_counter() - started

    bodies = ["\n".join(page.story.paragraphs) for page in built]
    body_megabytes = sum(len(body.encode("utf-8")) for body in bodies) / 1e6
    list(ANALYZER(bodies[0], mode="index"))  # jieba loads its dictionary on first use; not part of the rate
    began = time.perf_counter()
    tokens = sum(1 for body in bodies for _ in ANALYZER(body, mode="index"))
    tokenizing = time.perf_counter() - began

    print(f"articles: {len(built)} real news articles from {NEWS.relative_to(REPO.parent)}, wrapped in {len(BUILDERS)} site layouts")
    print(f"pages: {megabytes:.1f} MB of HTML ({megabytes * 1e3 / len(built):.1f} KB a page); bodies: {body_megabytes:.1f} MB")
    print(f"extraction: {len(built) / seconds:.1f} pages/s, {megabytes / seconds:.2f} MB/s of HTML ({seconds:.1f} s)")
    print(f"  bodies recovered paragraph for paragraph: {recovered}/{len(built)}; extraction errors: {failed}")
    for name, times in sorted(per_site.items()):
        print(f"  {name:13} {len(times):5} pages  {1e3 * sum(times) / len(times):6.1f} ms/page")
    print(f"tokenization (index analyzer, same bodies): {len(built) / tokenizing:.1f} bodies/s, "
          f"{body_megabytes / tokenizing:.2f} MB/s of text, {tokens} tokens ({tokenizing:.1f} s)")


def _scorer():
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _zhsearch(name: str, data: bytes, text: str) -> dict:
    return extract_bytes(name, data).to_json()


def _zhsearch_site_off(name: str, data: bytes, text: str) -> dict:
    with without_site_table():
        return extract_bytes(name, data).to_json()


def _gne(name: str, data: bytes, text: str) -> dict:
    from gne import GeneralNewsExtractor

    found = GeneralNewsExtractor().extract(text)
    return {"title": found.get("title"), "date": found.get("publish_time"), "source": found.get("author"), "body": found.get("content")}


def _trafilatura(name: str, data: bytes, text: str) -> dict:
    import trafilatura

    document = trafilatura.bare_extraction(text, with_metadata=True)
    found = document.as_dict() if document else {}
    return {"title": found.get("title"), "date": found.get("date"), "source": found.get("author"), "body": found.get("text")}


EXTRACTORS = {"zhsearch": _zhsearch, "zhsearch site-off": _zhsearch_site_off, "GNE": _gne, "trafilatura": _trafilatura}
PARTS = {"extraction": DEVSET / "manifest.json", "extraction/more": DEVSET / "more" / "manifest.json"}
FIELDS = ("title", "date", "source", "body")


def _score_part(score, manifest_path: Path, rates: dict[str, list[float]]) -> None:
    """Print one part's rows; add each extractor's HTML pages and seconds to ``rates``."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entries = manifest["pages"]
    folder = manifest_path.parent / "pages"
    files = {}
    for entry in entries:
        data = (folder / entry["file"]).read_bytes()
        files[entry["file"]] = (data, decode(entry["file"], data, declared=entry["kind"] != "text").text)
    for kind in ("html", "text"):
        chosen = [entry for entry in entries if entry["kind"] == kind]
        for name, extract in EXTRACTORS.items():
            if kind == "text" and not name.startswith("zhsearch"):
                continue  # they read HTML only
            try:
                extract("warm.html", *files[chosen[0]["file"]])  # imports and models load once, outside the timing
            except Exception:  # noqa: BLE001  (a failure is counted below)
                pass
            results, seconds = [], 0.0
            for entry in chosen:
                began = time.process_time()
                try:
                    record, error = extract(entry["file"], *files[entry["file"]]), None
                except Exception as failure:  # noqa: BLE001  (counted and shown, not hidden)
                    record, error = None, f"{type(failure).__name__}: {failure}"
                seconds += time.process_time() - began
                results.append(score.score_page(entry, record, error, manifest["generic_chrome"]))
            accuracy = [100 * sum(bool(result[field]) for result in results) / len(results) for field in FIELDS]
            passed = 100 * sum(result["pass"] for result in results) / len(results)
            errors = sum(1 for result in results if result["error"])
            leaks = sum(1 for result in results if result["body_detail"]["leaks"])
            print(f"{name + ' ' + kind:22} {len(results):5} " + " ".join(f"{value:6.1f}%" for value in accuracy)
                  + f" {passed:6.1f}% {leaks:6} {errors:6} {len(results) / seconds:8.1f}")
            if kind == "html":
                rates.setdefault(name, [0, 0.0])
                rates[name][0] += len(results)
                rates[name][1] += seconds


def compare() -> None:
    """Per-field accuracy and pages/s of each extractor on both parts of the development set."""
    if not DEVSET.exists():
        sys.exit(f"{DEVSET}: not found; the bench reads ../shared/extraction beside the repository")
    score = _scorer()
    rates: dict[str, list[float]] = {}
    for part, manifest_path in PARTS.items():
        if not manifest_path.exists():
            sys.exit(f"{manifest_path}: not found")
        print(f"\n{part} ({manifest_path.relative_to(REPO.parent)})")
        print(f"{'extractor':22} {'pages':>5} " + " ".join(f"{field:>7}" for field in FIELDS)
              + f" {'all':>7} {'leaks':>6} {'errors':>6} {'pages/s':>8}")
        _score_part(score, manifest_path, rates)
    print("\nHTML pages of both parts:")
    for name, (pages, seconds) in rates.items():
        print(f"  {name:20} {pages:4} pages  {pages / seconds:7.1f} pages/s")
    ours, gne = rates["zhsearch"], rates["GNE"]
    print(f"  zhsearch reads HTML {(ours[0] / ours[1]) / (gne[0] / gne[1]):.1f}x as fast as GNE in this run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, help="time N articles in the test layouts instead of comparing extractors")
    options = parser.parse_args()
    if options.articles:
        layouts(options.articles)
    else:
        compare()


if __name__ == "__main__":
    main()
