"""Odd and hostile requests to a live `zhsearch serve` on the seed index: an over-long
``q`` on the article routes, a page past the last, HTTP errors, and control and
bidi characters in the query string."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from email.message import Message
from urllib.parse import quote, urlencode

import pytest

from conftest import ZHSEARCH, error_message, in_chinese
from search import open_index

NUL, RLO = "\x00", "\u202e"  # sent as %00 and %E2%80%AE
# Each as the raw character, as a JSON escape and percent-encoded (in a link).
ECHOES = (NUL, RLO, "\\u0000", "\\u202e", "%00", "%e2%80%ae")


def fetch(url: str, method: str = "GET") -> tuple[int, Message, str]:
    """Status, headers and text of a response, errors included."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def get(server: str, path: str, **params: str) -> tuple[int, str]:
    status, _, body = fetch(f"{server}{path}?{urlencode(params)}" if params else server + path)
    return status, body


@pytest.fixture(scope="module")
def putin_id(server) -> str:
    return json.loads(get(server, "/api/search", q="普京")[1])["hits"][0]["id"]


def test_article_routes_refuse_an_overlong_query_like_the_search_routes(server, putin_id):
    longest = "普京" * 1000
    assert get(server, f"/doc/{putin_id}", q=longest)[0] == 200
    assert get(server, f"/api/doc/{putin_id}", q=longest)[0] == 200
    pasted = "停火" * 13_000  # 78 KB of UTF-8
    status, page = get(server, f"/doc/{putin_id}", q=pasted)
    assert status == 400 and "参数 q 最多 2000 个字符，这次有 26000 个" in page and pasted not in page
    status, body = get(server, f"/api/doc/{putin_id}", q=pasted)
    assert status == 400 and json.loads(body) == {"error": "参数 q 最多 2000 个字符，这次有 26000 个", "status": 400}
    status, body = get(server, "/api/search", q=pasted)
    assert status == 400 and json.loads(body)["error"] == "参数 q 最多 2000 个字符，这次有 26000 个"


def test_a_page_past_the_last_has_no_hits_anywhere(server, seed_index):
    api = json.loads(get(server, "/api/search", q="普京", page="5")[1])
    assert (api["total"], api["pages"], api["page"], api["hits"]) == (3, 1, 5, [])
    assert api["facets"]["source"]  # the counts still describe the search
    status, page = get(server, "/", q="普京", page="5")
    assert status == 200 and "这次搜索只有 1 页" in page and 'class="hit"' not in page

    python = open_index(seed_index).search("普京", page=5)
    assert (python.total, python.pages, python.hits, python.beyond_last_page) == (3, 1, [], True)
    assert not open_index(seed_index).search("普京", page=1).beyond_last_page

    cli = subprocess.run(
        [str(ZHSEARCH), "search", "普京", "--page", "5", "--index", str(seed_index)],
        capture_output=True, text=True, timeout=60,
    )
    assert cli.returncode == 0, cli.stderr
    first, *rest = cli.stdout.splitlines()
    assert re.fullmatch(r"3 results \([\d.]+ ms\)", first)
    assert rest == ["page 5 is past the end: the last page is 1 (10 results a page)"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/api/nothing-here", 404), ("POST", "/api/search?q=x", 405), ("GET", "/nothing-here", 404), ("DELETE", "/", 405)],
)
def test_http_errors_are_explained_in_chinese(server, method, path, status):
    answered, headers, body = fetch(server + path, method)
    assert answered == status
    if status == 405:
        assert "GET" in headers["Allow"]
    assert in_chinese(error_message(body)), body


@pytest.mark.parametrize(
    ("path", "params", "shown"),
    [
        # The query in the box and the title, an ignored part, the chip of a filter.
        ("/", {"q": f"普{NUL}京 date:some{RLO}day", "source": f"寄星{RLO}夜幕星河"}, ["date:someday", "来源：寄星夜幕星河", 'value="普京 date:someday"']),
        # Quoted in an error message.
        ("/", {"q": "普京", "month": f"Jan{NUL}uary{RLO}"}, ["而不是“January”"]),
        ("/api/search", {"q": "普京", "sort": f"ran{RLO}dom{NUL}"}, ["而不是“random”"]),
        ("/api/search", {"q": "普京", "page": f"{NUL}x{RLO}"}, ["而不是“x”"]),
        # Suggestions quote the word they drop.
        ("/", {"q": f"title:月{RLO}球 普京{NUL}"}, ["去掉“title:月球”"]),
        ("/api/search", {"q": f"title:月{RLO}球 普京{NUL}"}, ['"query": "普京"', '"reason": "去掉“title:月球”"']),
        ("/api/facets", {"q": f"普京{RLO}", "site": f"网易号{NUL}"}, ['"query": "普京"', '"site": "网易号"']),
        # Only such characters: an empty query.
        ("/", {"q": f"{NUL}{RLO} {NUL}"}, ["索引中共有 <strong>5</strong> 篇文章"]),
        ("/api/search", {"q": f"{NUL}{RLO}"}, ['"query": ""', '"total": 0']),
        # In the path of an article that is not there.
        (f"/doc/{quote(NUL + RLO)}nope", {}, ["没有编号为 nope 的文章"]),
        (f"/api/doc/{quote(RLO)}nope", {"similar": f"{NUL}3"}, ["没有编号为 nope 的文章"]),
    ],
)
def test_control_and_bidi_characters_never_come_back(server, path, params, shown):
    _, body = get(server, path, **params)
    if path.startswith("/api/"):
        body = json.dumps(json.loads(body), ensure_ascii=False)
    assert not [echo for echo in ECHOES if echo in body.lower()]
    for expected in shown:
        assert expected in body


def test_article_pages_drop_control_and_bidi_characters(server, putin_id):
    _, page = get(server, f"/doc/{putin_id}", q=f"普{RLO}京{NUL}")
    assert "返回“普京”的搜索结果" in page and "已标出“普京”的" in page
    _, body = get(server, f"/api/doc/{putin_id}", q=f"{RLO}普京", similar=f"{NUL}2{RLO}")
    document = json.loads(body)
    assert "<mark>普京</mark>" in document["body_html"] and len(document["similar"]) == 2
    assert not [echo for echo in ECHOES if echo in body.lower()]
    _, body = get(server, f"/api/doc/{putin_id}", similar=f"x{RLO}")
    assert json.loads(body)["error"] == "参数 similar 应为 0 到 20 的整数，而不是“x”"
