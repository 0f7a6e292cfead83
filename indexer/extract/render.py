"""Laying an HTML tree out as lines of text, as a browser shows it.

Block elements and ``<br>`` end a line; inline elements run on. Each line
remembers the element it was laid out in and how much of it is link text, which
is what content scoring weighs. lxml walks the tree, in C and without
recursion, so a deeply nested page costs time, not stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from indexer.extract.dom import CODE, Element
from indexer.extract.lines import clean

BLOCKS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul caption".split()
)


@dataclass
class Line:
    text: str
    links: int  # characters of the line inside <a>
    block: Element  # the block element the line was laid out in


def render(root: Element) -> list[Line]:
    """The lines of text under ``root``, in document order."""
    lines: list[Line] = []
    pieces: list[str] = []
    links = 0  # characters of link text in the pieces
    in_links = 0  # how many <a> are open
    blocks: list[Element] = [root]

    def flush() -> None:
        nonlocal links
        text = clean("".join(pieces))
        if text:
            lines.append(Line(text, min(links, len(text)), blocks[-1]))
        pieces.clear()
        links = 0

    # lxml walks the tree in C; an element's text comes as it opens, its tail
    # (the text after it, in its parent) as it closes.
    for event, node in etree.iterwalk(root, events=("start", "end")):
        tag = node.tag
        if event == "start":
            if tag in BLOCKS:
                flush()
                blocks.append(node)
            elif tag == "br":
                flush()
            elif tag == "a":
                in_links += 1
            if node.text and tag not in CODE and isinstance(tag, str):
                pieces.append(node.text)
                if in_links:
                    links += len(node.text.strip())
            continue
        if tag in BLOCKS:
            flush()
            blocks.pop()
        elif tag == "a":
            in_links -= 1
        if node.tail and node is not root:
            pieces.append(node.tail)
            if in_links:
                links += len(node.tail.strip())
    flush()
    return lines
