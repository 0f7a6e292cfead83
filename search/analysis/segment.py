"""Cutting Chinese text into words: jieba's dictionary and algorithm, run by
jieba-rs (the ``rjieba`` binding) where it is installed.

jieba stays the reference: rjieba runs the same dictionary and the same
algorithm about fifteen times faster, and differs only in how it cuts runs of
ASCII letters, digits and signs (it keeps ``F-35``, ``www.thepaper.cn`` whole
and splits ``5.5%``), which are cut again here as jieba cuts them.
tests/test_segment.py checks that the analyzer gives the same tokens,
positions and offsets with either engine. Part-of-speech tagging (for long
queries) stays jieba's: rjieba's tags differ.
"""

from __future__ import annotations

import logging
import os
import re
import sys

import jieba

try:
    import rjieba
except ImportError:  # pragma: no cover - depends on the platform's wheels
    rjieba = None

jieba.setLogLevel(logging.WARNING)

ENGINES = ("rjieba", "jieba")
# The characters jieba reads as one block with the letters and digits around them.
_ASCII_RUN = re.compile(r"[A-Za-z0-9+#&._%\-]+")
# How jieba cuts such a block: letters and digits (a decimal and a percent sign
# with them), and the signs between them.
_ASCII_WORDS = re.compile(r"[A-Za-z0-9]+(?:\.\d+)?%?|[^A-Za-z0-9]+")
# jieba's own pattern for a user dictionary line: word, then optional frequency and tag.
_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")

engine = "rjieba" if rjieba is not None else "jieba"
if rjieba is None:
    print("zhsearch: rjieba is not installed; segmenting with jieba (slower, same words)", file=sys.stderr)


def use(name: str) -> None:
    """Segment with ``name`` (one of ENGINES) from now on."""
    global engine
    if name not in ENGINES or (name == "rjieba" and rjieba is None):
        raise ValueError(f"segmenter {name!r} is not available; choose from {', '.join(ENGINES)}")
    engine = name


def cut(text: str) -> list[str]:
    """jieba's words of ``text`` (precise mode, HMM for unknown words), in order."""
    if engine == "jieba":
        return list(jieba.cut(text, HMM=True))
    return _as_jieba_cuts(rjieba.cut(text, hmm=True))


def _as_jieba_cuts(words: list[str]) -> list[str]:
    known = dictionary()
    cut_words: list[str] = []
    run = ""
    for word in words:
        # A dictionary word (C++, C#) is cut as a word by both.
        if _ASCII_RUN.fullmatch(word) and not known.get(word):
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
    jieba.load_userdict(os.fspath(path))
    if rjieba is None:
        return
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip().removeprefix("\ufeff")
            if not line:
                continue
            word, frequency, tag = _USERDICT_LINE.match(line).groups()
            rjieba.add_word(word, int(frequency) if frequency else None, tag.strip() if tag else None)


def warm_up() -> None:
    """Load the dictionaries now (about a second), not in the first query."""
    jieba.dt.check_initialized()
    if rjieba is not None:
        rjieba.cut("预热")


def dictionary() -> dict[str, int]:
    """jieba's word frequencies (user dictionaries included)."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ
