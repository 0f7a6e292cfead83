"""The index schema and the Chinese analyzer.

This module is the single owner of both: the indexer writes documents with
``SCHEMA`` and the searcher parses queries with ``ANALYZER``, so index-time and
query-time tokenization cannot drift apart.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import struct
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pickle import dumps

import opencc
from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.fields import BOOLEAN, DATETIME, ID, STORED, TEXT, Schema

from search.analysis import segment

# Full-width ASCII and the ideographic space fold to their half-width forms one
# character for one character, so offsets into the folded text are offsets
# into the original text and highlights land on the right characters.
_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Fold full-width letters, digits and punctuation to half-width, keeping length."""
    return text.translate(_WIDTH_FOLD)


_TO_SIMPLIFIED = opencc.OpenCC("t2s")


def fold_script(text: str) -> str:
    """Traditional characters as simplified (臺灣 → 台湾), keeping length.

    OpenCC converts by phrase; on the rare phrase whose simplified form has
    another length, it converts character by character instead, so offsets
    into the folded text stay offsets into the original.
    """
    simplified = _TO_SIMPLIFIED.convert(text)
    if len(simplified) == len(text):
        return simplified
    return "".join(
        converted if len(converted := _TO_SIMPLIFIED.convert(char)) == 1 else char for char in text
    )


def fold(text: str) -> str:
    """Width and script folded (not case: jieba reads case), one character for one."""
    return fold_script(fold_width(text))


# Chinese characters for the recall guarantee: the unified ideographs, their
# extension A and the compatibility block.
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def han_runs(text: str) -> list[tuple[str, int]]:
    """Runs of two or more Chinese characters in folded ``text``, with their offsets."""
    return [(match.group(), match.start()) for match in HAN_RUN.finditer(fold(text))]


def bigrams(run: str) -> list[str]:
    return [run[start : start + 2] for start in range(len(run) - 1)]


def _is_word(text: str) -> bool:
    # Punctuation and white space carry no meaning for search. Most words are
    # letters through and through: one call answers for them.
    return text.isalnum() or any(ch.isalnum() for ch in text)


