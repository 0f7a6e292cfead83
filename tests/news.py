"""Real articles from ../shared/news written out as page files, for tests that need volume."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

from conftest import SHARED

ARTICLES = SHARED / "news" / "articles.jsonl.gz"


def _write(folder: Path, article: dict, dated: bool) -> Path:
    path = folder / f"{article['id']}.txt"
    title = article["body"][:24].split("。")[0].strip()
    dateline = f"{article['date'].replace('T', ' ')}\n" if dated and article.get("date") else ""
    path.write_text(f"{title}\n{dateline}{article['body']}\n", encoding="utf-8")
    return path


def write_articles(folder: Path, count: int, start: int = 0, dated: bool = False) -> list[Path]:
    """Write ``count`` articles as .txt text dumps (a title line, then the body; with
    ``dated``, the article's publish date on a line between them)."""
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as lines:
        return [_write(folder, json.loads(line), dated) for line in itertools.islice(lines, start, start + count)]


def write_articles_naming(folder: Path, names: list[str], each: int) -> list[Path]:
    """Write, as write_articles does, the first ``each`` articles whose body names each of ``names``."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = dict.fromkeys(names, each)
    written = []
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            named = [name for name, left in wanted.items() if left and name in article["body"]]
            if named:
                written.append(_write(folder, article, dated=False))
                for name in named:
                    wanted[name] -= 1
            if not any(wanted.values()):
                break
    return written
