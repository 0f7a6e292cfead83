"""More like this: the documents that share a document's key terms.

A document's key terms are the words of its body that are frequent in it and
rare in the collection, as Whoosh's Bo1 query-expansion model weighs them.
The body is stored but has no term vectors, so Whoosh re-analyzes the stored
text (one article, a few milliseconds). The key terms, weighted, make an OR
query over the body, ranked by BM25F like any search.
"""

from __future__ import annotations

from datetime import datetime

from whoosh import classify
from whoosh import query as q
from whoosh.searching import Searcher

from search.results import SimilarDocument

KEY_TERMS = 12
# Single characters and bare numbers say little about what an article is about,
# yet a short article can make them look rare enough to be chosen.
MIN_TERM_LENGTH = 2


def _telling(term: str) -> bool:
    return len(term) >= MIN_TERM_LENGTH and not term.replace(".", "").isdigit()


def key_terms(searcher: Searcher, docnum: int, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The ``count`` most telling words of a document's body, with their weights."""
    expander = classify.Expander(searcher.reader(), "body", model=classify.Bo1Model)
    expander.add_document(docnum)
    # Ask for more than needed: some are dropped as not telling.
    ranked = expander.expanded_terms(count * 3, normalize=True)
    return [(term, weight) for term, weight in ranked if _telling(term)][:count]


def more_like_this(searcher: Searcher, doc_id: str, limit: int = 5) -> list[SimilarDocument]:
    """Up to ``limit`` documents most like the one with ``doc_id``, best first; [] if there is none."""
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return []
    terms = key_terms(searcher, docnum)
    if not terms:
        return []
    query = q.Or([q.Term("body", term, boost=weight) for term, weight in terms])
    similar = []
    for hit in searcher.search(query, limit=limit, mask={docnum}):
        stored = hit.fields()
        date: datetime | None = stored.get("date")
        similar.append(
            SimilarDocument(
                id=stored["id"],
                title=stored["title"],
                score=round(hit.score or 0.0, 4),
                date=date.isoformat() if date else None,
                source=stored.get("source"),
                site=stored.get("site"),
            )
        )
    return similar
