"""Aliases: words that name the same thing, so a query for one finds the others.

A synonyms file holds one group a line, its words separated by spaces or
commas; ``#`` starts a comment::

    特朗普 川普        # Mainland and Taiwan/Hong Kong renderings of Trump
    新冠, 新冠肺炎, COVID-19

zhsearch ships a default file (``search/synonyms.txt``); a user file adds
groups to it. Words are folded as the index folds them (traditional to
simplified, width, case), so 川普 and 川普, 特朗普 and 特朗普 are one entry.
A word in several groups gets the words of all of them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from search.analysis.schema import fold

DEFAULT_SYNONYMS = Path(__file__).with_name("synonyms.txt")
_SEPARATORS = re.compile(r"[\s,，、]+")


class SynonymsError(ValueError):
    """A synonyms file cannot be read; the message names it."""


def normalize(word: str) -> str:
    """The form a word is looked up by."""
    return fold(word).lower()


class Synonyms:
    """Groups of equivalent words, looked up by any member."""

    def __init__(self, groups: list[list[str]] | None = None) -> None:
        self._alternatives: dict[str, list[str]] = {}
        for group in groups or []:
            self.add(group)

    def add(self, group: list[str]) -> None:
        words = list(dict.fromkeys(normalize(word) for word in group if word.strip()))
        for word in words:
            known = self._alternatives.setdefault(word, [])
            known.extend(other for other in words if other != word and other not in known)

    def of(self, word: str) -> list[str]:
        """The other words for ``word`` (not itself); [] when it has none."""
        return self._alternatives.get(normalize(word), [])

    def __len__(self) -> int:
        return len(self._alternatives)


def read_groups(path: str | os.PathLike[str]) -> list[list[str]]:
    """The groups in a synonyms file; SynonymsError names the file and line that is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SynonymsError(f"{path}: cannot read synonyms file ({error})") from error
    groups = []
    for number, line in enumerate(text.splitlines(), 1):
        words = [word for word in _SEPARATORS.split(line.split("#", 1)[0]) if word]
        if len(words) == 1:
            raise SynonymsError(f"{path}, line {number}: a group needs two or more words, found only {words[0]!r}")
        if words:
            groups.append(words)
    return groups


def load_synonyms(user_file: str | os.PathLike[str] | None = None) -> Synonyms:
    """The shipped groups plus those of ``user_file``, if given."""
    synonyms = Synonyms(read_groups(DEFAULT_SYNONYMS))
    if user_file is not None:
        for group in read_groups(user_file):
            synonyms.add(group)
    return synonyms
