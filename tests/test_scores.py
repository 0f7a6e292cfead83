"""Ranking a query's matches a term's postings at a time (``search.embedded.scores``)
against Whoosh's own collectors: the same matches, the same documents in the
same order, the same scores, over queries of every kind the query language
makes, on real news articles in an index of several segments with deleted
documents.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from whoosh import query as q

import search.embedded.segments
from conftest import SEEDS
from generated_news import write_news
from indexer.build import index_paths
from news import write_articles
from search import open_index
from search.analysis.synonyms import load_synonyms
from search.embedded import scores
from search.embedded.collect import find
from search.embedded.docsets import matching, remembering
from search.embedded.literal import SegmentLiteral
from search.embedded.nodes import executable
from search.embedded.phrase import CheckedPhrase
from search.embedded.ranking import SegmentAnyBigram
from search.query.parser import analyze, parse

ARTICLES = 2000
# Every kind of node the scoring knows; each must occur in the queries below.
KINDS = {q.Term, q.And, q.Or, q.AndNot, q.Every, q.DateRange, SegmentLiteral, CheckedPhrase, SegmentAnyBigram}
HAN = re.compile(r"[\u4e00-\u9fff]+")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """An index of the seeds, generated news (sources, sites, months) and real
    articles, cut into segments of 400, with pages deleted after indexing;
    and the texts of the real articles."""
    root = tmp_path_factory.mktemp("scores")
    pages = root / "pages"
    articles = write_articles(pages, ARTICLES, dated=True)
    write_news(pages)
    for page in SEEDS.glob("*.txt"):
        shutil.copy(page, pages / page.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search.embedded.segments, "SEGMENT_DOCS", 400)
        # One worker: the same document numbers in every run.
        index_paths([pages], root / "index", workers=1)
        for page in articles[::40]:
            page.unlink()
        report = index_paths([pages], root / "index", workers=1)
    assert report.deleted == len(articles[::40])
    return root / "index", [page.read_text(encoding="utf-8") for page in articles if page.exists()]


def queries(texts: list[str]) -> list[str]:
    """Queries of every kind, drawn from the articles' own words and runs of characters."""
    rng = random.Random(23)
    counts = Counter(word for text in texts[:300] for word in analyze(text) if HAN.fullmatch(word) and len(word) > 1)
    ranked = [word for word, _ in counts.most_common()]
    frequent, middling, rare = ranked[:150], ranked[150:1500], ranked[1500:]

    def word() -> str:
        return rng.choice(rng.choice([frequent, middling, rare]))

    def run() -> str:
        """Three to five characters of an article, across jieba's words as they fall."""
        chars = rng.choice([piece for piece in HAN.findall(rng.choice(texts)) if len(piece) >= 5])
        start = rng.randrange(len(chars) - 2)
        return chars[start : start + rng.randint(3, 5)]

    def adjacent() -> str:
        words = [w for w in analyze(rng.choice(texts)[:400]) if HAN.fullmatch(w)]
        at = rng.randrange(len(words) - 1)
        return words[at] + words[at + 1]

    synonyms = ["特朗普", "川普", "普京", "泽连斯基", "美国 特朗普", "俄罗斯 普京", "澳大利亚", "朝鲜 韩国"]
    made = [
        *synonyms,
        "-美国",
        "NOT 中国",
        "source:新华社 能源",
        "site:网易号 上海",
        "能源 source:新华社 OR 北京",
    ]
    for _ in range(30):
        made += [
            word(),
            f"{word()} {word()}",
            f"{word()} {word()} {word()}",
            f'"{adjacent()}"',
            f"{word()} OR {word()}",
            f"{word()} OR {word()} {word()}",
            f"{word()} -{word()}",
            f"{word()} NOT {word()}",
            f"title:{word()}",
            f"title:{word()} {word()}",
            run(),
            f"{run()} {word()}",
            f"{word()} date:2026-0{rng.randint(1, 3)}",
            f"{word()} after:2026-0{rng.randint(1, 3)}-1{rng.randint(0, 9)}",
            f"{word()} {word()} before:2026-02",
            f"{word()} date:2025-12..2026-02",
        ]
    for _ in range(10):
        text = rng.choice(texts)
        start = rng.randrange(max(len(text) - 120, 1))
        made.append(text[start : start + 120])  # a description: its bigrams
    return made


