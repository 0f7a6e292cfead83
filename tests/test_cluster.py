"""The same search on a sharded Sphinx cluster: real searchd processes, two shards.

Parity: for a fixed set of queries of every form, `zhsearch search Q --json`
gives from the cluster the same totals, the same set of hits and the same
facet counts as from the embedded index, on the seeds and on 5,000
../shared/news articles, partial matches of graded matching included
(``partial`` in the total, on each hit and in each facet count). On the news
the cluster ranks as the embedded index does, with the cluster's IDF: its
first ten hold at least nine of the embedded index's first ten on every query
with words (a hit scoring exactly as the embedded tenth counting as one of
them, ``search.cluster.ranking.top_overlap``). Everywhere, the partial matches
on the first page score as the embedded index scores them, place by place.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, SEEDS, ZHSEARCH, serving
from news import ARTICLES, write_articles
from search.engine import open_engine
from search.cluster.idf import fnv64, read_idf, write_idf
from search.cluster.nodes import (
    connect, free_ports, idf_file, parse_url, record_statistics, recorded_statistics, shards, start, stop,
)
from search.cluster.text import keyword
from search.cluster.ranking import top_overlap
from search.query.parser import parse
from web.cli import main

sys.path.insert(0, str(REPO / "bench"))
from queries import NEWS_PARITY_QUERIES  # noqa: E402  (the queries bench/cluster_bench.py measures too)

pytestmark = pytest.mark.skipif(shutil.which("searchd") is None, reason="searchd not installed (apt-get install sphinxsearch)")

SEED_QUERIES = [
    "普京", "能源停火", '"能源停火"', "源停", "普京 特朗普", "普京 -特朗普", "普京 OR 泽连斯基", "NOT 普京",
    "title:停火", "标题:普京", "source:史政先锋", "site:网易号 普京", "date:2026-01..2026-02", "after:2026-02-01",
    "before:2026-02", "川普", "美國", "特朗普 OR 川普", "启明行动发布了什么文件？",
]
NEWS_ARTICLES = 5000
ANSWER_SECONDS = 30


@pytest.fixture(autouse=True)
def _groups_cache(tmp_path, monkeypatch):
    """A cluster's story groups are kept in the user's cache folder: here, the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _cluster(folder: Path, shards: int = 2):
    return start(folder, shards, free_ports(2 * shards + 1))


@pytest.fixture(scope="module")
def seed_cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed-cluster")
    url = _cluster(folder)
    yield url
    stop(folder)


def _cli(*arguments: str) -> dict:
    result = CliRunner().invoke(main, list(arguments))
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in arguments else {}


def _answer(query: str, place: list[str]) -> tuple[dict, list[dict]]:
    """The first page of ``query`` from ``place`` (--index DIR or --engine URL) and every hit."""
    first = _cli("search", query, *place, "--json", "--limit", "100", "--no-collapse")
    hits = list(first["hits"])
    page = 1
    while len(hits) < first["total"]:
        page += 1
        hits += _cli("search", query, *place, "--json", "--limit", "100", "--page", str(page), "--no-collapse")["hits"]
    return first, hits


def _facets(answer: dict) -> dict[str, dict[str, tuple[int, int]]]:
    return {
        name: {value["value"]: (value["count"], value["partial"]) for value in values}
        for name, values in answer["facets"].items()
    }


def _partial_scores(hits: list[dict]) -> list[float]:
    """The scores of the partial matches among the first ten ``hits``, in their order."""
    return [hit["score"] for hit in hits[:10] if hit["partial"]]


def _compare(query: str, index_dir: Path, url: str) -> tuple[float, float]:
    """Assert parity of ``query``; return the overlap of the first ten hits (``top_overlap``)."""
    embedded, embedded_hits = _answer(query, ["--index", str(index_dir)])
    cluster, cluster_hits = _answer(query, ["--engine", url])
    assert (cluster["total"], cluster["partial"]) == (embedded["total"], embedded["partial"]), query
    if not embedded["partial"]:
        # Each was grouped by its own indexing run, whose workers hand pages over in their own order:
        # a page that is a copy of two stories' pages may join the other one.
        assert abs(cluster["stories"] - embedded["stories"]) <= 0.02 * embedded["stories"], query
    assert cluster["missing_shards"] == []
    for partial in (False, True):
        found = sorted(hit["id"] for hit in cluster_hits if hit["partial"] is partial)
        assert found == sorted(hit["id"] for hit in embedded_hits if hit["partial"] is partial), (query, partial)
    assert _facets(cluster) == _facets(embedded), query
    # Ranked as the embedded index ranks them, place by place the same scores but for Whoosh's
    # one-byte field lengths, rounded up by up to 3.6 % (``search.cluster.graded``).
    assert _partial_scores(cluster_hits) == pytest.approx(_partial_scores(embedded_hits), rel=0.04), query
    return top_overlap(
        [(hit["id"], hit["score"], hit["partial"]) for hit in embedded_hits], [hit["id"] for hit in cluster_hits]
    )


