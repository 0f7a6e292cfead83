"""Turning a saved file's bytes into text, in whatever Chinese encoding it was saved."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from indexer.errors import ExtractError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)

# GB2312 and GBK are subsets of GB18030; decoding with the superset loses nothing
# and accepts the characters that pages labelled "gb2312" routinely contain.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
_CHINESE_ENCODINGS = {"gb18030", "big5hkscs", "utf-8", "utf-16", "utf-32"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str

    @property
    def is_utf8(self) -> bool:
        return self.encoding in ("utf-8", "utf-8-sig")


def _canonical(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _cjk_share(text: str) -> float:
    letters = [ch for ch in text if not ch.isspace()]
    if not letters:
        return 0.0
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff")
    return cjk / len(letters)


def decode(path: str, data: bytes, *, declared: bool = False) -> Decoded:
    """Decode ``data`` read from ``path``.

    Order of trust: a byte-order mark, then (with ``declared``, for HTML) a
    ``<meta charset>`` or ``http-equiv`` declaration, then strict UTF-8, then
    charset-normalizer's detection, accepted only for a Chinese encoding whose
    text is mostly Chinese. Raises ExtractError for anything else.
    """
    if not data.strip():
        raise ExtractError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    if b"\x00" in data[:8192]:
        raise ExtractError(path, "binary file (contains NUL bytes), not a text or HTML page")
    if declared:
        match = _META_CHARSET.search(data[:4096])
        encoding = _canonical(match.group(1).decode("ascii", "replace")) if match else None
        if encoding:
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                pass  # The declaration lied; fall through to sniffing.
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:65536]).best()
    encoding = _canonical(best.encoding) if best else None
    if encoding in _CHINESE_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
        if text is not None and _cjk_share(text) >= 0.2:
            return Decoded(text, encoding)
    raise ExtractError(path, "not UTF-8, and no Chinese encoding (GB18030, GBK, Big5) decodes it")
