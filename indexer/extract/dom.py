"""The parsed page: lxml's HTML tree, and the few things the reader asks of it.

lxml builds the tree in C, several times faster than BeautifulSoup builds its
own objects over the same parser; the site table's CSS selectors become XPath
once each (cssselect, lxml's own choice), as lxml runs XPath in C too. Comments and processing instructions
are dropped while parsing: no reader looks at them. libxml2 builds at most
2048 levels of nesting (with ``huge_tree``) and drops what lies deeper; no
real page nests anywhere near that deep.
"""

from __future__ import annotations

import re

from collections.abc import Iterator
from functools import lru_cache

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

Element = etree._Element

# Elements whose text is code, not anything a reader of the page sees.
CODE = frozenset({"script", "style", "template"})


def parse(html: str) -> Element:
    """The tree of ``html``, rooted at its ``<html>`` element (an empty one for a page with no markup)."""
    # Bytes, not str: lxml refuses a str that declares an encoding (<?xml … encoding=…?>);
    # the text is already decoded, so UTF-8 is forced over whatever <meta> says.
    # A parser of its own for each page (a microsecond): lxml's parsers are not to be shared between threads.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    root = etree.fromstring(html.encode("utf-8", "replace"), parser)
    return root if root is not None else etree.Element("html")


def strings(root: Element) -> Iterator[str]:
    """The pieces of text under ``root`` in document order, code left out."""
    if root.text and root.tag not in CODE:
        yield root.text
    for node in root.iterdescendants():
        if node.text and node.tag not in CODE:
            yield node.text
        if node.tail:
            yield node.tail


def text_of(root: Element) -> str:
    """The text under ``root``, its pieces joined by spaces (to be cleaned)."""
    return " ".join(strings(root))


def names(element: Element) -> list[str]:
    """The element's class names and id."""
    return [*(element.get("class") or "").split(), *(element.get("id") or "").split()]


def inside(node: Element | None, root: Element) -> bool:
    """Whether ``node`` is ``root`` or one of its descendants."""
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def has_ancestor(element: Element, tags: frozenset[str]) -> bool:
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def remove(element: Element) -> None:
    """Take ``element`` out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        # The parser keeps control characters lxml refuses to be given back.
        if previous is not None:
            previous.tail = _XML_UNSAFE.sub("", (previous.tail or "") + element.tail)
        else:
            parent.text = _XML_UNSAFE.sub("", (parent.text or "") + element.tail)
    parent.remove(element)


@lru_cache(maxsize=512)
def compile_selector(selector: str) -> CSSSelector:
    """A CSS selector list, as XPath compiled once (cssselect's HTML rules);
    a selector cssselect cannot read is a ValueError naming it."""
    try:
        return CSSSelector(selector, translator="html")
    except SelectorError as error:
        raise ValueError(f"bad CSS selector {selector!r}: {error}") from None


def select(root: Element, selector: str, limit: int | None = None) -> list[Element]:
    """The elements under ``root`` that ``selector`` matches, in document order."""
    found = compile_selector(selector)(root) if selector.strip() else []
    return found[:limit] if limit is not None else found
