"""Did you mean: words of the index that sound like, or are spelt like, a word it lacks.

Chinese is typed with a pinyin input method, so a typo is most often another
character of the same sound (特郎普 for 特朗普, 卢卡申可 for 卢卡申科), or of a sound
the typist does not tell apart (普金 for 普京: jin and jing). A word is compared
by its sound, its characters' pinyin without tones (``pypinyin``) folded over
those confusable pairs, and by its characters, with edit distances computed by
``rapidfuzz``. Only words the index holds are offered, never a single character.

jieba cuts some names in two (泽连斯基 → 泽 | 连斯基), so the index has no word for
them. When no word of the index resembles what was typed, a word resembling
most of it (连斯基 for 连斯机) is looked up in the index's own text, and the
characters that stand beside it there complete the name (泽 + 连斯基).

Engine-neutral: an engine hands over its words once per generation of its index
(``Vocabulary``) and answers, per suggestion, how often a word occurs and which
texts hold it (``respell``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

# pypinyin (its phrase tables) and rapidfuzz are imported where they are used:
# a fifth of a second that opening an index, or `zhsearch stats`, does not need.

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Names and terms worth correcting are short; longer runs are phrases.
LONGEST_WORD = 8
# Texts read to find what stands beside a piece of a name, and the longest
# piece completed: jieba cuts one or two characters off a name.
CONTEXT_TEXTS = 20
MISSING_CHARACTERS = (1, 2)
# Final sounds typists mix up (front and back nasals) and initials (flat and
# retroflex, n and l): each folds to one form before sounds are compared.
_NASALS = re.compile(r"(?<=[aei])ng$")
_RETROFLEX = re.compile(r"^([zcs])h")
_N_INITIAL = re.compile(r"^n(?=[aeiouv])")


@lru_cache(maxsize=None)
def _syllable(character: str) -> str:
    """A character's pinyin without tone, its most common reading; other characters as they are.

    Read character by character, on the words of the index and on what was
    typed alike: a misspelt word is in no phrase dictionary, so reading whole
    words would give the two sides different readings of the same character."""
    if not HAN.match(character):
        return character
    from pypinyin import lazy_pinyin

    return lazy_pinyin(character)[0]


@lru_cache(maxsize=None)
def _loose(character: str) -> str:
    syllable = _syllable(character)
    return _N_INITIAL.sub("l", _RETROFLEX.sub(r"\1", _NASALS.sub("n", syllable)))


def sound(word: str) -> str:
    """``word`` as toneless pinyin, a space between syllables: 特朗普 → ``te lang pu``."""
    return " ".join(map(_syllable, word))


def loose_sound(word: str) -> str:
    """The sound with confusable pairs folded: 普京 and 普金 both → ``pu jin``."""
    return " ".join(map(_loose, word))


def is_candidate(word: str) -> bool:
    """A word that may be offered: two to LONGEST_WORD characters, one of them Chinese."""
    return 2 <= len(word) <= LONGEST_WORD and HAN.search(word) is not None


def resembles(typed: str, word: str) -> bool:
    """Whether ``word`` may be what was meant by ``typed`` (which differs from it).

    The same loose sound with up to half the characters changed (泽连斯机 → 泽连斯基,
    普金 → 普京); or, in a word of three characters or more, one character added,
    dropped or changed whatever its sound (乌鲁木其 → 乌鲁木齐)."""
    from rapidfuzz.distance import Levenshtein

    changed = Levenshtein.distance(typed, word)
    if changed == 0:
        return False
    if changed <= max(1, len(typed) // 2) and loose_sound(typed) == loose_sound(word):
        return True
    return changed == 1 and len(typed) >= 3


class Vocabulary:
    """The words of one generation of an index that may be offered, by loose
    sound and by length, so that a look-up compares only words of similar length."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words: set[str] = {word for word in words if is_candidate(word)}
        self._by_sound: dict[str, list[str]] = {}
        self._by_length: dict[int, list[str]] = {}
        for word in sorted(self._words):
            self._by_sound.setdefault(loose_sound(word), []).append(word)
            self._by_length.setdefault(len(word), []).append(word)

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def __len__(self) -> int:
        return len(self._words)

    def near(self, typed: str) -> list[str]:
        """The words that ``typed`` may be a mistyping of (see ``resembles``), unordered."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        found = [word for word in self._by_sound.get(loose_sound(typed), ()) if resembles(typed, word)]
        if len(typed) >= 3:
            for length in (len(typed) - 1, len(typed), len(typed) + 1):
                words = self._by_length.get(length, ())
                close = process.extract(typed, words, scorer=Levenshtein.distance, score_cutoff=1, limit=None)
                found += [word for word, _, _ in close if word != typed and word not in found]
        return found


def _closeness(typed: str, word: str) -> tuple[int, int, int]:
    """How far ``word`` is from ``typed``: by loose sound, by exact sound, by characters."""
    from rapidfuzz.distance import Levenshtein

    return (
        Levenshtein.distance(loose_sound(typed), loose_sound(word)),
        Levenshtein.distance(sound(typed), sound(word)),
        Levenshtein.distance(typed, word),
    )


def _standing_beside(word: str, texts: Callable[[str], Iterable[str]], before: int, after: int) -> Iterator[str]:
    """``word`` with the ``before`` characters that precede it and the ``after`` that
    follow it, wherever the texts holding it have them."""
    for text in texts(word):
        for match in re.finditer(re.escape(word), text):
            start, end = match.start() - before, match.end() + after
            if start >= 0 and end <= len(text):
                yield text[start:end]


def _completions(
    vocabulary: Vocabulary, typed: str, texts: Callable[[str], Iterable[str]], held: Callable[[str], bool]
) -> Counter[str]:
    """Names the index's text holds that resemble ``typed`` though the index has
    no word for them: a word resembling all of ``typed`` but its first or last
    characters, with the characters that stand beside it in the text."""
    found: Counter[str] = Counter()
    for missing in MISSING_CHARACTERS:
        if len(typed) - missing < 2:
            break
        # The characters jieba cut off stand before the rest of the name, or after it.
        for before, after in ((missing, 0), (0, missing)):
            piece = typed[before : len(typed) - after]
            pieces = ([piece] if piece in vocabulary else []) + vocabulary.near(piece)
            for word in sorted(pieces, key=lambda word: _closeness(piece, word))[:2]:
                for joined in _standing_beside(word, texts, before, after):
                    if all(HAN.match(character) for character in joined) and resembles(typed, joined):
                        found[joined] += 1
    # Characters that stand beside a word inside a longer one make no name.
    return Counter({joined: count for joined, count in found.items() if held(joined)})


def respell(
    vocabulary: Vocabulary,
    typed: str,
    *,
    held: Callable[[str], bool],
    frequency: Callable[[str], int],
    texts: Callable[[str], Iterable[str]],
    limit: int = 3,
) -> list[str]:
    """Up to ``limit`` spellings the index holds for ``typed`` (folded as the index
    folds text) when its text does not hold ``typed``, closest sound first, then
    most frequent.

    ``held`` tells whether the index's text holds a string (a name jieba cuts
    in two is no word of the vocabulary, yet a correct spelling); ``frequency``
    how many documents hold a word of the vocabulary; ``texts`` gives some
    stored texts (folded) that hold one."""
    if not is_candidate(typed) or typed in vocabulary or held(typed):
        return []
    ranked = {word: (*_closeness(typed, word), -frequency(word)) for word in vocabulary.near(typed)}
    if not any(rank[0] == 0 for rank in ranked.values()):
        # No word sounds like it: the name may be one jieba cuts in two.
        for word, count in _completions(vocabulary, typed, texts, held).items():
            ranked.setdefault(word, (*_closeness(typed, word), -count))
    return sorted(ranked, key=lambda word: (ranked[word], word))[:limit]
