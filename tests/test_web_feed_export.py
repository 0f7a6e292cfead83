"""A feed for every search and results to take away: the Atom feed read back with
feedparser, the CSV and JSON Lines exports read back with the csv and json modules,
from the API, the search page and the command line."""

from __future__ import annotations

import calendar
import csv
import io
import json
from datetime import datetime

import feedparser
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client
from werkzeug.wrappers import Response

from web import create_app
from web.cli import main
from web.export import plain_text

BASE = "http://localhost"


@pytest.fixture(scope="module")
def app(news_index):
    return create_app({"index_dir": str(news_index)})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def openapi(client):
    return client.get("/api/openapi.json").get_json()


def newest_hits(client, **params) -> list[dict]:
    """The dated pages of a search, newest first, as the API gives them."""
    data = client.get("/api/search", query_string={**params, "sort": "date", "per_page": 100}).get_json()
    return [hit for hit in data["hits"] if hit["date"]]


def test_the_feed_lists_the_newest_matching_pages_with_every_field(client):
    response = client.get("/feed.atom", query_string={"q": "能源"})
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert feed.version == "atom10" and not feed.bozo
    assert feed.feed.title == "zhsearch 新闻搜索：“能源”"
    assert feed.feed.id == f"{BASE}/feed.atom?q=%E8%83%BD%E6%BA%90"
    expected = newest_hits(client, q="能源")[:20]
    assert len(feed.entries) == 20
    for entry, hit in zip(feed.entries, expected):
        assert entry.id == f"{BASE}/doc/{hit['id']}"
        assert entry.title == hit["title"]
        assert entry.link == f"{BASE}{hit['url']}"
        assert entry.author == hit["source"]
        # Beijing time, with its zone.
        assert entry.updated == hit["date"] + "+08:00" and entry.published == entry.updated
        assert calendar.timegm(entry.updated_parsed) == datetime.fromisoformat(hit["date"] + "+08:00").timestamp()
        assert entry.summary_detail.type == "text/html" and "能源" in entry.summary
        assert plain_text(entry.summary) == plain_text(hit["snippet"])
    assert feed.feed.updated == feed.entries[0].updated
    # The same search fetched again gives the same entries with the same ids.
    again = feedparser.parse(client.get("/feed.atom", query_string={"q": "能源"}).get_data())
    assert [entry.id for entry in again.entries] == [entry.id for entry in feed.entries]


def test_the_feed_takes_every_filter_of_the_results_page_and_a_limit(client):
    filters = {"q": "能源", "source": "新华社", "month": "2026-01", "limit": "3"}
    feed = feedparser.parse(client.get("/feed.atom", query_string=filters).get_data())
    expected = newest_hits(client, q="能源", source="新华社", month="2026-01")
    assert 0 < len(feed.entries) == min(3, len(expected))
    assert [entry.id for entry in feed.entries] == [f"{BASE}/doc/{hit['id']}" for hit in expected[:3]]
    assert all(entry.author == "新华社" and entry.updated.startswith("2026-01") for entry in feed.entries)
    assert feed.feed.title == "zhsearch 新闻搜索：“能源”，来源：新华社，月份：2026-01"
    year = feedparser.parse(client.get("/feed.atom", query_string={"year": "2025"}).get_data())
    assert year.entries and all(entry.updated.startswith("2025-") for entry in year.entries)


def test_a_feed_with_nothing_yet_is_still_valid(client):
    feed = feedparser.parse(client.get("/feed.atom", query_string={"q": "完全不存在的词语组合xyz"}).get_data())
    assert not feed.bozo and feed.version == "atom10" and feed.entries == []
    assert feed.feed.updated_parsed is not None


def test_a_bad_feed_parameter_is_a_400_naming_it(client):
    response = client.get("/feed.atom", query_string={"q": "能源", "limit": "0"})
    assert response.status_code == 400 and "limit" in response.get_data(as_text=True)


def test_every_results_page_links_its_feed(client):
    page = client.get("/", query_string={"q": "能源", "source": "新华社", "page": "2"}).get_data(as_text=True)
    feed_url = "/feed.atom?q=%E8%83%BD%E6%BA%90&amp;source=%E6%96%B0%E5%8D%8E%E7%A4%BE"
    assert f'<link rel="alternate" type="application/atom+xml" title="订阅：能源" href="{feed_url}">' in page
    assert f'<a class="feed-link" href="{feed_url}" type="application/atom+xml">订阅</a>' in page


