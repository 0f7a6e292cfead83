"""A correction to Whoosh's matchers, applied when the searcher is imported.

``AndMaybeMatcher.skip_to`` moves its optional matcher to the target rather
than to where the required matcher landed, so when the required one skips
past the target the optional one's score is left out of the next document.
Whoosh builds such matchers when it prunes a query as its top ten fill up,
and the lost score dropped a document from the top ten ("正在 此前" at
50,000 articles).
"""

from __future__ import annotations

from whoosh.matching import binary, mcore


def _skip_to(self: binary.AndMaybeMatcher, id: int) -> bool:
    if not self.a.is_active():
        raise mcore.ReadTooFar
    moved_a = self.a.skip_to(id)
    moved_b = False
    if self.a.is_active() and self.b.is_active():
        moved_b = self.b.skip_to(self.a.id())
    return bool(moved_a or moved_b)


binary.AndMaybeMatcher.skip_to = _skip_to
