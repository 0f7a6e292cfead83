"""Copies of one story share a group; other stories do not; the state survives a save."""

import gzip
import itertools
import json

import numpy as np

from news import ARTICLES

from search.analysis.near_duplicates import StoryGroups, signature


def news_articles(count: int) -> list[dict]:
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in itertools.islice(lines, count)]


def _copy(body: str) -> str:
    # Another outlet's copy: its own credit line before the story and its footer after.
    return f"来源：某某网 记者 王某\n{body}\n（责任编辑：李某）返回搜狐，查看更多"


def test_a_copy_with_its_own_header_and_footer_joins_the_story(tmp_path):
    articles = news_articles(30)
    groups = StoryGroups()
    for article in articles:
        groups.add(article["id"], signature(article["body"]))
    story = articles[7]
    assert groups.add("copy", signature(_copy(story["body"]))) == groups.group_of(story["id"])
    # The first articles of the corpus are different stories, each its own group.
    assert len({groups.group_of(article["id"]) for article in articles}) == len(articles) == len(groups) - 1

    groups.save(tmp_path)
    again = StoryGroups.load(tmp_path)
    assert again.groups() == groups.groups()
    # The founder goes; its copy keeps the group, and a third copy still finds it.
    again.remove(story["id"])
    assert again.add("third", signature(_copy(story["body"]) + "。")) == groups.group_of(story["id"])


def test_a_changed_page_leaves_its_group_and_a_gone_files_pages_are_forgotten():
    first, second = news_articles(2)
    groups = StoryGroups()
    story = groups.add(first["id"], signature(first["body"]), owner="a.txt")
    assert groups.add("copy", signature(_copy(first["body"])), owner="b.txt") == story
    changed = groups.add("copy", signature(second["body"]), owner="b.txt")
    assert changed != story and groups.group_of("copy") == changed
    groups.remove_owner("b.txt")
    assert "copy" not in groups and groups.group_of(first["id"]) == story


def test_the_band_index_finds_the_candidates_datasketch_would():
    # StoryGroups keeps its own LSH index (far smaller than datasketch's); the
    # candidates must be datasketch's own, for copies, changed copies and strangers.
    from datasketch import LeanMinHash, MinHashLSH

    from search.analysis.near_duplicates import _SCHEME, _SEED, PERMUTATIONS, THRESHOLD, _Bands

    def minhash(sketch: np.ndarray) -> LeanMinHash:
        return LeanMinHash(seed=_SEED, hashvalues=sketch, scheme=_SCHEME)

    rng = np.random.default_rng(7)
    originals = rng.integers(0, 2**61, (200, PERMUTATIONS), dtype=np.uint64)
    copies = originals.copy()
    edited = rng.random(copies.shape) < 0.3
    copies[edited] = rng.integers(0, 2**61, int(edited.sum()), dtype=np.uint64)
    ours, theirs = _Bands(THRESHOLD, PERMUTATIONS), MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
    for number, sketch in enumerate(originals):
        ours.insert(f"page{number}", sketch)
        theirs.insert(f"page{number}", minhash(sketch))
    for number in range(0, 200, 3):
        ours.remove(f"page{number}", originals[number])
        theirs.remove(f"page{number}")
    found = [ours.query(sketch) for sketch in copies]
    assert found == [set(theirs.query(minhash(sketch))) for sketch in copies]
    assert sum(bool(candidates) for candidates in found) > 50
