"""What to offer when a search finds nothing, or no page with every word.

Did you mean (您是不是要找): the query with each word the index lacks put in a
spelling the index holds that sounds or is spelt like it (特郎普 → 特朗普, see
``search.spelling``), offered when it finds something.

Broader searches, when a search finds nothing: each drops something the user
asked for (the filters, a word, the quotes around a phrase, or requires any
word instead of all), and is only offered when the index has results for it,
with their count. Never a query of single characters: jieba leaves a name it
does not know as its characters (张又侠 → 张 | 又 | 侠), and a page holding 张 is
no answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import groupby

from search import parse
from search.engine import Engine
from search.query.graded import is_informative
from search.query.parser import analyze
from web.params import SearchRequest

MAX_CANDIDATES = 6
MAX_SUGGESTIONS = 3
_PART = re.compile(r'-?"[^"]*"?|-?“[^”]*”?|\S+')
_OPERATORS = {"OR", "|", "AND", "&&", "NOT"}
_QUOTES = '"“”'


@dataclass(frozen=True)
class Suggestion:
    request: SearchRequest
    total: int
    reason: str

    def to_json(self) -> dict:
        return {"query": self.request.query, "filters": self.request.filters, "total": self.total, "reason": self.reason}


def _plain_words(query: str) -> list[str]:
    """The parts of a query that are wanted words: no operators, exclusions or field clauses."""
    return [
        part for part in _PART.findall(query)
        if part not in _OPERATORS and not part.startswith("-") and ":" not in part and "：" not in part
    ]


def _says_something(part: str) -> bool:
    """A part of a query with a word of its own, not only single characters or question words."""
    return any(is_informative(word) for word in analyze(part))


def _candidates(request: SearchRequest) -> Iterator[tuple[SearchRequest, str]]:
    if request.filters:
        yield replace(request, filters={}, page=1), "去掉筛选条件"
    query = request.query.strip()
    if any(mark in query for mark in _QUOTES):
        unquoted = " ".join(re.sub(f"[{_QUOTES}]", " ", query).split())
        yield replace(request, query=unquoted, page=1), "不要求精确短语"
    parts = [part for part in _PART.findall(query) if part not in ("AND", "&&")]
    words = _plain_words(query)
    if len(parts) == 1 and words == parts:
        # One run of Chinese text: offer fewer of its words, if it has several.
        pieces = [word for word in analyze(parts[0]) if is_informative(word)]
        parts = words = pieces if len(pieces) >= 2 else parts
    if len(parts) >= 2:
        for place, dropped in enumerate(parts):
            kept = parts[:place] + parts[place + 1 :]
            if not any(_says_something(part) for part in kept):
                continue
            yield replace(request, query=" ".join(kept), page=1), f"去掉“{dropped.lstrip('-').strip(_QUOTES)}”"
    words = [word for word in words if _says_something(word)]
    if len(words) >= 2:
        yield replace(request, query=" OR ".join(words), page=1), "包含任一关键词"


def _respelt(index: Engine, part: str) -> str:
    """``part`` of a query with a spelling the index holds for it, or for each of
    its words (特郎普访华 → 特朗普访华); ``part`` itself when there is none."""
    word = part.strip(_QUOTES)
    whole = index.spellings(word, limit=1)
    if whole:
        return part.replace(word, whole[0])
    # jieba leaves a name it does not know as its characters: each run of them is one word.
    pieces = ["".join(run) for _, run in groupby(analyze(word), key=len)]
    if len(pieces) < 2:
        return part
    for piece in pieces:
        spelt = index.spellings(piece, limit=1)
        if spelt:
            part = part.replace(piece, spelt[0])
    return part


def did_you_mean(index: Engine, request: SearchRequest) -> Suggestion | None:
    """The query with the words the index lacks respelt as words it holds, when
    that finds something; None when no word needs it."""
    parts = _PART.findall(request.query.strip())
    words = set(_plain_words(request.query))
    respelt = [_respelt(index, part) if part in words else part for part in parts]
    if respelt == parts:
        return None
    changed = [new.strip(_QUOTES) for new, old in zip(respelt, parts) if new != old]
    candidate = replace(request, query=" ".join(respelt), page=1)
    total = index.search(candidate.query_text(), per_page=1, filters=candidate.index_filters()).total
    return Suggestion(candidate, total, f"改为“{'、'.join(changed)}”") if total else None


def suggest(index: Engine, request: SearchRequest) -> list[Suggestion]:
    """Up to three broader searches that find something, most results first."""
    seen = {(request.query, tuple(sorted(request.filters.items())))}
    found: list[Suggestion] = []
    tried = 0
    for candidate, reason in _candidates(request):
        key = (candidate.query, tuple(sorted(candidate.filters.items())))
        if key in seen or parse(candidate.query_text()).query is None:
            continue
        seen.add(key)
        tried += 1
        total = index.search(candidate.query_text(), per_page=1, filters=candidate.index_filters()).total
        # The same count almost always means the same hits (an OR with a word
        # that is nowhere finds what the other word finds alone): offer it once.
        if total and all(total != other.total for other in found):
            found.append(Suggestion(candidate, total, reason))
        if tried == MAX_CANDIDATES:
            break
    found.sort(key=lambda suggestion: -suggestion.total)
    return found[:MAX_SUGGESTIONS]
