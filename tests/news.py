"""Real articles from ../shared/news written out as page files, for tests that need volume."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

from conftest import SHARED

ARTICLES = SHARED / "news" / "articles.jsonl.gz"


def write_articles(folder: Path, count: int, start: int = 0, dated: bool = False) -> list[Path]:
    """Write ``count`` articles as .txt text dumps (a title line, then the body; with
    ``dated``, the article's publish date on a line between them)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, start, start + count):
            article = json.loads(line)
            path = folder / f"{article['id']}.txt"
            title = article["body"][:24].split("。")[0].strip()
            dateline = f"{article['date'].replace('T', ' ')}\n" if dated and article.get("date") else ""
            path.write_text(f"{title}\n{dateline}{article['body']}\n", encoding="utf-8")
            written.append(path)
    return written
