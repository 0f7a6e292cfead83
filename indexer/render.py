"""Laying an HTML tree out as lines of text, as a browser shows it.

Block elements and ``<br>`` end a line; inline elements run on. Each line
remembers the element it was laid out in and how much of it is link text, which
is what content scoring weighs. The walk is iterative, so a deeply nested page
costs time, not stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import Tag
from bs4.element import NavigableString, PreformattedString, Script, Stylesheet, TemplateString

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
    block: Tag  # the block element the line was laid out in


def render(root: Tag) -> list[Line]:
    """The lines of text under ``root``, in document order."""
    lines: list[Line] = []
    pieces: list[str] = []
    links = 0
    blocks: list[Tag] = [root]

    def flush() -> None:
        nonlocal links
        text = clean("".join(pieces))
        if text:
            lines.append(Line(text, min(links, len(text)), blocks[-1]))
        pieces.clear()
        links = 0

    # Each stack entry is a node to lay out with whether it sits inside a link,
    # or _BREAK, which closes the block element opened last.
    stack: list[object] = [(child, False) for child in reversed(root.contents)]
    while stack:
        entry = stack.pop()
        if entry is _BREAK:
            flush()
            blocks.pop()
            continue
        node, in_link = entry
        if isinstance(node, NavigableString):
            if not isinstance(node, (PreformattedString, Script, Stylesheet, TemplateString)):
                pieces.append(str(node))
                if in_link:
                    links += len(node.strip())
            continue
        if not isinstance(node, Tag):
            continue
        if node.name == "br":
            flush()
            continue
        if node.name in BLOCKS:
            flush()
            blocks.append(node)
            stack.append(_BREAK)
        in_link = in_link or node.name == "a"
        stack.extend((child, in_link) for child in reversed(node.contents))
    flush()
    return lines


def inside(node: Tag, root: Tag) -> bool:
    """Whether ``node`` is ``root`` or one of its descendants."""
    while node is not None:
        if node is root:
            return True
        node = node.parent
    return False


def elements(root: Tag) -> list[Tag]:
    """Every element under ``root`` in document order: a plain walk, several
    times cheaper than BeautifulSoup's ``find_all(True)`` and its filters."""
    return [node for node in root.descendants if isinstance(node, Tag)]
