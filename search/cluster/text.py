"""zhsearch's tokens as Sphinx (or Manticore) indexes them, and queries in its MATCH syntax.

The engine must index exactly the tokens of ``search.analysis.schema``'s analyzer, so
documents are written pre-segmented: each token becomes one keyword made of
characters the engine's ``charset_table`` (``CHARSET_TABLE``) keeps as word
characters, separated by spaces, and the engine runs no morphology. A token
of lower-case ASCII letters, digits and Chinese characters is written as it
is; any other (2.5亿, c++, é) as ``h_`` and a hash of it, which no plain token
can be. In the title (and its parts) each keyword has ``t_`` before it and in
``grams`` ``p_``, so that the engine, which counts a keyword's documents over
all fields, counts a title word's among titles and a body word's among bodies,
as Whoosh counts a term's per field (``search.cluster.ranking``).

Whoosh puts the dictionary words inside a long word (乒乓 in 乒乓球) and the
parts of a joined number (57 in 苏57) at the position of the word itself; the
engine counts every keyword as a position, so they go in fields of their own
(``title_parts``, ``body_parts``) and phrases of words stay adjacent in
``title`` and ``body``. A word matches in either field of the pair, a
phrase only in the words' field.

The ``grams`` field holds the character bigrams of the recall guarantee, a
gap keyword between runs, so that a phrase of bigrams never spans two runs.
The ``tags`` field holds what filters and field queries match, as keywords:
the source and site (hashed), and the publish date as its day, month, year,
decade and century, so a date range is an OR of a few of them; ``every``
stands in every document, for a query of exclusions only. Beside the fields,
a document's title and body lengths in tokens and its count of character
pairs, as Whoosh counts them, are kept for the ranking.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from whoosh import query as q

from search.query.nodes import AnyBigram, Literal
from search.analysis.schema import ANALYZER, BIGRAMS, bigrams, grams_text

CHARSET_TABLE = "0..9, a..z, _, U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF"
FIELDS = ("title", "title_parts", "body", "body_parts", "grams", "tags")
EVERY = "every"
# Between two runs' bigrams: it holds "_" and no bigram does, so no phrase crosses it.
GAP = "g_"
# A title's keywords and the character pairs are keywords of their own, apart from the
# body's: the engine counts a keyword's documents (its IDF) over every field, and
# Whoosh counts a term's per field.
TITLE = "t_"
PAIR = "p_"
# Prefixed, a keyword stays within the engine's limit of 42 characters; hashes stay well below.
_PLAIN = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,38}")
_HASH_CHARS = 16
# Dates are tagged from year 1000 to 2999: a range open on one side ends there.
_FIRST_DAY, _LAST_DAY = date(1000, 1, 1), date(2999, 12, 31)


class UntranslatableQuery(ValueError):
    """A query holds a part the engine's MATCH syntax cannot say."""


def keyword(token: str, field: str = "body") -> str:
    """The engine keyword for one analyzer token in ``field`` (title or body)."""
    prefix = TITLE if field == "title" else ""
    if _PLAIN.fullmatch(token):
        return prefix + token
    return prefix + "h_" + hashlib.sha1(token.encode("utf-8")).hexdigest()[:_HASH_CHARS]


def pair_keyword(gram: str) -> str:
    """The engine keyword for a character pair of the ``grams`` field."""
    return PAIR + gram


