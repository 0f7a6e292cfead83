"""The news articles of ../shared/news as saved-page files, for benchmarks.

Each article becomes a ``.txt`` text dump as a browser saves one: a title line
(the first clause of the body, as the corpus has no titles), the publish date
on a line of its own when the corpus knows it, then the body.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO.parent / "shared" / "news" / "articles.jsonl.gz"
TITLE_MAX = 40
_CLAUSE_END = re.compile(r"[，,。！？!?；;：:]")


def read_articles(count: int, start: int = 0) -> Iterator[dict]:
    """The corpus's articles ``start`` … ``start + count`` as dicts with id, date and body."""
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, start, start + count):
            yield json.loads(line)


def title_of(body: str) -> str:
    """The first clause of the body, at most 40 characters."""
    first = _CLAUSE_END.split(body.strip(), maxsplit=1)[0].strip()
    return first[:TITLE_MAX] or body.strip()[:TITLE_MAX]


def page_text(article: dict) -> str:
    date = article.get("date")
    dateline = f"{date.replace('T', ' ')}\n" if date else ""
    return f"{title_of(article['body'])}\n{dateline}{article['body'].strip()}\n"


def write_pages(folder: Path, count: int, start: int = 0) -> int:
    """Write ``count`` articles as .txt page files into ``folder``; returns how many were written."""
    return write_articles(folder, read_articles(count, start))


def write_articles(folder: Path, articles: Iterable[dict]) -> int:
    """Write ``articles`` as .txt page files named by their ids into ``folder``; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for article in articles:
        (folder / f"{article['id']}.txt").write_text(page_text(article), encoding="utf-8")
        written += 1
    return written
