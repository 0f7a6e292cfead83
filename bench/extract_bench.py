"""How fast pages are read, next to how fast their text is tokenized.

Takes the first N real articles of ../shared/news/articles.jsonl.gz, wraps
each in one of the site page layouts the tests use (tests/sitepages.py: NetEase,
Sina and People's Daily in GBK, Sohu, Tencent, ifeng, The Paper, Xinhua,
WeChat, a blog and a city portal, all with their chrome), and times
indexer.extract.extract_bytes alone over the pages built in memory. For
comparison it then times the index analyzer (jieba, search mode) over the same
bodies. It also counts how many bodies came back paragraph for paragraph, a
check that the figures are for extraction that works.

    python bench/extract_bench.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import gzip
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
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import sitepages  # noqa: E402  (the tests' page builders)
from stories import Story  # noqa: E402

from indexer.extract import extract_bytes  # noqa: E402
from indexer.lines import clean  # noqa: E402
from indexer.text import derive_title  # noqa: E402
from search.schema import ANALYZER  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="how many articles to wrap (default 2000)")
    options = parser.parse_args()
    if not NEWS.exists():
        sys.exit(f"{NEWS}: not found; the bench reads ../shared/news beside the repository")

    built = pages(stories(options.articles))
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


if __name__ == "__main__":
    main()
