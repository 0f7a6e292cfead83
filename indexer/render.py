"""Laying an HTML tree out as lines of text, as a browser shows it.

Block elements and ``<br>`` end a line; inline elements run on. Each line
remembers the element it was laid out in and how much of it is link text, which
is what content scoring weighs. The walk is iterative, so a deeply nested page
costs time, not stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.dom import CODE, Element
from indexer.lines import clean

BLOCKS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul caption".split()
)
_BREAK = object()


@dataclass
class Line:
    text: str
    links: int  # characters of the line inside <a>
    block: Element  # the block element the line was laid out in


def render(root: Element) -> list[Line]:
    """The lines of text under ``root``, in document order."""
    lines: list[Line] = []
    pieces: list[str] = []
    links = 0
    blocks: list[Element] = [root]

    def flush() -> None:
        nonlocal links
        text = clean("".join(pieces))
        if text:
            lines.append(Line(text, min(links, len(text)), blocks[-1]))
        pieces.clear()
        links = 0

    # Each stack entry is an element or a piece of text, with whether it sits
    # inside a link, or _BREAK, which closes the block element opened last. An
    # element's text comes before its children, its tail after it closes.
    stack: list[object] = [(child, False) for child in reversed(root)]
    if root.text:
        stack.append((root.text, False))
    while stack:
        entry = stack.pop()
        if entry is _BREAK:
            flush()
            blocks.pop()
            continue
        node, in_link = entry
        if isinstance(node, str):
            pieces.append(node)
            if in_link:
                links += len(node.strip())
            continue
        if node.tail:
            stack.append((node.tail, in_link))
        tag = node.tag
        if tag == "br":
            flush()
            continue
        if tag in CODE or not isinstance(tag, str):
            continue
        if tag in BLOCKS:
            flush()
            blocks.append(node)
            stack.append(_BREAK)
        in_link = in_link or tag == "a"
        stack.extend((child, in_link) for child in reversed(node))
        if node.text:
            stack.append((node.text, in_link))
    flush()
    return lines
