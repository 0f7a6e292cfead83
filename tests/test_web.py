"""The Flask app and its JSON API, through Flask's test client."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import default_exceptions

from conftest import error_message, in_chinese
from web import create_app
from web.params import without_controls


@pytest.fixture(scope="module")
def client(seed_index):
    return create_app({"INDEX_DIR": str(seed_index)}).test_client()


def test_api_search_matches_the_cli_shape(client):
    response = client.get("/api/search", query_string={"q": "能源停火"})
    assert response.status_code == 200
    data = response.get_json()
    assert data["total"] - data["partial"] == 1 and not data["hits"][0]["partial"]
    assert "<mark>能源停火</mark>" in data["hits"][0]["snippet"]
    assert {"query", "total", "partial", "took_ms", "hits", "facets"} <= set(data)


def test_api_errors_are_json_with_a_status(client):
    response = client.get("/api/search", query_string={"q": "普京", "page": "two"})
    assert response.status_code == 400
    assert "page" in response.get_json()["error"]
    missing = client.get("/api/doc/nope")
    assert missing.status_code == 404 and "nope" in missing.get_json()["error"]


def test_search_page_shows_highlighted_results_and_facets(client):
    page = client.get("/", query_string={"q": "普京"}).get_data(as_text=True)
    assert page.count('class="hit"') == 3
    assert "<mark>普京</mark>" in page
    assert "寄星夜幕星河" in page and "网易号" in page
    assert 'value="普京"' in page  # the query stays in the box


def test_facet_link_filters_and_shows_a_removable_chip(client):
    page = client.get("/", query_string={"q": "普京", "month": "2026-02"}).get_data(as_text=True)
    assert page.count('class="hit"') == 1
    assert 'class="chip"' in page and "月份：2026-02" in page


def test_bad_page_parameter_is_explained_not_an_error_page(client):
    response = client.get("/", query_string={"q": "普京", "page": "x"})
    assert response.status_code == 200
    assert "page" in response.get_data(as_text=True)


def test_article_view_highlights_the_query(client):
    doc_id = client.get("/api/search", query_string={"q": "卢卡申科"}).get_json()["hits"][0]["id"]
    page = client.get(f"/doc/{doc_id}", query_string={"q": "卢卡申科"}).get_data(as_text=True)
    assert "<mark>卢卡申科</mark>" in page
    document = client.get(f"/api/doc/{doc_id}").get_json()
    assert document["body"].startswith("在2025年3月的一次采访里")


def test_control_and_bidi_characters_go_tabs_and_newlines_stay():
    assert without_controls("普\x00京\t特\n朗\x1b普\x7f\x85\u202a\u202e\u2066\u2069\u200f") == "普京\t特\n朗普"


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("code", sorted(default_exceptions))
def test_every_http_error_is_explained_in_chinese(client, code):
    app = client.application
    for path in ("/api/search", "/"):
        with app.test_request_context(path):
            response = app.make_response(app.handle_http_exception(default_exceptions[code]()))
        assert response.status_code == code
        assert in_chinese(error_message(response.get_data(as_text=True)))
