"""Spellings the index knows for a word it does not: 卢卡申可 → 卢卡申科.

Looking through every term of the index for near ones takes seconds; a
misspelt name nearly always keeps its first two characters right, so only
the terms that begin with them are compared.
"""

from __future__ import annotations

from whoosh.reading import IndexReader

from search.analysis.schema import TEXT_FIELDS

KEPT_PREFIX = 2


def one_edit_apart(one: str, other: str) -> bool:
    """Whether one character added, dropped or changed turns ``one`` into ``other``."""
    if abs(len(one) - len(other)) > 1 or one == other:
        return False
    if len(one) == len(other):
        return sum(a != b for a, b in zip(one, other)) == 1
    shorter, longer = sorted((one, other), key=len)
    return any(longer[:cut] + longer[cut + 1 :] == shorter for cut in range(len(longer)))


def known_spellings(reader: IndexReader, word: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` words of the index one edit from ``word`` (an analyzed
    term of three or more characters that the index lacks), most frequent first."""
    if len(word) <= KEPT_PREFIX or any((name, word) in reader for name in TEXT_FIELDS):
        return []
    frequency: dict[str, int] = {}
    for name in TEXT_FIELDS:
        for term in reader.expand_prefix(name, word[:KEPT_PREFIX]):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            if one_edit_apart(word, text):
                frequency[text] = frequency.get(text, 0) + reader.doc_frequency(name, text)
    return sorted(frequency, key=lambda text: (-frequency[text], text))[:limit]