def test_the_feed_respects_the_url_prefix(app):
    def elsewhere(environ, start_response):
        return Response("another application")(environ, start_response)

    client = Client(DispatcherMiddleware(elsewhere, {"/tools/search": app}))
    page = client.get("/tools/search/", query_string={"q": "能源"}).get_data(as_text=True)
    assert 'href="/tools/search/feed.atom?q=' in page and 'href="/tools/search/api/export?q=' in page
    feed = feedparser.parse(client.get("/tools/search/feed.atom", query_string={"q": "能源"}).get_data())
    assert feed.entries and all(entry.link.startswith(f"{BASE}/tools/search/doc/") for entry in feed.entries)
    assert feed.feed.id.startswith(f"{BASE}/tools/search/feed.atom")


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())  # Excel's cue that the file is UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export_holds_every_matching_page_and_a_known_pages_row(client):
    response = client.get("/api/export", query_string={"q": "能源", "format": "csv"})
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.get_data())
    assert response.headers["X-Total-Count"] == response.headers["X-Export-Count"] == str(len(rows)) == "30"
    assert list(rows[0]) == ["title", "date", "source", "site", "path", "group", "snippet"]
    known = client.get("/api/search", query_string={"q": "能源", "per_page": 1}).get_json()["hits"][0]
    row = rows[0]
    assert row == {
        "title": known["title"],
        "date": known["date"],
        "source": known["source"],
        "site": known["site"],
        "path": known["path"],
        "group": known["group"],
        "snippet": plain_text(known["snippet"]),
    }
    assert row["path"].startswith("news-pages") and "能源" in row["snippet"] and "<mark>" not in row["snippet"]
    assert len({row["path"] for row in rows}) == 30 and all(row["group"] for row in rows)


def test_jsonl_export_matches_the_documented_rows_and_the_filters(client, openapi):
    response = client.get("/api/export", query_string={"q": "能源", "source": "新华社", "format": "jsonl", "sort": "date"})
    assert response.mimetype == "application/x-ndjson"
    rows = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    validator = Draft202012Validator({"$ref": "#/components/schemas/ExportRow", "components": openapi["components"]})
    for row in rows:
        assert not list(validator.iter_errors(row))
    expected = client.get("/api/search", query_string={"q": "能源", "source": "新华社", "sort": "date", "per_page": 100}).get_json()
    assert [row["path"] for row in rows] == [hit["path"] for hit in expected["hits"]]
    assert {row["source"] for row in rows} == {"新华社"}
    assert "/api/export" in openapi["paths"] and "/feed.atom" in openapi["paths"]
    documented = {parameter["name"] for parameter in openapi["paths"]["/api/export"]["get"]["parameters"]}
    assert documented == {"q", "sort", "source", "site", "month", "year", "format"}


def test_the_export_cap_comes_from_the_configuration_and_is_said(news_index):
    capped = create_app({"index_dir": str(news_index), "export_limit": 7}).test_client()
    response = capped.get("/api/export", query_string={"q": "能源"})
    assert len(read_csv(response.get_data())) == 7
    assert (response.headers["X-Total-Count"], response.headers["X-Export-Count"], response.headers["X-Export-Limit"]) == ("30", "7", "7")
    page = capped.get("/", query_string={"q": "能源"}).get_data(as_text=True)
    assert "（只导出前 7 篇）" in page
    small = capped.get("/api/search", query_string={"q": "能源"}).get_json()["facets"]["source"][-1]
    assert small["count"] <= 7
    assert "只导出前" not in capped.get("/", query_string={"q": "能源", "source": small["value"]}).get_data(as_text=True)


def test_the_results_page_offers_both_exports_of_the_whole_search(client):
    page = client.get("/", query_string={"q": "能源", "page": "2", "sort": "date"}).get_data(as_text=True)
    assert 'href="/api/export?q=%E8%83%BD%E6%BA%90&amp;sort=date&amp;format=csv" download>CSV</a>' in page
    assert 'href="/api/export?q=%E8%83%BD%E6%BA%90&amp;sort=date&amp;format=jsonl" download>JSON Lines</a>' in page


def test_a_bad_export_format_is_a_json_400(client):
    response = client.get("/api/export", query_string={"q": "能源", "format": "xlsx"})
    assert response.status_code == 400 and "format" in response.get_json()["error"]


def test_the_command_line_prints_every_page_as_csv_or_json_lines(news_index, monkeypatch):
    runner = CliRunner()
    printed = runner.invoke(main, ["search", "能源", "--all", "--format", "csv", "--index", str(news_index)])
    assert printed.exit_code == 0, printed.output
    rows = read_csv(printed.stdout_bytes)
    assert len(rows) == 30 and all(row["path"] and row["title"] for row in rows)
    monkeypatch.setenv("ZHSEARCH_EXPORT_LIMIT", "4")
    lines = runner.invoke(main, ["search", "能源", "--all", "--format", "jsonl", "--index", str(news_index)])
    assert [json.loads(line)["path"] for line in lines.stdout.splitlines()] == [row["path"] for row in rows[:4]]
    assert "note: 30 pages match; printed the first 4 (export_limit)" in lines.stderr
