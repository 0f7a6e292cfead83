"""Facets a reader can trust, on real news saved as text pages.

2,500 ../shared/news articles are written out the way tests/news.py writes
them (a title line, then the body) and extracted; indexing adds nothing to the
values a facet shows, so extraction alone is checked, which keeps this fast.
A story that opens with a wire or newspaper dateline credit must get that
outlet as its source, and the source and site values must be names, not
clauses of the text ("上午", "分发布暴雨红色预警信号", "在上海举行").
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from indexer.extract import extract_file
from news import ARTICLES, write_articles

PAGES = 2500
# The credits the issue names and the ones most frequent in the collection,
# opening the story: outlet, place, day, 电 or 讯.
_CREDIT = re.compile(
    r"^(?:据)?(?P<outlet>新华社|中新网|中新社|人民网|央视网|本报|海外网|中国青年报客户端|光明日报|科技日报|财联社|中国日报网"
    r"|中国经济网|中新经纬)[\u4e00-\u9fff]{0,8}?\s?(?:\d{1,2}月)?\d{1,2}日\s*[电讯]"
)
# What a name never holds: a time of day, a verb or particle of running text, a number.
_CLAUSE = re.compile(r"上午|下午|中午|傍晚|晚上|凌晨|举行|发布|表示|获悉|记者|以来|的|了|在(?!线)|\d")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    if not ARTICLES.exists():
        pytest.skip(f"{ARTICLES} not found")
    folder = tmp_path_factory.mktemp("news")
    paths = write_articles(folder, PAGES)
    bodies = {path: path.read_text(encoding="utf-8").split("\n", 1)[1] for path in paths}
    return [(bodies[path], extract_file(path)) for path in paths]


def test_a_dateline_credit_is_the_source(records):
    credited = [(_CREDIT.match(body).group("outlet"), record) for body, record in records if _CREDIT.match(body)]
    assert len(credited) > 300  # the collection is mostly wire and newspaper copy
    wrong = [(outlet, record.source, record.path) for outlet, record in credited if record.source != outlet]
    assert len(wrong) <= 0.05 * len(credited), wrong[:10]


def test_sources_and_sites_are_names_not_clauses(records):
    values = Counter(value for _, record in records for value in (record.source, record.site) if value)
    fragments = {value: count for value, count in values.items() if _CLAUSE.search(value) or len(value) > 16}
    assert sum(fragments.values()) <= 0.01 * sum(values.values()), fragments
    # Sources are found at all: most stories here name their outlet.
    assert sum(1 for _, record in records if record.source) > 0.25 * len(records)


def test_a_bracketed_credit_opening_the_story_is_the_source(records):
    # "【环球网报道 记者 张三】", "【环球时报综合报道】": the outlet reporting, in brackets;
    # "据路透社报道" inside them is the outlet's own source, cited.
    opening = re.compile(r"^【(?P<outlet>环球网|环球时报)(?:综合)?报道")
    credited = [(opening.match(body.lstrip()).group("outlet"), record) for body, record in records if opening.match(body.lstrip())]
    assert len(credited) >= 10
    assert [(outlet, record.source) for outlet, record in credited if record.source != outlet] == []
