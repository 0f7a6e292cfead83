"""The index schema and the Chinese analyzer.

This module is the single owner of both: the indexer writes documents with
``SCHEMA`` and the searcher parses queries with ``ANALYZER``, so index-time and
query-time tokenization cannot drift apart.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Iterator

import jieba
from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.fields import BOOLEAN, DATETIME, ID, NUMERIC, STORED, TEXT, Schema

jieba.setLogLevel(logging.WARNING)

# Full-width ASCII and the ideographic space fold to their half-width forms one
# character for one character, so offsets into the folded text are offsets
# into the original text and highlights land on the right characters.
_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Fold full-width letters, digits and punctuation to half-width, keeping length."""
    return text.translate(_WIDTH_FOLD)


def _is_word(text: str) -> bool:
    # Punctuation and white space carry no meaning for search.
    return any(ch.isalnum() for ch in text)


def _subwords(word: str, frequencies: dict) -> Iterator[tuple[str, int]]:
    """Dictionary words of two and three characters inside ``word``.

    This is what jieba's search mode adds, computed here so that each sub-word
    can share the position of the word it lies in (phrases keep working).
    """
    for size in (2, 3):
        if len(word) <= size:
            break
        for start in range(len(word) - size + 1):
            gram = word[start : start + size]
            if frequencies.get(gram):
                yield gram, start


class JiebaTokenizer(Tokenizer):
    """Segments Chinese text with jieba.

    At index time (``mode="index"``) every word of three or more characters
    also yields the dictionary words inside it, so 乒乓球 is found by 乒乓.
    Queries are cut in jieba's precise mode.
    """

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return

        jieba.dt.check_initialized()
        frequencies = jieba.dt.FREQ
        expand = mode == "index"
        position = start_pos
        offset = 0
        for word in jieba.cut(fold_width(value), HMM=True):
            word_start = offset
            offset += len(word)
            if not _is_word(word):
                continue
            pieces = list(_subwords(word, frequencies)) if expand else []
            pieces.append((word, 0))
            for piece, piece_start in pieces:
                token.text = piece
                token.boost = 1.0
                if keeporiginal:
                    token.original = piece
                token.stopped = False
                if positions:
                    token.pos = position
                if chars:
                    token.startchar = start_char + word_start + piece_start
                    token.endchar = token.startchar + len(piece)
                yield token
            position += 1


class FoldFilter(Filter):
    """NFKC-normalises and lower-cases each token, so ＡＢＣ, abc and ABC match."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = unicodedata.normalize("NFKC", token.text).lower()
            yield token


ANALYZER = JiebaTokenizer() | FoldFilter()


def document_id(path: str) -> str:
    """A short, stable, URL-safe id for the document stored under ``path``."""
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    path=ID(stored=True, unique=True),
    title=TEXT(analyzer=ANALYZER, stored=True, chars=True, field_boost=2.0),
    title_derived=BOOLEAN(stored=True),
    body=TEXT(analyzer=ANALYZER, stored=True, chars=True),
    date=DATETIME(stored=True, sortable=True),
    month=ID(stored=True, sortable=True),
    source=ID(stored=True, sortable=True),
    site=ID(stored=True, sortable=True),
    # What the incremental indexer compares to decide that a file is unchanged.
    size=NUMERIC(stored=True, bits=64),
    mtime_ns=NUMERIC(stored=True, bits=64),
    content_hash=STORED(),
)

TEXT_FIELDS = ("title", "body")
FACET_FIELDS = ("source", "site", "month")
