"""What the readers produce: an Article read from a page, and the Record made
of it, ready to index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from indexer.extract.dates import CHINA

# Fewer letters than this is an empty template, not an article.
MIN_TEXT = 10


# \w is what str.isalnum() accepts, and the underscore.
_NOT_LETTERS = re.compile(r"[\W_]+")


def letters(paragraphs: list[str]) -> int:
    """How many letters and digits a body holds."""
    return sum(len(_NOT_LETTERS.sub("", paragraph)) for paragraph in paragraphs)


@dataclass
class Article:
    """What a reader found on a page; any field the page did not give is None."""

    title: str | None
    date: datetime | None
    source: str | None
    site: str | None
    paragraphs: list[str]
    # "fallback" when no block convinced content scoring and the body is the
    # page's best text block, so a reader can tell a guess from a finding.
    extraction: str = "content"

    @property
    def letters(self) -> int:
        return letters(self.paragraphs)


@dataclass
class Record:
    path: str
    title: str
    title_derived: bool
    date: datetime | None
    source: str | None
    site: str | None
    body: str
    extraction: str = "content"
    # How the file was decoded; not part of the record people see.
    encoding: str = field(default="utf-8", compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "title_derived": self.title_derived,
            # Dates are kept as Beijing wall-clock time; the record says so.
            "date": self.date.replace(tzinfo=CHINA).isoformat() if self.date else None,
            "source": self.source,
            "site": self.site,
            "body": self.body,
            "extraction": self.extraction,
        }

    def to_text(self) -> str:
        """The record laid out for reading in a terminal."""
        fields = [
            ("title", self.title + (" (made from the text)" if self.title_derived else "")),
            ("date", self.date.isoformat(sep=" ") if self.date else "-"),
            ("source", self.source or "-"),
            ("site", self.site or "-"),
        ]
        if self.extraction != "content":
            fields.append(("extraction", f"{self.extraction} (no block convinced content scoring: the best text block)"))
        head = "\n".join(f"{name + ':':8}{value}" for name, value in fields)
        return f"== {self.path}\n{head}\n\n" + self.body.replace("\n", "\n\n") + "\n"