def kinds(query: q.Query) -> set[type]:
    found = {type(query)}
    for child in [*getattr(query, "subqueries", ()), getattr(query, "a", None), getattr(query, "b", None),
                  getattr(query, "besides", None)]:
        if isinstance(child, q.Query):
            found |= kinds(child)
    return found


def test_scores_are_whooshs_for_every_kind_of_query(corpus):
    index_dir, texts = corpus
    index = open_index(index_dir)
    synonyms = load_synonyms()
    seen: set[type] = set()
    compared = 0
    with index._searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 4
        assert any(leaf.reader().has_deletions() for leaf, _ in searcher.leaf_searchers())
        for text in queries(texts):
            parsed = parse(text, synonyms)
            if parsed.query is None:
                continue
            query = executable(parsed.query)
            seen |= kinds(query)
            with remembering():
                ours = scores.score(searcher, query)
                matched = matching(query, searcher)
                assert set(ours.doc_numbers().tolist()) == matched, text
                if not matched:  # an empty filter is no filter to Whoosh; a search shows no page
                    assert ours.first(10) == [], text
                    continue
                # The top ten, where Whoosh's collector skips blocks that cannot reach it;
                # the page was ranked so, the matches (the total) found as sets.
                top = searcher.search(query, limit=10, filter=matched)
                expected = [(top.docnum(n), top.score(n)) for n in range(top.scored_length())]
                assert_same_ranking(ours.first(10), expected, text)
                # And every match, each score.
                every = searcher.search(query, limit=None, filter=matched)
                assert_same_ranking(ours.first(len(every)), [(hit.docnum, hit.score) for hit in every], text)
            compared += 1
    assert seen >= KINDS, KINDS - seen
    assert compared > 300


def assert_same_ranking(ours: list[tuple[int, float]], whooshs: list[tuple[int, float]], text: str) -> None:
    differ = next((n for n, (a, b) in enumerate(zip(ours, whooshs)) if a[0] != b[0]), None)
    assert differ is None and len(ours) == len(whooshs), (text, ours[differ - 1 : differ + 3], whooshs[differ - 1 : differ + 3]) if differ is not None else text
    for (_, score), (_, expected) in zip(ours, whooshs):
        assert score == pytest.approx(expected, rel=1e-6), text


def test_a_page_with_filters_is_whooshs(corpus):
    index_dir, _ = corpus
    index = open_index(index_dir)
    with index._searcher() as searcher:
        for text, filters in [("能源", {"source": "新华社"}), ("上海 OR 北京", {"month": "2026-01"}),
                              ("中国 -美国", {"source": "新华社"}), ("中国", {"year": "2023"}), ("经济", {"site": "网易号"})]:
            query = executable(parse(text).query)
            restrict = q.And([q.Term(name, value) for name, value in filters.items()])
            found = find(searcher, query, restrict, 1, 10, by_date=False)
            with remembering():
                matched = matching(query, searcher) & matching(restrict, searcher)
                top = searcher.search(query, limit=10, filter=matched)
            assert matched and found.total == len(matched), text
            assert_same_ranking(found.hits, [(top.docnum(n), top.score(n)) for n in range(top.scored_length())], text)


def test_a_node_it_cannot_score_is_ranked_by_whoosh(corpus):
    index_dir, _ = corpus
    index = open_index(index_dir)
    with index._searcher() as searcher:
        query = q.Or([q.Prefix("body", "能源"), q.Term("body", "经济")])
        with pytest.raises(scores.Unscorable):
            scores.score(searcher, query)
        found = find(searcher, query, None, 1, 10, by_date=False)
        top = searcher.search(query, limit=10)
        assert found.total == len(searcher.search(query, limit=None))
        assert_same_ranking(found.hits, [(top.docnum(n), top.score(n)) for n in range(top.scored_length())], "prefix")
