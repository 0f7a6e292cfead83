"""Turning a saved file's bytes into text, in whatever Chinese encoding it was saved."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from bs4.dammit import EncodingDetector
from charset_normalizer import from_bytes

from indexer.extract.errors import ExtractError

# A declaration belongs in the head. Only this much is handed to bs4.dammit, whose
# pattern backtracks over each unterminated "<meta": the window bounds what a page
# full of them costs.
_DECLARATION_WINDOW = 8192

# Formats people save next to their pages by mistake; they carry no NUL in the
# first bytes often enough that the NUL test alone would miss them.
_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"BZh", b"7z\xbc\xaf")
# C0 controls other than tab, newline, form feed, carriage return and escape.
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13, 27})

# GB2312 and GBK are subsets of GB18030, Big5 of Big5-HKSCS; decoding with the
# superset loses nothing and accepts the characters that pages labelled with
# the subset routinely contain.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
_STRAY_BYTES_PER = 2000  # characters of a page in its declared encoding, at most one byte in another
_CHINESE_ENCODINGS = {"gb18030", "big5hkscs", "utf-8", "utf-16", "utf-32"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _canonical(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _cjk_share(text: str) -> float:
    # Markup and Latin text are ASCII in every candidate encoding; only the
    # other characters tell a right decoding from a wrong one.
    letters = [ch for ch in text if not ch.isascii() and not ch.isspace()]
    if not letters:
        return 0.0
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff")
    return cjk / len(letters)


def declared_encoding(data: bytes) -> str | None:
    """The encoding an HTML page declares in ``<meta charset>``, ``http-equiv`` or an
    XML declaration, as bs4.dammit reads it; None for none or an unknown one."""
    label = EncodingDetector.find_declared_encoding(data[:_DECLARATION_WINDOW], is_html=True, search_entire_document=True)
    return _canonical(label) if label else None


def _check_binary(path: str, data: bytes) -> None:
    head = data[:8192]
    if head.startswith(_MAGIC):
        raise ExtractError(path, "binary file (an archive, image or PDF), not a text or HTML page")
    if b"\x00" in head:
        raise ExtractError(path, "binary file (contains NUL bytes), not a text or HTML page")
    controls = sum(head.count(byte) for byte in _CONTROL)
    if controls > max(2, len(head) // 100):
        raise ExtractError(path, f"binary file ({controls} control bytes in the first {len(head)}), not a text or HTML page")


def _strict_utf8(path: str, data: bytes) -> str | None:
    """The text if ``data`` is UTF-8; an error if it is UTF-8 cut off mid-character."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            raise ExtractError(path, "truncated: the file ends in the middle of a UTF-8 character") from error
    return None


def _sniffed(data: bytes) -> Decoded | None:
    """The first Chinese encoding charset-normalizer ranks that decodes the whole file."""
    for match in from_bytes(data[:65536]):
        encoding = _canonical(match.encoding)
        if encoding not in _CHINESE_ENCODINGS:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _cjk_share(text) >= 0.5:
            return Decoded(text, encoding)
    return None


def _mostly(data: bytes, encoding: str) -> Decoded | None:
    """The page in ``encoding`` when only a few stray bytes are not (a fragment
    pasted in from a page in another encoding), each replaced by U+FFFD."""
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        return None
    if text.count("\ufffd") * _STRAY_BYTES_PER > len(text) or _cjk_share(text) < 0.5:
        return None
    return Decoded(text, encoding)


def decode(path: str, data: bytes, *, declared: bool = False) -> Decoded:
    """Decode ``data`` read from ``path``.

    Order of trust: a byte-order mark (read by bs4.dammit), then (with ``declared``, for HTML) the
    page's own declaration, then strict UTF-8, then charset-normalizer's
    detection, accepted only for a Chinese encoding whose text is mostly
    Chinese. A declaration of GBK or Big5 on bytes that are valid multi-byte
    UTF-8 is a leftover from a re-encoded page: GBK or Big5 text is never valid
    UTF-8 beyond a few characters, so UTF-8 wins. Raises ExtractError for
    anything else.
    """
    if not data.strip():
        raise ExtractError(path, "empty file")
    unmarked, marked = EncodingDetector.strip_byte_order_mark(data)
    if marked:
        return Decoded(unmarked.decode(marked, errors="replace"), marked)
    _check_binary(path, data)
    utf8 = _strict_utf8(path, data)
    encoding = declared_encoding(data) if declared else None
    if encoding and encoding != "utf-8" and not (utf8 is not None and not data.isascii()):
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError):
            mixed = _mostly(data, encoding)
            if mixed:
                return mixed  # a widget in another encoding inside a page in the declared one
            # Otherwise the declaration lied; fall through to sniffing.
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    sniffed = _sniffed(data)
    if sniffed:
        return sniffed
    raise ExtractError(path, "undecodable: not UTF-8, and no Chinese encoding (GB18030, GBK, Big5) decodes it")
