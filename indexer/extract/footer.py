"""Who a page's footer says publishes it, for a text dump that lost the
<title> line naming the site.

A footer names its site in the copyright line (``自由時報版權所有``,
``版权所有：新华网``, ``BBC © 2014``, ``© 2022 RFI``), often after the
company that runs it (``某某股份有限公司ETtoday新聞雲 版權所有``), and in its
"about" and "contact" links (``關於三立新聞網``, ``聯絡信報``). Each name found is only a candidate: the
caller keeps the first that reads as an outlet's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_RESERVED = "版权所有|版權所有"
_HOLDER = re.compile(
    rf"^(?P<before>[^\s，,。©:：]{{2,32}}?)\s*(?:{_RESERVED})"
    rf"|(?:{_RESERVED})\s*[:：]?\s*(?:©\s*)?(?P<after>[^\s，,。©:：]{{2,16}})"
    r"|^(?P<marked>[^\s©]{2,16})\s*©"
    r"|©\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<owner>[^\s，,。©:：–]{2,16})"
    r"|^(?:关于|關於|聯絡|联络|聯繫|联系|加入)(?P<about>[^\s|｜]{2,16})\s*[|｜]?$"
)
# The company that runs a site, standing before the site's own name.
_COMPANY = re.compile(r"^\S*?(?:股份有限公司|有限公司|公司)(?=\S)")
_FOOTER_LINE = 200  # longer, and it is the text's, not the footer's
# What every such line holds: a cheap test that spares the full pattern the other lines.
_MARKS = ("©", "版权所有", "版權所有", "关于", "關於", "聯絡", "联络", "聯繫", "联系", "加入")


def footer_names(lines: Iterable[str]) -> Iterator[str]:
    """The names the footer gives its site, bottom first."""
    for line in reversed(list(lines)):
        if len(line) > _FOOTER_LINE or not any(mark in line for mark in _MARKS):
            continue
        for match in _HOLDER.finditer(line):
            name = next(group for group in match.groups() if group)
            yield _COMPANY.sub("", name)