def engine_id(key: str) -> int:
    """The engine's document id for a zhsearch id (or a file's path): 60 bits of its hash, never 0."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:15], 16) + 1


def value_tag(name: str, value: str) -> str:
    """The keyword tagging a document whose field ``name`` (source, site, year, month) is ``value``."""
    return f"{name}_" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:_HASH_CHARS]


def _words_and_parts(text: str, field: str) -> tuple[str, str, int]:
    """The keywords of ``text`` at their positions, those the analyzer put beside them,
    and how many tokens the analyzer gave (Whoosh's length of the field)."""
    words: list[str] = []
    tokens = 0
    parts: list[str] = []
    last_position = None
    pending: list[str] = []
    for token in ANALYZER(text, positions=True, mode="index"):
        if token.pos != last_position and pending:
            # The word itself comes last at its position; what came before it are its parts.
            words.append(pending[-1])
            parts.extend(pending[:-1])
            pending = []
        last_position = token.pos
        pending.append(keyword(token.text, field))
        tokens += 1
    if pending:
        words.append(pending[-1])
        parts.extend(pending[:-1])
    return " ".join(words), " ".join(parts), tokens


def _grams(title: str, body: str) -> tuple[str, int]:
    """The ``grams`` field's keywords and how many pairs it holds (Whoosh's length of the field)."""
    keywords: list[str] = []
    pairs = 0
    last = None
    for token in BIGRAMS(grams_text(title, body), positions=True):
        if last is not None and token.pos != last + 1:
            keywords.append(GAP)
        keywords.append(pair_keyword(token.text))
        pairs += 1
        last = token.pos
    return " ".join(keywords), pairs


def date_tags(stamp: datetime) -> list[str]:
    day = stamp.date()
    return [f"d_{day:%Y%m%d}", f"m_{day:%Y%m}", f"y_{day:%Y}", f"e_{day.year // 10}", f"c_{day.year // 100}"]


def document_text(document: dict) -> dict[str, Any]:
    """The full-text fields of a document given as ``indexer.prepare.document_fields``
    makes it, with plain ``title`` and ``body`` text, and the lengths of its title
    and body in tokens and of its ``grams`` in pairs (``title_length``,
    ``body_length``, ``grams_length``)."""
    title, body = document["title"], document["body"]
    title_words, title_parts, title_length = _words_and_parts(title, "title")
    body_words, body_parts, body_length = _words_and_parts(body, "body")
    grams, grams_length = _grams(title, body)
    tags = [EVERY]
    for name in ("source", "site", "year", "month"):
        if document.get(name):
            tags.append(value_tag(name, document[name]))
    if document.get("date"):
        tags.extend(date_tags(document["date"]))
    return {
        "title": title_words,
        "title_parts": title_parts,
        "body": body_words,
        "body_parts": body_parts,
        "grams": grams,
        "tags": " ".join(tags),
        "title_length": title_length,
        "body_length": body_length,
        "grams_length": grams_length,
    }


def _day_ranges(low: date, high: date) -> Iterator[str]:
    """Tags whose days together are exactly the days from ``low`` to ``high``:
    whole centuries, decades, years and months where they fit, days elsewhere."""
    day = low
    while day <= high:
        for tag, last in _widest_block(day):
            if last <= high:
                yield tag
                day = last + timedelta(days=1)
                break


def _widest_block(day: date) -> Iterator[tuple[str, date]]:
    """The blocks of days starting on ``day``, widest first, with their last day."""
    if day.month == 1 and day.day == 1:
        if day.year % 100 == 0:
            yield f"c_{day.year // 100}", date(day.year + 99, 12, 31)
        if day.year % 10 == 0:
            yield f"e_{day.year // 10}", date(day.year + 9, 12, 31)
        yield f"y_{day.year}", date(day.year, 12, 31)
    if day.day == 1:
        following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        yield f"m_{day:%Y%m}", following - timedelta(days=1)
    yield f"d_{day:%Y%m%d}", day


def _date_range(node: q.DateRange) -> str:
    low = max(node.startdate.date(), _FIRST_DAY) if node.startdate else _FIRST_DAY
    high = min(node.enddate.date(), _LAST_DAY) if node.enddate else _LAST_DAY
    tags = list(_day_ranges(low, high)) if low <= high else []
    if not tags:
        return "@tags nothing_"  # no day: no document
    return "@tags (" + " | ".join(tags) + ")"


def _field_scope(fieldname: str) -> str:
    if fieldname in ("title", "body"):
        return f"@({fieldname},{fieldname}_parts)"
    raise UntranslatableQuery(f"no field {fieldname!r} in the cluster's index")


def to_match(node: q.Query) -> str:
    """``node``, a query as ``search.query.parser.parse`` builds it, in the engine's extended syntax."""
    if isinstance(node, Literal):
        return "(@grams \"" + " ".join(map(pair_keyword, bigrams(node.run))) + "\")"
    if isinstance(node, AnyBigram):
        return "(@grams (" + " | ".join(map(pair_keyword, node.grams)) + "))"
    if isinstance(node, q.AndNot):
        return f"({to_match(node.a)} -{to_match(node.b)})"
    if isinstance(node, q.And):
        return "(" + " ".join(to_match(child) for child in node.subqueries) + ")"
    if isinstance(node, q.Or):
        return "(" + " | ".join(to_match(child) for child in node.subqueries) + ")"
    if isinstance(node, q.Every):
        return f"(@tags {EVERY})"
    if isinstance(node, q.DateRange):
        return "(" + _date_range(node) + ")"
    if isinstance(node, q.Phrase):
        words = " ".join(keyword(word, node.fieldname) for word in node.words)
        return f"(@{node.fieldname} \"{words}\")"
    if isinstance(node, q.Term):
        if node.fieldname in ("source", "site", "year", "month"):
            return f"(@tags {value_tag(node.fieldname, node.text)})"
        return f"({_field_scope(node.fieldname)} {keyword(node.text, node.fieldname)})"
    raise UntranslatableQuery(f"the cluster cannot run a {type(node).__name__} query")

