"""Spellings the embedded index knows for a word it lacks (see ``search.spelling``):
its vocabulary read from the title and body terms once per generation of the index,
the frequencies and texts read per suggestion."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh import query as q
from whoosh.searching import Searcher

from search.analysis.schema import TEXT_FIELDS, fold
from search.embedded.generation import PerGeneration
from search.query.parser import analyze
from search.spelling import CONTEXT_TEXTS, Vocabulary, respell


def _read_vocabulary(searcher: Searcher) -> Vocabulary:
    reader = searcher.reader()
    return Vocabulary({term.decode("utf-8") for name in TEXT_FIELDS for term in reader.lexicon(name)})


# A searcher is one generation of the index: its vocabulary goes with it.
_vocabulary = PerGeneration(_read_vocabulary)


def _held(searcher: Searcher, text: str) -> bool:
    """Whether some title or body holds ``text`` as the words jieba cuts it into
    (泽 | 连斯基), not only inside a longer word (普金 inside 霍普金斯)."""
    words = analyze(text)
    if len(words) < 2:
        return False  # one word: the vocabulary has it or not
    holding = q.Or([q.Phrase(name, words) for name in TEXT_FIELDS])
    return not searcher.search(holding, limit=1).is_empty()


def _texts(searcher: Searcher, word: str) -> Iterator[str]:
    """Titles and bodies (folded as the index folds them) of documents holding ``word``."""
    holding = q.Or([q.Term(name, word) for name in TEXT_FIELDS])
    for hit in searcher.search(holding, limit=CONTEXT_TEXTS):
        for name in TEXT_FIELDS:
            yield fold(hit[name]).lower()


def known_spellings(searcher: Searcher, word: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` spellings the index holds for ``word`` (folded, as typed) when it lacks it."""
    reader = searcher.reader()
    return respell(
        _vocabulary(searcher),
        word,
        held=lambda text: _held(searcher, text),
        frequency=lambda known: sum(reader.doc_frequency(name, known) for name in TEXT_FIELDS),
        texts=lambda known: _texts(searcher, known),
        limit=limit,
    )