def _subwords(word: str, is_dictionary_word: Callable[[str], bool]) -> Iterator[tuple[str, int]]:
    """Dictionary words of two and three characters inside ``word``.

    This is what jieba's search mode adds, computed here so that each sub-word
    can share the position of the word it lies in (phrases keep working).
    """
    for size in (2, 3):
        if len(word) <= size:
            break
        for start in range(len(word) - size + 1):
            gram = word[start : start + size]
            if is_dictionary_word(gram):
                yield gram, start


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LATIN = re.compile(r"[A-Za-z0-9]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Units that belong to the number before them: 2448亿, 2025年, 3月.
_UNITS = set("亿万千百年月日号元岁倍%")
# Single characters that precede numbers in ordinary prose; any other one is
# taken for a model-name prefix, as in 苏57 or 歼-20.
_NOT_PREFIXES = set(
    "在于至到第约共近超达为是有从自每各等及或比和与同跟向对将把被让给以由距其这那此该"
    "了的着过也都又再还就才仅只已曾即均前后上下中内外多少余每至逾近约计共合"
)


def _is_model_prefix(word: str) -> bool:
    return len(word) == 1 and bool(_HAN.match(word)) and word not in _NOT_PREFIXES


def _joins(joined: str, last: str, following: str) -> bool:
    """Whether ``following`` continues the number or model name ``joined`` (whose
    last jieba word is ``last``): F+35, RD+180, 苏+57."""
    if _LATIN.fullmatch(last) and _LATIN.fullmatch(following):
        return True
    return joined == last and _is_model_prefix(last) and bool(_NUMBER.fullmatch(following))


# How a word of jieba's may begin a joined word in ``_words``: not at all (most
# words, asked once); only as a model prefix (苏, 歼), when a number follows it;
# or as Latin letters, digits or a number, joining those after it or a unit.
# Per-word answers are kept for this many distinct words (then forgotten, and
# kept again): a worker meets the same few thousand words in every page.
WORD_CACHE_SIZE = 1 << 16
_NEVER, _AS_PREFIX, _ALWAYS = 0, 1, 2
_begins_joined: dict[str, int] = {}


def _may_begin_joined(word: str) -> int:
    if len(_begins_joined) >= WORD_CACHE_SIZE:
        _begins_joined.clear()
    if _LATIN.fullmatch(word) or _NUMBER.fullmatch(word):
        begins = _ALWAYS
    else:
        begins = _AS_PREFIX if _is_model_prefix(word) else _NEVER
    _begins_joined[word] = begins
    return begins


def _words(text: str) -> Iterator[tuple[str, int, int, Sequence[tuple[str, int]]]]:
    """jieba's words of ``text`` as (word, start, end, pieces), with numbers and model
    names kept whole: S400, 苏57, 歼-20 → 歼20, RD-180 → RD180, 2448亿, 2025年.
    ``pieces`` are the jieba words a joined word was made of (offsets relative
    to it), so the index can find 57 inside 苏57 as well."""
    cut = segment.cut(text)
    begins_joined = _begins_joined
    count = len(cut)
    index = start = 0
    while index < count:
        word = cut[index]
        begins = begins_joined.get(word)
        if begins is None:
            begins = _may_begin_joined(word)
        if begins == _AS_PREFIX and index + 1 < count:
            # A single character joins only a number after it (苏57, 歼-20), and most
            # are followed by none: a number starts with a digit (\d is isdigit).
            following = cut[index + 1]
            if not following[:1].isdigit() and following != "-":
                begins = _NEVER
        if not begins:
            stop = start + len(word)
            yield word, start, stop, ()
            index, start = index + 1, stop
            continue
        joined = last = word
        end = index + 1
        while end < count:
            following = cut[end]
            if following == "-" and end + 1 < count and _joins(joined, last, cut[end + 1]):
                last = cut[end + 1]
                joined += last
                end += 2
            elif _joins(joined, last, following):
                last = following
                joined += following
                end += 1
            else:
                break
        following = cut[end] if end < count else ""
        pieces = []
        stop = start
        for piece in cut[index:end]:
            if _is_word(piece):
                pieces.append((piece, stop - start))
            stop += len(piece)
        # The next word begins where the last joined one ends, a unit or not.
        following_start = stop
        unit = _NUMBER.fullmatch(last) and following[:1] in _UNITS
        if unit:
            # The unit joins the number; a longer word it begins (亿美元) still
            # stands as a word of its own.
            joined += following[0]
            stop += 1
        if unit and len(following) == 1:
            end += 1
            following_start = stop
        yield joined, start, stop, pieces if joined != word else ()
        index, start = end, following_start


def _word_tokens(value: str, expand: bool) -> Iterator[tuple[str, int, int, int]]:
    """The analyzer's tokens of ``value`` before folding, as (text, position,
    start, end): the position counts words from 0 and the characters are
    offsets into ``value``. With ``expand`` (index time) a word of three or more
    characters also yields the dictionary words inside it, and a joined number
    or model name its parts, each at the position of the word."""
    return _folded_word_tokens(fold(value), _every_word if expand else None)


def _every_word(word: str) -> bool:
    return True


def _folded_word_tokens(folded: str, expand: Callable[[str], bool] | None) -> Iterator[tuple[str, int, int, int]]:
    """``_word_tokens`` of text already folded, the words inside a word yielded
    only where ``expand`` (if given) says they may be wanted."""
    # Queries (no expansion) never look words up in the dictionary.
    is_dictionary_word = segment.is_dictionary_word() if expand else None
    position = 0
    for word, word_start, word_end, joined_from in _words(folded):
        if not _is_word(word):
            continue
        # Only a joined word or one of three or more characters holds words inside.
        if expand and (joined_from or len(word) > 2) and expand(word):
            for part, part_start in joined_from:
                yield part, position, word_start + part_start, word_start + part_start + len(part)
            for part, part_start in _subwords(word, is_dictionary_word):
                yield part, position, word_start + part_start, word_start + part_start + len(part)
        yield word, position, word_start, word_end
        position += 1


def index_tokens_of(folded: str, wanted: Collection[str]) -> Iterator[tuple[str, int, int, int]]:
    """Of the index-time tokens of ``folded`` (text already folded by ``fold``),
    those whose terms are in ``wanted``, as (term, position, start, end): what
    ``ANALYZER(text, mode="index")`` gives for them, without a Token a word or
    the sub-words of words that hold none of ``wanted``."""

    def may_hold_wanted(word: str) -> bool:
        term = fold_token(word)
        return any(part in term for part in wanted)

    for piece, position, start, end in _folded_word_tokens(folded, may_hold_wanted):
        term = fold_token(piece)
        if term in wanted:
            yield term, position, start, end


class JiebaTokenizer(Tokenizer):
    """Segments Chinese text with jieba.

    At index time (``mode="index"``) every word of three or more characters
    also yields the dictionary words inside it, so 乒乓球 is found by 乒乓, and a
    joined number or model name also yields its parts. Queries are cut in
    jieba's precise mode, with numbers and model names kept whole.
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

        for piece, position, start, end in _word_tokens(value, expand=mode == "index"):
            token.text = piece
            token.boost = 1.0
            if keeporiginal:
                token.original = piece
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


@functools.lru_cache(maxsize=1 << 16)
def fold_token(text: str) -> str:
    """A token as the index holds it: NFKC-normalised and lower-cased, so ＡＢＣ, abc and ABC match."""
    return unicodedata.normalize("NFKC", text).lower()


class FoldFilter(Filter):
    """Folds each token by ``fold_token``."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold_token(token.text)
            yield token


ANALYZER = JiebaTokenizer() | FoldFilter()


class BigramTokenizer(Tokenizer):
    """Every two adjacent Chinese characters, at the position of the first.

    Positions are character offsets, so the bigrams of a run of characters
    stand at consecutive positions and a phrase of bigrams finds the run
    wherever it occurs, however jieba cut the text around it.
    """

    def __call__(  # type: ignore[override]
        self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
        removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
        mode: str = "", **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for run, offset in han_runs(value):
            for start, gram in enumerate(bigrams(run), offset):
                token.text = gram
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = start_pos + start
                if chars:
                    token.startchar = start_char + start
                    token.endchar = token.startchar + 2
                yield token


BIGRAMS = BigramTokenizer()


class PreAnalyzed(str):
    """Text whose postings for one field were already computed, by ``pre_analyze``.

    Indexing workers run jieba and Whoosh's posting encoding; the single index
    writer receives this string and only files the postings.
    """

    postings: list[tuple[bytes, int, float, bytes]]

    def __reduce__(self):
        # Pickled across processes together with its postings.
        return (_rebuild_pre_analyzed, (str(self), self.postings))


def _rebuild_pre_analyzed(text: str, postings: list) -> PreAnalyzed:
    value = PreAnalyzed(text)
    value.postings = postings
    return value


class ChineseText(TEXT):
    """A TEXT field that takes PreAnalyzed values as they are."""

    def index(self, value, **kwargs):
        if isinstance(value, PreAnalyzed):
            return iter(value.postings)
        return super().index(value, **kwargs)


def warm_up(*, indexing: bool = False, long_queries: bool = False) -> None:
    """Load what analysing queries needs now, not in the first query; with
    ``indexing`` also what finds index-time sub-words, with
    ``long_queries`` the part-of-speech tagger that reads pasted paragraphs
    (each about a second)."""
    segment.warm_up(frequencies=indexing, tagger=long_queries)


def load_userdict(path: str | os.PathLike[str]) -> None:
    """Teach jieba the words in a user dictionary (one ``word [freq] [tag]`` a line).

    Raises ValueError naming the file when it cannot be read.
    """
    # Sub-words are the dictionary's words: those of a word are looked up again.
    _word_term_cache.clear()
    try:
        segment.load_userdict(path)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not a readable jieba user dictionary ({error})") from error


def document_id(file: str, record: str | None = None) -> str:
    """A short, stable, URL-safe id: of the page file ``file``, or of the record
    named ``record`` (its url, or ``<feed>#<line>``) in the feed ``file``.
    Files and feed records live in separate id spaces, so a record whose url
    names a file, or the same url in two feeds, never takes another's id."""
    key = f"file\0{file}" if record is None else f"record\0{file}\0{record}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    path=ID(stored=True, unique=True),
    # The file a document was read from: a JSON Lines file gives many documents.
    file=ID(stored=True),
    title=ChineseText(analyzer=ANALYZER, stored=True, field_boost=2.0),
    title_derived=BOOLEAN(stored=True),
    body=ChineseText(analyzer=ANALYZER, stored=True),
    # Title and body as Chinese-character bigrams, for text jieba cut otherwise.
    grams=ChineseText(analyzer=BIGRAMS, phrase=True),
    date=DATETIME(stored=True, sortable=True),
    year=ID(stored=True, sortable=True),
    month=ID(stored=True, sortable=True),
    source=ID(stored=True, sortable=True),
    site=ID(stored=True, sortable=True),
    # The story the page tells: pages that are copies of one story share it (search.analysis.near_duplicates).
    group=ID(stored=True, sortable=True),
    content_hash=STORED(),
)



Posting = tuple[bytes, int, float, bytes]
# Whoosh's encoding of a value of one occurrence starts with its count, 1, as
# an unsigned big-endian int (whoosh.system.pack_uint).
_ONE = struct.pack("!I", 1)
# Index-time terms of a word, see ``_word_terms``; forgotten with the cache's size and a new user dictionary.
_word_term_cache: dict[str, tuple[bytes, ...] | None] = {}


def _word_terms(word: str, is_dictionary_word: Callable[[str], bool]) -> tuple[bytes, ...] | None:
    """The terms a word gives the index at its position, folded and encoded:
    its dictionary sub-words' and its own, as ``_word_tokens`` yields them;
    None for punctuation."""
    if len(_word_term_cache) >= WORD_CACHE_SIZE:
        _word_term_cache.clear()
    terms = None
    if _is_word(word):
        terms = (
            *(fold_token(part).encode("utf-8") for part, _ in _subwords(word, is_dictionary_word)),
            fold_token(word).encode("utf-8"),
        )
    _word_term_cache[word] = terms
    return terms


def _word_postings(fieldname: str, text: str) -> list[Posting]:
    """What ``SCHEMA[fieldname].index(text)`` gives for a field of words with
    positions (title, body), without a Token a word: the words of ``_words``,
    each word's terms looked up once (``_word_terms``)."""
    occurrences: dict[bytes, list[int]] = {}
    cache = _word_term_cache
    is_dictionary_word = segment.is_dictionary_word()
    position = 0
    for word, _, _, joined_from in _words(fold(text)):
        terms = cache.get(word)
        if terms is None:
            if word in cache:
                continue  # punctuation, known as such
            terms = _word_terms(word, is_dictionary_word)
            if terms is None:
                continue
        if joined_from:
            terms = (*(fold_token(part).encode("utf-8") for part, _ in joined_from), *terms)
        for term in terms:
            found = occurrences.get(term)
            if found is None:
                occurrences[term] = [position]
            else:
                found.append(position)
        position += 1
    return _position_postings(fieldname, occurrences.items())


def _gram_postings(fieldname: str, text: str) -> list[Posting]:
    """What ``SCHEMA[fieldname].index(text)`` gives for the character-pair field,
    without a Token a pair."""
    occurrences: dict[str, list[int]] = {}
    for run, offset in han_runs(text):
        for start, gram in enumerate(map(str.__add__, run, run[1:]), offset):
            found = occurrences.get(gram)
            if found is None:
                occurrences[gram] = [start]
            else:
                found.append(start)
    return _position_postings(fieldname, ((gram.encode("utf-8"), found) for gram, found in occurrences.items()))


def _position_postings(fieldname: str, occurrences: Iterable[tuple[bytes, list[int]]]) -> list[Posting]:
    """The postings of terms found at ``occurrences`` (term, positions) in a field of positions."""
    field_format = SCHEMA[fieldname].format
    boost, encode = field_format.field_boost, field_format.encode
    # As Positions.encode would encode them; the value of a term found once depends
    # on its position alone, and is made once per position (and shared in the pool).
    single = _single_position_values
    return [
        (term, 1, boost, single.get(found[0]) or _single_position_value(found[0]))
        if len(found) == 1
        else (term, len(found), len(found) * boost, encode(found))
        for term, found in occurrences
    ]


_single_position_values: dict[int, bytes] = {}


def _single_position_value(position: int) -> bytes:
    """``Positions.encode([position])``, kept for positions of the first pages' length."""
    value = _ONE + dumps([position], 2)
    if position < WORD_CACHE_SIZE:
        _single_position_values[position] = value
    return value


def pre_analyze(fieldname: str, text: str) -> PreAnalyzed:
    """``text`` with its postings for ``fieldname`` (title, body or grams) computed here, in this process."""
    value = PreAnalyzed(text)
    value.postings = _gram_postings(fieldname, text) if fieldname == "grams" else _word_postings(fieldname, text)
    return value


def same_layout(schema: Schema) -> bool:
    """Whether an index's stored schema has the fields and formats of ``SCHEMA``."""

    def layout(of: Schema) -> list[tuple]:
        return [
            (name, type(field).__name__, type(field.format).__name__, field.stored, type(field.column_type).__name__)
            for name, field in sorted(of.items())
        ]

    return layout(schema) == layout(SCHEMA)


TEXT_FIELDS = ("title", "body")
FACET_FIELDS = ("source", "site", "year", "month")


def grams_text(title: str, body: str) -> str:
    """What the ``grams`` field indexes: title and body, never joined into one run."""
    return f"{title}\n{body}"
