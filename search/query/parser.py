"""The query language people type, turned into a Whoosh query.

    普京 特朗普          both words first, then either (see search.embedded.graded)
    "能源停火"           an exact phrase
    普京 -特朗普         exclude a word (also: NOT 特朗普)
    普京 OR 泽连斯基     either word
    特朗普               also finds its aliases (川普) from the synonyms files
    title:停火  标题:停火   only in titles
    source:史政先锋  来源:史政先锋   site:网易号  站点:网易号
    date:2026-01..2026-02   after:2026-01-25   before:2026-02

Malformed parts never raise: they are dropped and reported in ``ignored``.

Every run of two or more Chinese characters a person types also matches where
it occurs literally, however jieba cut the text (乒乓 in 乒乓球, 源停 across 能源
and 停火): the ``grams`` field indexes character bigrams at their positions,
and a phrase of the run's bigrams finds it. Those literal matches are
weighted below whole-word matches, so documents with the word rank first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from whoosh import query as q

from search.query.description import LONG_QUERY_WORDS, describe, distinct_bigrams
from search.query.graded import Graded, is_informative, is_weak
from search.query.nodes import Literal
from search.analysis.schema import ANALYZER, TEXT_FIELDS, fold
from search.analysis.synonyms import Synonyms

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
    # Runs of Chinese characters matched literally, for highlighting by search.
    runs: list[str] = field(default_factory=list)
    # Quoted phrases as indexed words, highlighted only where the words stand together.
    phrases: list[list[str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # A long text read as a description of what to find (see search.embedded.ranking).
    description: bool = False
    # How the query may be relaxed when few documents match it all (see search.embedded.graded).
    graded: Graded | None = None


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


def parse(text: str, synonyms: Synonyms | None = None) -> ParsedQuery:
    """Parse a user's query string, expanding words with ``synonyms``; never raises.

    A text of more than LONG_QUERY_WORDS words is a description, all of it
    text: pasted news carries quotes and colons that are no query syntax.
    """
    parsed = ParsedQuery(text=text, query=None)
    if len(analyze(text)) > LONG_QUERY_WORDS:
        description = describe(text)
        parsed.description = True
        parsed.query = description.query
        # Found in the stored text: reading so many words' postings costs more.
        parsed.runs = description.words
        return parsed
    builder = _ClauseBuilder(parsed, synonyms or Synonyms())
    clauses: list[list[_Clause]] = []  # an AND of ORs
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

        clause = builder.clause(body, bool(match.group("phrase")), collect=not negated)
        if clause is None:
            or_next = False
            continue
        if negated:
            excluded.append(clause.query)
        elif or_next:
            clauses[-1].append(clause)
        else:
            clauses.append([clause])
        or_next = False

    if negate_next:
        parsed.ignored.append("NOT")
    if or_next:
        parsed.ignored.append("OR")
    positive = [_either([clause.query for clause in group]) for group in clauses]
    if positive:
        combined: q.Query = _both(positive)
        if excluded:
            combined = q.AndNot(combined, q.Or(excluded))
        parsed.query = combined
        parsed.graded = _graded(clauses, excluded)
    elif excluded:
        # Only exclusions: everything that does not contain them.
        parsed.query = q.AndNot(q.Every(), q.Or(excluded))
    return parsed


@dataclass
class _Clause:
    query: q.Query
    # For plain words, each informative word's own clause: what graded matching may
    # leave out; each one's forms as text (itself and its synonyms), the text they
    # came from, and whether it held weak words.
    words: list[q.Query] = field(default_factory=list)
    forms: list[tuple[str, ...]] = field(default_factory=list)
    text: str = ""
    sentence: bool = False


def _graded(clauses: list[list[_Clause]], excluded: list[q.Query]) -> Graded | None:
    """How the query may be relaxed: its plain words, outside any OR, may be
    left out, but not the rest of it; None when it has fewer than two such words."""
    plain = [group[0] for group in clauses if len(group) == 1 and group[0].words]
    words = [word for clause in plain for word in clause.words]
    forms = [form for clause in plain for form in clause.forms]
    if len(words) < 2:
        return None
    required = [
        _either([clause.query for clause in group]) for group in clauses if len(group) > 1 or not group[0].words
    ]
    return Graded(
        words=tuple(words),
        forms=tuple(forms),
        grams=tuple(distinct_bigrams(" ".join(clause.text for clause in plain))),
        sentence=any(clause.sentence for clause in plain),
        required=_both(required) if required else None,
        excluded=q.Or(excluded) if excluded else None,
    )



# Literal (bigram) matches count for a fifth of a word match: enough to order
# documents found only that way, too little to lift them above whole words.
LITERAL_BOOST = 0.2
_NOT_SEARCHABLE = re.compile(r"[\W_]+")


def _han_only(text: str) -> str | None:
    """``text`` folded, if it is one run of two or more Chinese characters
    once spaces and punctuation are dropped; else None."""
    compact = _NOT_SEARCHABLE.sub("", fold(text))
    return compact if HAN_ONLY.fullmatch(compact) else None


HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def _either(queries: list[q.Query]) -> q.Query:
    return queries[0] if len(queries) == 1 else q.Or(list(queries))


def _both(queries: list[q.Query]) -> q.Query:
    return queries[0] if len(queries) == 1 else q.And(list(queries))


def _words_query(words: list[str], fields: tuple[str, ...], phrase: bool) -> q.Query:
    if phrase and len(words) > 1:
        return _either([q.Phrase(name, words) for name in fields])
    return _both([_either([q.Term(name, word) for name in fields]) for word in words])


class _ClauseBuilder:
    """Turns the pieces of a query string into clauses, noting terms and runs to highlight."""

    def __init__(self, parsed: ParsedQuery, synonyms: Synonyms) -> None:
        self.parsed = parsed
        self.synonyms = synonyms

    def clause(self, body: str, is_phrase: bool, collect: bool) -> _Clause | None:
        if is_phrase:
            return self._text(body.strip('"“”'), TEXT_FIELDS, True, body, collect)

        name, colon, value = body.partition(":")
        if not colon:
            name, colon, value = body.partition("：")
        if colon and name.lower() in _FIELD_ALIASES:
            kind = _FIELD_ALIASES[name.lower()]
            if not value:
                self.parsed.ignored.append(body)
                return None
            if kind in ("date", "after", "before"):
                clause = _date_query(kind, value)
                if clause is None:
                    self.parsed.ignored.append(body)
                    return None
                return _Clause(clause)
            if kind in ("source", "site"):
                return _Clause(q.Term(kind, value))
            quoted = value.startswith(('"', "“"))
            return self._text(value.strip('"“”'), (kind,), quoted, body, collect)

        return self._text(body, TEXT_FIELDS, False, body, collect)

    def _text(self, text: str, fields: tuple[str, ...], phrase: bool, raw: str, collect: bool) -> _Clause | None:
        """Words of ``text`` in ``fields``, or the text literally; ``raw`` is reported if it has no words.

        Question words and particles are not required (unless there is nothing else).
        """
        words = analyze(text)
        if not words:
            self.parsed.ignored.append(raw)
            return None
        graded: list[q.Query] = []
        forms: list[tuple[str, ...]] = []
        sentence = False
        if phrase:
            found = [_words_query(words, fields, phrase=True)]
        else:
            sentence = any(is_weak(word) for word in words)
            words = [word for word in words if not is_weak(word)] or words
            found = [_both([self._word(word, fields, collect) for word in words])]
            if fields == TEXT_FIELDS:
                informative = [word for word in dict.fromkeys(words) if is_informative(word)]
                graded = [self._word_anywhere(word) for word in informative]
                forms = [(word, *self.synonyms.of(word)) for word in informative]
            if len(words) > 1:
                # The whole text may be a name jieba splits: 世界卫生组织 → WHO.
                found.extend(self._variant(other, fields, collect) for other in self.synonyms.of(text))
        if collect and phrase and len(words) > 1:
            self.parsed.phrases.append(words)
        elif collect:
            self.parsed.terms.extend(words)
        run = _han_only(text) if fields == TEXT_FIELDS else None
        if run:
            # Only where the words did not match already, so those rank first.
            found.append(Literal(run, besides=_either(found), boost=LITERAL_BOOST))
            if collect:
                self.parsed.runs.append(run)
        return _Clause(_either(found), graded, forms, text, sentence) if graded else _Clause(_either(found))

    def _word_anywhere(self, word: str) -> q.Query:
        """One word in titles or bodies, as a word, a synonym or literally."""
        found = self._word(word, TEXT_FIELDS, collect=False)
        run = _han_only(word)
        return _either([found, Literal(run, besides=found, boost=LITERAL_BOOST)]) if run else found

    def _word(self, word: str, fields: tuple[str, ...], collect: bool) -> q.Query:
        """One word in ``fields``, or any of its synonyms."""
        found = [_either([q.Term(name, word) for name in fields])]
        found.extend(self._variant(other, fields, collect) for other in self.synonyms.of(word))
        return _either(found)

    def _variant(self, text: str, fields: tuple[str, ...], collect: bool) -> q.Query:
        """A synonym as a word (or phrase of words), or literally."""
        words = analyze(text)
        found = [_words_query(words, fields, phrase=True)] if words else []
        run = _han_only(text) if fields == TEXT_FIELDS else None
        if run:
            found.append(Literal(run, besides=_either(found) if found else None, boost=LITERAL_BOOST))
        if collect:
            self.parsed.terms.extend(words)
            if run:
                self.parsed.runs.append(run)
        return _either(found)