def test_the_seeds_answer_the_same_from_the_cluster(seed_cluster, seed_index):
    result = CliRunner().invoke(main, ["index", str(SEEDS), "--engine", seed_cluster])
    assert result.exit_code == 0, result.output
    assert "added 5" in result.output
    overlaps = {query: _compare(query, seed_index, seed_cluster) for query in SEED_QUERIES}
    print("top-10 overlap on the seeds:", overlaps)
    hits = _cli("search", "普京", "--engine", seed_cluster, "--json")["hits"]
    assert hits[0]["snippet"].count("<mark>") >= 1
    # An article page's similar articles: others sharing words of its title.
    engine = open_engine(seed_cluster)
    similar = {hit["id"]: engine.more_like_this(hit["id"]) for hit in hits}
    assert any(similar.values())
    for doc_id, others in similar.items():
        assert doc_id not in {other.id for other in others}
        assert all(engine.document(other.id) is not None for other in others)


def test_copies_of_one_story_collapse_on_the_cluster_as_in_the_index(seed_cluster, tmp_path):
    from test_story_groups import OUTLETS, wire_words, write_pages

    write_pages(tmp_path / "pages")
    for place in (["--engine", seed_cluster, "--rebuild"], ["--index", str(tmp_path / "index")]):
        assert CliRunner().invoke(main, ["index", str(tmp_path / "pages"), *place]).exit_code == 0
    for place in (["--engine", seed_cluster], ["--index", str(tmp_path / "index")]):
        collapsed = _cli("search", wire_words(), *place, "--json")
        assert (collapsed["total"], collapsed["stories"], collapsed["collapsed"], len(collapsed["hits"])) == (3, 1, True, 1)
        [hit] = collapsed["hits"]
        assert {hit["source"], *(copy["source"] for copy in hit["copies"])} == set(OUTLETS[:3])
        every = _cli("search", wire_words(), *place, "--json", "--no-collapse")
        assert (every["stories"], len(every["hits"])) == (1, 3) and len({found["group"] for found in every["hits"]}) == 1
        browse = _cli("search", "date:2023", *place, "--json", "--limit", "5", "--page", "3")
        assert (browse["total"], browse["stories"], len(browse["hits"])) == (15, 12, 2)


def test_partial_matches_collapse_on_the_cluster_as_in_the_index(seed_cluster, tmp_path):
    """A query no page holds whole: its partial matches are copies of one story, listed once on both engines."""
    from test_story_groups import WIRE, write_pages

    write_pages(tmp_path / "pages")
    for place in (["--engine", seed_cluster, "--rebuild"], ["--index", str(tmp_path / "index")]):
        assert CliRunner().invoke(main, ["index", str(tmp_path / "pages"), *place]).exit_code == 0
    words = [*re.split(r"[，。]", WIRE["body"])[1][:8].split(), "量子雷达"]
    answers = {}
    for name, place in (("cluster", ["--engine", seed_cluster]), ("index", ["--index", str(tmp_path / "index")])):
        collapsed = _cli("search", *words, *place, "--json")
        every = _cli("search", *words, *place, "--json", "--no-collapse")
        assert collapsed["total"] == collapsed["partial"] == every["total"] >= 3
        groups = [hit["group"] for hit in collapsed["hits"]]
        assert len(groups) == len(set(groups)) == collapsed["stories"] < every["total"]
        assert {hit["group"] for hit in every["hits"]} == set(groups)
        assert sum(1 + len(hit["copies"]) for hit in collapsed["hits"]) == every["total"]
        answers[name] = (collapsed["total"], collapsed["stories"])
    assert answers["cluster"] == answers["index"]


