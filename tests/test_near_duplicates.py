"""Copies of one story share a group; other stories do not; the state survives a save."""

import gzip
import itertools
import json

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
