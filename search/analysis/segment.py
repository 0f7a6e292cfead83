"""Cutting Chinese text into words: jieba's dictionary and algorithm, run by
jieba-rs (the ``rjieba`` binding) where it is installed.

jieba stays the reference: rjieba runs the same dictionary and the same
algorithm about fifteen times faster, and differs only in how it cuts runs of
ASCII letters, digits and signs (it keeps ``F-35``, ``www.thepaper.cn`` whole
and splits ``5.5%``), which are cut again here as jieba cuts them.
tests/test_segment.py checks that the analyzer gives the same tokens,
positions and offsets with either engine. Part-of-speech tagging (for long
queries) stays jieba's: rjieba's tags differ.

Each is imported on first use: rjieba builds its dictionary as it is imported
(a fifth of a second), and jieba's takes about a second to load, needed only
for cutting and finding index-time sub-words when rjieba is missing, a user
dictionary, and tagging. Cutting a query with rjieba needs
none of jieba, and `zhsearch stats` needs neither.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from importlib.util import find_spec
from types import ModuleType

ENGINES = ("rjieba", "jieba")
# The characters jieba reads as one block with the letters and digits around them.
_ASCII_RUN = re.compile(r"[A-Za-z0-9+#&._%\-]+")
# How jieba cuts such a block: letters and digits (a decimal and a percent sign
# with them), and the signs between them.
_ASCII_WORDS = re.compile(r"[A-Za-z0-9]+(?:\.\d+)?%?|[^A-Za-z0-9]+")
# jieba's own pattern for a user dictionary line: word, then optional frequency and tag.
_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")

RJIEBA_INSTALLED = find_spec("rjieba") is not None
engine = "rjieba" if RJIEBA_INSTALLED else "jieba"
if not RJIEBA_INSTALLED:  # pragma: no cover - depends on the platform's wheels
    print("zhsearch: rjieba is not installed; segmenting with jieba (slower, same words)", file=sys.stderr)


def use(name: str) -> None:
    """Segment with ``name`` (one of ENGINES) from now on."""
    global engine
    if name not in ENGINES or (name == "rjieba" and not RJIEBA_INSTALLED):
        raise ValueError(f"segmenter {name!r} is not available; choose from {', '.join(ENGINES)}")
    engine = name


def _rjieba() -> ModuleType:
    """rjieba, imported (and its dictionary built) on first use."""
    import rjieba

    return rjieba


def _jieba() -> ModuleType:
    """jieba, imported on first use."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def cut(text: str) -> list[str]:
    """jieba's words of ``text`` (precise mode, HMM for unknown words), in order."""
    if engine == "jieba":
        return list(_jieba().cut(text, HMM=True))
    return _as_jieba_cuts(_rjieba().cut(text, hmm=True))


def _as_jieba_cuts(words: list[str]) -> list[str]:
    rjieba = _rjieba()
    cut_words: list[str] = []
    run = ""
    for word in words:
        # A dictionary word (C++, C#) is cut as a word by both; rjieba holds the
        # same dictionary, user dictionaries included (see load_userdict).
        # (isascii first: most words are Chinese, and it answers them without a regex.)
        if word.isascii() and _ASCII_RUN.fullmatch(word) and not rjieba.has_word(word):
            run += word
            continue
        if run:
            cut_words.extend(_ASCII_WORDS.findall(run))
            run = ""
        cut_words.append(word)
    if run:
        cut_words.extend(_ASCII_WORDS.findall(run))
    return cut_words


def load_userdict(path: str | os.PathLike[str]) -> None:
    """Teach both engines the words of a jieba user dictionary (``word [freq] [tag]`` a line)."""
    _jieba().load_userdict(os.fspath(path))
    if not RJIEBA_INSTALLED:
        return
    rjieba = _rjieba()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip().removeprefix("\ufeff")
            if not line:
                continue
            word, frequency, tag = _USERDICT_LINE.match(line).groups()
            rjieba.add_word(word, int(frequency) if frequency else None, tag.strip() if tag else None)


def warm_up(*, frequencies: bool = False, tagger: bool = False) -> None:
    """Load now, not in the first call, what cutting needs (with rjieba, nothing
    more than its import), and on request what finds index-time sub-words
    (without rjieba, jieba's word frequencies: about a second) and jieba's
    part-of-speech tagger (long queries)."""
    if RJIEBA_INSTALLED:
        _rjieba().cut("预热")
    if engine == "jieba" or (frequencies and not RJIEBA_INSTALLED) or tagger:
        dictionary()
    if tagger:
        import jieba.posseg  # noqa: F401 - its tables take half a second to import


def is_dictionary_word() -> Callable[[str], bool]:
    """Whether a string is a word of jieba's dictionary (with a frequency above
    0, user dictionaries included): rjieba's own lookup where it is installed
    (the same dictionary, tests/test_segment.py; no second copy of it, some
    70 MB, in each indexing worker), else jieba's frequencies."""
    if RJIEBA_INSTALLED:
        return _rjieba().has_word
    frequencies = dictionary()
    return lambda word: bool(frequencies.get(word))


def dictionary() -> dict[str, int]:
    """jieba's word frequencies (user dictionaries included)."""
    jieba = _jieba()
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def tag(text: str) -> Iterator[tuple[str, str]]:
    """jieba's words of ``text`` with their part-of-speech tags (``nr`` a person's name, ``ns`` a place…)."""
    _jieba()
    import jieba.posseg

    return ((pair.word, pair.flag) for pair in jieba.posseg.cut(text))