def test_incremental_runs_replace_and_delete(seed_cluster, tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    started = datetime.now()
    first = CliRunner().invoke(main, ["index", str(pages), "--engine", seed_cluster, "--rebuild"])
    assert "added 5" in first.output, first.output
    changed, gone = sorted(pages.iterdir())[:2]
    changed.write_text("换了的标题\n一篇关于量子雷达试验的新文章。\n", encoding="utf-8")
    gone.unlink()
    again = CliRunner().invoke(main, ["index", str(pages), "--engine", seed_cluster])
    assert "added 0, updated 1, deleted 1, unchanged 3" in again.output, again.output
    assert _cli("search", "量子雷达", "--engine", seed_cluster, "--json")["total"] == 1
    stats = _cli("stats", "--engine", seed_cluster, "--json")
    assert stats["documents"] == 4
    assert datetime.fromisoformat(stats["updated"]) >= started.replace(microsecond=0)
    # The cluster's IDF is the run's: its documents, a word of the changed page's counted (plus
    # one), and the words of the others still (the engine forgets a replaced or deleted page's
    # words when it merges its segments, as Whoosh does).
    with connect(parse_url(seed_cluster)) as node:
        documents, counts = read_idf(Path(idf_file(node)))
    assert documents == 4
    assert _cli("search", "body:雷达", "--engine", seed_cluster, "--json")["total"] == 1
    assert counts[fnv64(keyword("雷达"))] == 2
    putin = _cli("search", "body:普京", "--engine", seed_cluster, "--json")["total"]
    assert putin >= 1 and counts[fnv64(keyword("普京"))] >= putin + 1
    # Back to the seeds as they are, for the other tests.
    CliRunner().invoke(main, ["index", str(SEEDS), "--engine", seed_cluster, "--rebuild"])


def test_a_cluster_indexed_by_an_earlier_zhsearch_asks_for_a_rebuild_and_a_rebuild_is_enough(tmp_path):
    """A shard started before the count of character pairs was kept lacks its column, and the
    cluster's statistics lack its average: searching says to rebuild, and rebuilding adds the column."""
    folder = tmp_path / "cluster"
    url = _cluster(folder, shards=1)
    try:
        assert _cli("index", str(SEEDS), "--engine", url) == {}
        with connect(parse_url(url)) as node:
            [shard] = shards(node)
            statistics = recorded_statistics(node)
            del statistics["grams_average"]
            record_statistics(node, statistics)
        with connect(shard.sql) as connection, connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {shard.name} DROP COLUMN grams_length")
        earlier = CliRunner().invoke(main, ["search", "启明行动发布了什么文件？", "--engine", url])
        assert earlier.exit_code == 1 and "index --rebuild" in earlier.output, earlier.output
        assert _cli("index", str(SEEDS), "--engine", url, "--rebuild") == {}
        answer = _cli("search", "启明行动发布了什么文件？", "--engine", url, "--json")
        assert answer["partial"] and all(hit["score"] > 0 for hit in answer["hits"] if hit["partial"])
    finally:
        stop(folder)


@pytest.fixture(scope="module")
def news_parity(tmp_path_factory):
    if not ARTICLES.exists():
        pytest.skip(f"{ARTICLES} not found")
    root = tmp_path_factory.mktemp("news-parity")
    write_articles(root / "pages", NEWS_ARTICLES, dated=True)
    assert _cli("index", str(root / "pages"), "--index", str(root / "index")) == {}
    url = _cluster(root / "cluster")
    result = CliRunner().invoke(main, ["index", str(root / "pages"), "--engine", url])
    assert result.exit_code == 0 and f"added {NEWS_ARTICLES}" in result.output, result.output
    yield root / "index", url
    stop(root / "cluster")


@pytest.mark.parametrize("query", NEWS_PARITY_QUERIES)
def test_news_answers_the_same_from_the_cluster(news_parity, query):
    index_dir, url = news_parity
    overlap, with_ties = _compare(query, index_dir, url)
    print(f"top-10 overlap for {query!r}: {overlap:.0%} ({with_ties:.0%} with ties)")
    parsed = parse(query)
    if parsed.terms or parsed.phrases:
        assert with_ties >= 0.9, query


def test_an_unreachable_engine_is_one_clear_line():
    port = free_ports(1)
    result = subprocess.run(
        [str(ZHSEARCH), "search", "普京", "--engine", f"sphinx://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=ANSWER_SECONDS,
    )
    assert result.returncode == 1
    assert f"cannot reach sphinx://127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
    serve = subprocess.run(
        [str(ZHSEARCH), "serve", "--engine", f"sphinx://127.0.0.1:{port}"], capture_output=True, text=True,
        timeout=ANSWER_SECONDS,
    )
    assert serve.returncode == 1 and f"cannot reach sphinx://127.0.0.1:{port}" in serve.stderr
    bad = subprocess.run([str(ZHSEARCH), "stats", "--engine", "sphinx://"], capture_output=True, text=True)
    assert bad.returncode == 1 and "engine" in bad.stderr and "Traceback" not in bad.stderr


def _pid(folder: Path, shard: str) -> int:
    return int((folder / shard / "searchd.pid").read_text())


def test_a_killed_shard_gives_partial_results_that_name_it(tmp_path):
    folder = tmp_path / "cluster"
    url = _cluster(folder)
    try:
        assert _cli("index", str(SEEDS), "--engine", url) == {}
        whole = _cli("search", "普京 OR 停火", "--engine", url, "--json")
        with serving("--engine", url, "--workers", "1") as base:
            health = json.load(urllib.request.urlopen(base + "/healthz", timeout=10))
            assert [shard["ok"] for shard in health["shards"]] == [True, True]
            os.kill(_pid(folder, "shard1"), signal.SIGKILL)
            started = time.monotonic()
            result = subprocess.run(
                [str(ZHSEARCH), "search", "普京 OR 停火", "--engine", url, "--json"],
                capture_output=True, text=True, timeout=ANSWER_SECONDS,
            )
            assert time.monotonic() - started < ANSWER_SECONDS
            assert result.returncode == 0, result.stderr
            partial = json.loads(result.stdout)
            assert partial["missing_shards"] == ["shard1"]
            assert "partial results: shard1" in result.stderr
            assert 0 < partial["total"] < whole["total"]
            page = urllib.request.urlopen(base + "/?q=" + urllib.request.quote("普京"), timeout=ANSWER_SECONDS).read().decode()
            assert "分片 shard1 没有响应" in page
            api = json.load(urllib.request.urlopen(base + "/api/search?q=" + urllib.request.quote("普京"), timeout=ANSWER_SECONDS))
            assert api["missing_shards"] == ["shard1"]
            with pytest.raises(urllib.error.HTTPError) as unhealthy:
                urllib.request.urlopen(base + "/healthz", timeout=ANSWER_SECONDS)
            report = json.load(unhealthy.value)
            assert unhealthy.value.code == 503 and report["status"] == "degraded"
            assert {shard["name"]: shard["ok"] for shard in report["shards"]} == {"shard0": True, "shard1": False}
            os.kill(_pid(folder, "shard0"), signal.SIGKILL)
            with pytest.raises(urllib.error.HTTPError) as down:
                urllib.request.urlopen(base + "/?q=" + urllib.request.quote("普京"), timeout=ANSWER_SECONDS)
            assert down.value.code == 503
            message = down.value.read().decode()
            assert "shard0" in message and "shard1" in message and "Traceback" not in message
    finally:
        stop(folder)


def test_a_shard_killed_while_searching_gives_a_clear_answer(tmp_path):
    from search.cluster.nodes import EngineUnavailable
    from search.engine import open_engine

    folder = tmp_path / "cluster"
    url = _cluster(folder)
    try:
        assert _cli("index", str(SEEDS), "--engine", url) == {}
        engine = open_engine(url)
        whole = engine.search("普京 OR 停火").total
        answers: list[tuple[float, object]] = []
        done = threading.Event()

        def keep_searching() -> None:
            while not done.is_set():
                started = time.monotonic()
                try:
                    outcome: object = engine.search("普京 OR 停火")
                except EngineUnavailable as error:
                    outcome = error
                answers.append((time.monotonic() - started, outcome))

        searcher = threading.Thread(target=keep_searching)
        searcher.start()
        time.sleep(0.5)
        os.kill(_pid(folder, "shard1"), signal.SIGKILL)
        time.sleep(1.5)
        done.set()
        searcher.join(ANSWER_SECONDS)
        assert not searcher.is_alive()
        assert all(seconds < ANSWER_SECONDS for seconds, _ in answers)
        for _, outcome in answers:
            # Whole before the kill; after it, partial and naming the shard, or a clear failure naming it.
            if isinstance(outcome, EngineUnavailable):
                assert outcome.shards == ["shard1"]
            elif outcome.missing_shards:
                assert outcome.missing_shards == ["shard1"] and outcome.total < whole
            else:
                assert outcome.total == whole
        assert any(getattr(outcome, "missing_shards", None) == ["shard1"] for _, outcome in answers)
    finally:
        stop(folder)


@pytest.mark.skipif(shutil.which("indextool") is None, reason="indextool not installed")
def test_the_idf_file_is_the_one_the_engines_own_tool_builds(tmp_path):
    """The cluster's IDF file, byte for byte what `indextool --buildidf` makes of the same counts
    (each one more than the documents: Whoosh's IDF divides by df + 1)."""
    write_idf(tmp_path / "ours.idf", 10, {"t_北京": 2, "中国": 6, "abc": 0, "h_0123456789abcdef": 1})
    dump = tmp_path / "dump.txt"
    dump.write_text("total-documents: 10\nkeyword,docs,hits,offset\nt_北京,3,3,0\n中国,7,9,0\nh_0123456789abcdef,2,2,0\n")
    built = subprocess.run(
        ["indextool", "--buildidf", str(dump), "--out", str(tmp_path / "theirs.idf")], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "ours.idf").read_bytes() == (tmp_path / "theirs.idf").read_bytes()
