"""Marking matched words in text, and choosing snippets around them.

Spans are character offsets into the stored text, found by analysing its
sentences again as the index analysed them (the index keeps word positions,
not offsets); everything outside ``<mark>`` is HTML-escaped, so stored text is always shown
as text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from search.analysis.schema import fold, index_tokens_of

if TYPE_CHECKING:
    from search.query.parser import ParsedQuery

Span = tuple[int, int]
# Where each word stands in a text, by word position.
Occurrences = dict[str, dict[int, Span]]

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[，,；;：:、]")
# A paragraph ending in one of these meets the next without a space (大跌眼镜。特朗普).
_CLOSED = re.compile(r"[。！？!?，,；;：:、…”’」』）)]$")
# About two lines of a results page.
SNIPPET_LENGTH = 160


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlapping and touching ones joined, so 能源+停火 marks as one."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def run_spans(folded: str, runs: list[str]) -> list[Span]:
    """Where each of ``runs`` (folded Chinese text) occurs in ``folded`` text (see ``fold``)."""
    spans = []
    for run in set(runs):
        start = folded.find(run)
        while start != -1:
            spans.append((start, start + len(run)))
            start = folded.find(run, start + 1)
    return spans


def mark(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` HTML-escaped, with the spans inside it wrapped in ``<mark>``."""
    end = len(text) if end is None else end
    pieces = []
    cursor = start
    for span_start, span_end in merge_spans(spans):
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces.append(escape(text[cursor:span_start], quote=False))
        pieces.append(f"<mark>{escape(text[span_start:span_end], quote=False)}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end], quote=False))
    return "".join(pieces)


def sentences(text: str) -> list[Span]:
    """The sentences of ``text`` as spans, each with its closing mark; line
    breaks end sentences too (a headline, a caption), and are not part of one."""
    found = []
    start = 0
    for end_mark in _SENTENCE_END.finditer(text):
        end = end_mark.start() if end_mark.group() == "\n" else end_mark.end()
        if text[start:end].strip():
            found.append((start, end))
        start = end_mark.end()
    if text[start:].strip():
        found.append((start, len(text)))
    return found


def _shortened(text: str, sentence: Span, spans: list[Span], length: int) -> Span:
    """Part of a sentence longer than ``length``: its clauses around its first
    match, from a clause boundary where one is near, else cut by characters."""
    start, end = sentence
    inside = [span for span in spans if start <= span[0] < end]
    anchor = inside[0][0] if inside else start
    low = max(start, min(anchor - length // 3, end - length))
    clause = [m.end() for m in _CLAUSE_END.finditer(text, low, anchor)]
    low = clause[0] if clause and clause[0] - low < length // 3 else low
    high = min(end, low + length)
    clause_ends = [m.end() for m in _CLAUSE_END.finditer(text, low, high)]
    if high < end and clause_ends and clause_ends[-1] > max(anchor, low + length // 2):
        high = clause_ends[-1]
    return low, high


def snippet(text: str, spans: list[Span], length: int = SNIPPET_LENGTH) -> str:
    """Whole sentences of ``text``, at most about ``length`` characters: those
    holding the most different matches and, room permitting, the sentences
    next to them (the first sentences when nothing matched), in the order of
    the text; ``…`` wherever text is left out (so
    two sentences from apart never run together). A single sentence longer
    than ``length`` is cut at clauses around its match, with ``…`` where cut."""
    spans = merge_spans(spans)
    parts = sentences(text)
    if not parts:
        return ""
    starts = [start for start, _ in spans]

    def matched(sentence: Span) -> tuple[int, int]:
        inside = spans[bisect.bisect_left(starts, sentence[0]) : bisect.bisect_left(starts, sentence[1])]
        return len({text[s:e].lower() for s, e in inside}), len(inside)

    if spans:
        ranked = sorted(
            (place for place in range(len(parts)) if matched(parts[place])[0]),
            key=lambda place: (tuple(-n for n in matched(parts[place])), place),
        )
    else:
        ranked = list(range(len(parts)))
    chosen: dict[int, Span] = {}
    used = 0

    def take(place: int) -> bool:
        nonlocal used
        start, end = parts[place]
        if place in chosen or used + end - start > length:
            return False
        chosen[place] = (start, end)
        used += end - start
        return True

    for place in ranked:
        if used >= length * 2 // 3:
            break
        if not take(place) and not chosen:
            # One sentence longer than the whole snippet: the clauses around its match.
            chosen[place] = _shortened(text, parts[place], spans, length)
            used = length
    # Room left: the sentences next to the best ones, so that a match reads in its context.
    for place in list(chosen):
        for neighbour in (place + 1, place - 1):
            if 0 <= neighbour < len(parts) and used < length * 2 // 3:
                take(neighbour)
    chosen_spans = sorted(chosen.values())

    out = []
    cursor = 0
    for start, end in chosen_spans:
        if text[cursor:start].strip():
            out.append("…")
        elif out and "\n" in text[cursor:start] and not _CLOSED.search(out[-1]):
            out.append(" ")  # a headline or caption line, with no closing mark, and the sentence after it
        out.append(mark(text, spans, start, end).strip().replace("\n", " "))
        cursor = end
    if text[cursor:].strip():
        out.append("…")
    return "".join(out)


def query_words(parsed: ParsedQuery) -> list[str]:
    """The words to find in a text to highlight ``parsed``: its terms and its phrases' words."""
    return [*parsed.terms, *(word for words in parsed.phrases for word in words)]


# Word positions of one stretch of ``text_occurrences`` never reach the next one's.
_STRETCH_POSITIONS = 1 << 20
# A run of the characters jieba cuts as one block (Chinese characters, letters,
# digits and +#&._%-): anything else is a word of its own, so a run's words are
# the same whether it is cut alone or in its sentence.
_BLOCK = re.compile(r"[\w+#&.%\-]+")


def _holds(text: str, words: set[str]) -> bool:
    """Whether folded ``text`` may hold an index-time token among ``words``: as the
    index folds a word (search.analysis.schema.fold_token), so that ① is found as
    1, and without hyphens, as a model name is joined (歼-20 is 歼20)."""
    normalized = unicodedata.normalize("NFKC", text).lower()
    joined = normalized.replace("-", "")
    return any(word in normalized or word in joined for word in words)


def text_occurrences(text: str, folded: str, words: Iterable[str], most: int | None = None,
                     in_order: bool = True) -> Occurrences:
    """Where each of ``words`` stands in ``text``, by word position, as the index
    records it (only differences of positions mean anything): only the sentences
    whose text holds one of the words are analysed (the first ``most`` of them, if
    given). Sentences with no word between them are analysed as one stretch, so
    that a phrase is found across a sentence's end wherever the index finds it.
    Without ``in_order`` (no phrase to find) only the blocks of those sentences
    that hold a word are analysed, each at positions of its own. ``folded`` is
    ``fold(text)``."""
    wanted = set(words)
    found: Occurrences = {}
    if not wanted:
        return found
    stretches: list[Span] = []
    cut = 0
    for start, end in sentences(text):
        if not _holds(folded[start:end], wanted):
            continue
        cut += 1
        if most is not None and cut > most:
            break
        if not in_order:
            stretches.extend(
                (block.start(), block.end())
                for block in _BLOCK.finditer(folded, start, end)
                if _holds(block.group(), wanted)
            )
        elif stretches and not any(character.isalnum() for character in text[stretches[-1][1] : start]):
            stretches[-1] = (stretches[-1][0], end)
        else:
            stretches.append((start, end))
    for number, (start, end) in enumerate(stretches):
        first = number * _STRETCH_POSITIONS
        # The whole text folded, as the index folds it, and cut a stretch at a time.
        for term, position, term_start, term_end in index_tokens_of(folded[start:end], wanted):
            found.setdefault(term, {})[first + position] = (start + term_start, start + term_end)
    return found


def match_spans(text: str, parsed: ParsedQuery, most: int | None = None) -> list[Span]:
    """Where ``parsed`` matched ``text``, as the index found it: its words and
    phrases by analysing the sentences that hold them (the first ``most``, if
    given), its literal runs by search.

    A word that is also one of the runs (most Chinese words of a query are)
    is marked wherever the run occurs, and needs no analysis: the index finds
    such a word only where the run stands in the folded text, for no
    character that the segmenter joins to Chinese characters folds further
    into Chinese characters as a token is folded (NFKC; tests/test_highlight.py
    checks every such character).
    """
    folded = fold(text)
    marked_as_runs = set(parsed.terms) & set(parsed.runs)
    marked_as_runs.difference_update(word for words in parsed.phrases for word in words)
    words = [word for word in query_words(parsed) if word not in marked_as_runs]
    occurrences = text_occurrences(text, folded, words, most, in_order=bool(parsed.phrases))
    return query_spans(occurrences, parsed, folded)


def _phrase_spans(occurrences: Occurrences, words: list[str]) -> list[Span]:
    """Where ``words`` stand at consecutive positions: from the first's start to the last's end."""
    if not all(word in occurrences for word in words):
        return []
    spans = []
    for position, (start, _) in occurrences[words[0]].items():
        following = [occurrences[word].get(position + step) for step, word in enumerate(words[1:], start=1)]
        if all(following):
            spans.append((start, following[-1][1]))
    return spans


def query_spans(occurrences: Occurrences, parsed: ParsedQuery, folded: str) -> list[Span]:
    """Where ``parsed`` matched the text folded as ``folded``: its words and
    phrases at ``occurrences``, its literal runs by search."""
    spans = [span for term in set(parsed.terms) for span in occurrences.get(term, {}).values()]
    for words in parsed.phrases:
        spans.extend(_phrase_spans(occurrences, words))
    return spans + run_spans(folded, parsed.runs)
