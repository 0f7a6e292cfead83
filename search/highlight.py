"""Marking matched words in text, and choosing snippets around them.

Spans are character offsets into the stored text, as recorded at index time;
everything outside ``<mark>`` is HTML-escaped, so stored text is always shown
as text.
"""

from __future__ import annotations

import bisect
import re
from html import escape

from search.schema import fold

Span = tuple[int, int]

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[，,；;：:、]")
SNIPPET_WINDOW = 70
SNIPPET_WINDOWS = 3
_REACH = 20  # how far a window may stretch to end on a sentence boundary


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlapping and touching ones joined, so 能源+停火 marks as one."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def literal_spans(text: str, runs: list[str]) -> list[Span]:
    """Where each of ``runs`` (folded Chinese text) occurs in ``text``, folded the same way."""
    folded = fold(text)
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


def _window_start(text: str, position: int) -> int:
    """Move a window's start back to the beginning of its sentence, or clause, if near."""
    floor = max(position - _REACH, 0)
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        found = [m.end() for m in pattern.finditer(text, floor, position)]
        if found:
            return found[-1]
    return 0 if floor == 0 else position


def _window_end(text: str, position: int) -> int:
    """Move a window's end forward to the end of its sentence, or clause, if near."""
    ceiling = min(position + _REACH, len(text))
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        found = pattern.search(text, position, ceiling)
        if found:
            return found.end()
    return ceiling if ceiling == len(text) else position


def _best_windows(text: str, spans: list[Span], count: int, width: int) -> list[Span]:
    """``spans`` are sorted and do not overlap (``merge_spans``)."""
    starts = [start for start, _ in spans]
    candidates = []
    for anchor, _ in spans:
        low = max(anchor - width // 3, 0)
        high = min(low + width, len(text))
        # Only the spans near the anchor: a long text can hold thousands.
        near = spans[bisect.bisect_left(starts, low) : bisect.bisect_right(starts, high)]
        inside = [text[s:e].lower() for s, e in near if e <= high]
        candidates.append((len(set(inside)), len(inside), -low, (low, high)))
    candidates.sort(reverse=True)
    chosen: list[Span] = []
    for *_, (low, high) in candidates:
        if all(high <= start or low >= end for start, end in chosen):
            chosen.append((low, high))
        if len(chosen) == count:
            break
    return sorted(chosen)


def snippet(text: str, spans: list[Span], windows: int = SNIPPET_WINDOWS, width: int = SNIPPET_WINDOW) -> str:
    """Up to ``windows`` passages around the matches, cut at sentence or clause
    boundaries where one is near, joined with ``…``; the opening of the text
    when nothing matched."""
    spans = merge_spans(spans)
    if not spans:
        end = _window_end(text, min(width, len(text)))
        return mark(text, [], 0, end).replace("\n", " ") + ("…" if end < len(text) else "")

    pieces = []
    previous_end = 0
    for low, high in _best_windows(text, spans, windows, width):
        start = max(_window_start(text, low), previous_end)
        end = _window_end(text, high)
        # Never cut through a marked word.
        for span_start, span_end in spans:
            if span_start < start < span_end:
                start = span_start
            if span_start < end < span_end:
                end = span_end
        if start >= end:
            continue
        pieces.append((start, end))
        previous_end = end

    out = []
    for index, (start, end) in enumerate(pieces):
        if index == 0 and start > 0 or index > 0 and start > pieces[index - 1][1]:
            out.append("…")
        out.append(mark(text, spans, start, end).strip().replace("\n", " "))
    if pieces and pieces[-1][1] < len(text):
        out.append("…")
    return "".join(out)
