"""What a page reader produces: one article, ready to index."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Record:
    path: str
    title: str
    title_derived: bool
    date: datetime | None
    source: str | None
    site: str | None
    body: str
    # How the file was decoded; not part of the record people see.
    encoding: str = field(default="utf-8", compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "title_derived": self.title_derived,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "site": self.site,
            "body": self.body,
        }
