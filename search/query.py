"""The query language people type, turned into a Whoosh query.

    普京 特朗普          both words (all words are required)
    "能源停火"           an exact phrase
    普京 -特朗普         exclude a word (also: NOT 特朗普)
    普京 OR 泽连斯基     either word
    title:停火  标题:停火   only in titles
    source:史政先锋  来源:史政先锋   site:网易号  站点:网易号
    date:2026-01..2026-02   after:2026-01-25   before:2026-02

Malformed parts never raise: they are dropped and reported in ``ignored``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from whoosh import query as q

from search.schema import ANALYZER, TEXT_FIELDS

_LEXEME = re.compile(r'(?P<phrase>-?"[^"]*"?|-?“[^”]*”?)|(?P<word>\S+)')
_FIELD_ALIASES = {
    "title": "title", "标题": "title",
    "body": "body", "正文": "body",
    "source": "source", "来源": "source",
    "site": "site", "站点": "site",
    "date": "date", "日期": "date",
    "after": "after", "之后": "after",
    "before": "before", "之前": "before",
}
_DATE_VALUE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?$")


@dataclass
class ParsedQuery:
    text: str
    query: q.Query | None
    # Query words as indexed, for highlighting.
    terms: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def analyze(text: str) -> list[str]:
    """The words of ``text`` exactly as a query sees them."""
    return [token.text for token in ANALYZER(text, mode="query")]


def _date_bounds(value: str) -> tuple[datetime, datetime] | None:
    """The first and last instant of a year, month or day written as 2026, 2026-01 or 2026-01-25."""
    match = _DATE_VALUE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day:
            start = datetime(year, month, day)
            end = start + timedelta(days=1)
        elif month:
            start = datetime(year, month, 1)
            end = datetime(year + (month == 12), month % 12 + 1, 1)
        else:
            start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    except ValueError:
        return None
    return start, end - timedelta(microseconds=1)


def _date_query(kind: str, value: str) -> q.Query | None:
    if kind == "date":
        low_text, sep, high_text = value.partition("..")
        low = _date_bounds(low_text) if low_text else None
        high = _date_bounds(high_text) if high_text else None
        if sep and not (low or high) or (low_text and not low) or (high_text and not high):
            return None
        if not sep:
            high = low
        return q.DateRange("date", low[0] if low else None, high[1] if high else None)
    bounds = _date_bounds(value)
    if not bounds:
        return None
    if kind == "after":
        return q.DateRange("date", bounds[0], None)
    return q.DateRange("date", None, bounds[0] - timedelta(microseconds=1))


def _text_query(words: list[str], fields: tuple[str, ...], phrase: bool) -> q.Query:
    if phrase and len(words) > 1:
        return q.Or([q.Phrase(name, words) for name in fields])
    per_word = [q.Or([q.Term(name, word) for name in fields]) for word in words]
    return per_word[0] if len(per_word) == 1 else q.And(per_word)


def parse(text: str) -> ParsedQuery:
    """Parse a user's query string; never raises."""
    parsed = ParsedQuery(text=text, query=None)
    clauses: list[list[q.Query]] = []  # an AND of ORs
    excluded: list[q.Query] = []
    negate_next = False
    or_next = False

    for match in _LEXEME.finditer(text):
        raw = match.group()
        if raw in ("OR", "|"):
            or_next = bool(clauses)
            if not clauses:
                parsed.ignored.append(raw)
            continue
        if raw in ("AND", "&&"):
            continue
        if raw == "NOT":
            negate_next = True
            continue
        negated = negate_next or (raw.startswith("-") and len(raw) > 1)
        negate_next = False
        body = raw[1:] if raw.startswith("-") and len(raw) > 1 else raw

        clause = _clause(body, bool(match.group("phrase")), parsed, collect_terms=not negated)
        if clause is None:
            or_next = False
            continue
        if negated:
            excluded.append(clause)
        elif or_next:
            clauses[-1].append(clause)
        else:
            clauses.append([clause])
        or_next = False

    if negate_next:
        parsed.ignored.append("NOT")
    if or_next:
        parsed.ignored.append("OR")
    positive = [group[0] if len(group) == 1 else q.Or(group) for group in clauses]
    if positive:
        combined: q.Query = positive[0] if len(positive) == 1 else q.And(positive)
        if excluded:
            combined = q.AndNot(combined, q.Or(excluded))
        parsed.query = combined
    elif excluded:
        # Only exclusions: everything that does not contain them.
        parsed.query = q.AndNot(q.Every(), q.Or(excluded))
    return parsed


def _words_clause(
    text: str, fields: tuple[str, ...], phrase: bool, raw: str, parsed: ParsedQuery, collect_terms: bool
) -> q.Query | None:
    """A query for the words of ``text`` in ``fields``; ``raw`` is reported if it has none."""
    words = analyze(text)
    if not words:
        parsed.ignored.append(raw)
        return None
    if collect_terms:
        parsed.terms.extend(words)
    return _text_query(words, fields, phrase=phrase)


def _clause(body: str, is_phrase: bool, parsed: ParsedQuery, collect_terms: bool) -> q.Query | None:
    if is_phrase:
        return _words_clause(body.strip('"“”'), TEXT_FIELDS, True, body, parsed, collect_terms)

    name, colon, value = body.partition(":")
    if not colon:
        name, colon, value = body.partition("：")
    if colon and name.lower() in _FIELD_ALIASES:
        kind = _FIELD_ALIASES[name.lower()]
        if not value:
            parsed.ignored.append(body)
            return None
        if kind in ("date", "after", "before"):
            clause = _date_query(kind, value)
            if clause is None:
                parsed.ignored.append(body)
            return clause
        if kind in ("source", "site"):
            return q.Term(kind, value)
        quoted = value.startswith(('"', "“"))
        return _words_clause(value.strip('"“”'), (kind,), quoted, body, parsed, collect_terms)

    return _words_clause(body, TEXT_FIELDS, False, body, parsed, collect_terms)
