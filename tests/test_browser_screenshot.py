"""The README's screenshot of the results page, taken in real headless Chromium
so that it shows the page as it is.

docs/screenshot.png is rewritten only when the page it shows has changed: the
PNG carries a fingerprint of what was rendered (the page's HTML, with the
time a search took, the server's port and the article ids masked, and the
stylesheet) in a text chunk, and a run whose fingerprint matches leaves the
file alone. So running the tests never dirties the clone on its own (the time
taken, or another machine's fonts, change pixels but not the page); a change
to a template or the style gives a new screenshot to commit with it.

The index is written by one worker, so that results that score the same
stand in the same order in every run (with several, the order in which
workers finish decides it), and article ids, made from the pages' paths in a
temporary folder, are masked.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib

from playwright.sync_api import expect

from conftest import REPO, serving
from indexer.build import index_paths

SCREENSHOT = REPO / "docs" / "screenshot.png"
STYLESHEET = REPO / "web" / "static" / "style.css"
VIEWPORT = {"width": 1280, "height": 800}
QUERY = "能源"
KEY = b"zhsearch-page"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) chunks of a PNG file."""
    assert png.startswith(_PNG_SIGNATURE), "not a PNG file"
    chunks, offset = [], len(_PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        chunks.append((kind, png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def with_fingerprint(png: bytes, fingerprint: str) -> bytes:
    """``png`` with a tEXt chunk holding ``fingerprint``, after its header chunk."""
    header_end = len(_PNG_SIGNATURE) + 12 + len(_chunks(png)[0][1])
    text = _chunk(b"tEXt", KEY + b"\0" + fingerprint.encode("ascii"))
    return png[:header_end] + text + png[header_end:]


def fingerprint_of(png: bytes) -> str | None:
    for kind, data in _chunks(png):
        if kind == b"tEXt" and data.startswith(KEY + b"\0"):
            return data[len(KEY) + 1 :].decode("ascii")
    return None


def rendered_fingerprint(html: str, base: str) -> str:
    steady = re.sub(r"用时 [\d.]+ 毫秒", "用时 N 毫秒", html.replace(base, "BASE"))
    steady = re.sub(r"/doc/[0-9a-f]+", "/doc/ID", steady)
    digest = hashlib.sha256()
    for part in (steady.encode("utf-8"), STYLESHEET.read_bytes(), repr(VIEWPORT).encode("ascii")):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def test_the_readme_screenshot_shows_the_results_page_as_it_is(browser, news_pages, tmp_path):
    index_paths([news_pages], tmp_path / "index", workers=1)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        with serving("--index", str(tmp_path / "index")) as base:
            page.goto(f"{base}/?q={QUERY}")
            expect(page.locator(".hit").first).to_be_visible()
            expect(page.locator(".hit mark").first).to_be_visible()
            fingerprint = rendered_fingerprint(page.content(), base)
            kept = SCREENSHOT.read_bytes() if SCREENSHOT.exists() else None
            if kept is None or fingerprint_of(kept) != fingerprint:
                SCREENSHOT.parent.mkdir(exist_ok=True)
                SCREENSHOT.write_bytes(with_fingerprint(page.screenshot(), fingerprint))
    finally:
        context.close()
    saved = SCREENSHOT.read_bytes()
    assert fingerprint_of(saved) == fingerprint
    width, height = struct.unpack(">II", _chunks(saved)[0][1][:8])
    assert (width, height) == (VIEWPORT["width"], VIEWPORT["height"])
    assert "docs/screenshot.png" in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_fingerprint_survives_in_a_png_and_a_changed_page_has_another(tmp_path):
    png = _PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + _chunk(b"IEND", b"")
    marked = with_fingerprint(png, "abc123")
    assert fingerprint_of(png) is None and fingerprint_of(marked) == "abc123"
    assert [kind for kind, _ in _chunks(marked)] == [b"IHDR", b"tEXt", b"IEND"]
    base = "http://127.0.0.1:5000"
    page = f'<a href="{base}/doc/8c2a1c696fea48bd">能源</a><span class="took">（用时 12 毫秒）</span>'
    elsewhere = "http://127.0.0.1:6001"
    again = page.replace("用时 12", "用时 7.5").replace(base, elsewhere).replace("8c2a1c696fea48bd", "6b77cf345f101af1")
    assert rendered_fingerprint(page, base) == rendered_fingerprint(again, elsewhere)
    assert rendered_fingerprint(page, base) != rendered_fingerprint(page.replace("能源", "停火"), base)
