"""The JSON API against its OpenAPI description, CORS, security headers, read-only
routes and mounting under a URL prefix, through Flask's test client."""

from __future__ import annotations

import shutil

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client
from werkzeug.wrappers import Response

from web import create_app

PORTAL = "http://portal.intranet.example"


@pytest.fixture(scope="module")
def app(news_index):
    return create_app({"index_dir": str(news_index), "cors_origins": [PORTAL], "frame_ancestors": [PORTAL]})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def openapi(client):
    document = client.get("/api/openapi.json").get_json()
    validate_openapi(document)
    return document


def conforms(openapi: dict, schema: str, data: dict) -> None:
    """Fail with the first difference between ``data`` and the documented schema."""
    validator = Draft202012Validator({"$ref": f"#/components/schemas/{schema}", "components": openapi["components"]})
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.path))
    assert not errors, f"{schema}: {errors[0].message} at {list(errors[0].path)}"


def test_openapi_document_is_valid_and_lists_every_api_route(app, openapi):
    routes = {rule.rule.replace("<doc_id>", "{id}") for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert routes - {"/api/openapi.json"} == set(openapi["paths"]) - {"/healthz", "/feed.atom"}
    assert openapi["servers"] == [{"url": "/"}]


def test_search_response_matches_the_documented_schema(client, openapi):
    data = client.get("/api/search", query_string={"q": "能源", "per_page": 5, "page": 2}).get_json()
    conforms(openapi, "SearchResults", data)
    assert data["total"] == 30 and data["pages"] == 6 and data["page"] == 2 and len(data["hits"]) == 5
    assert all("<mark>能源</mark>" in hit["snippet"] or "能源" in hit["title"] for hit in data["hits"])
    assert data["hits"][0]["url"].startswith("/doc/") and "q=" in data["hits"][0]["url"]
    months = {value["value"]: value["count"] for value in data["facets"]["month"]}
    assert sum(value["count"] for value in data["facets"]["year"]) == sum(months.values())
    assert [bar["value"] for bar in data["timeline"]] == ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
    assert [bar["count"] for bar in data["timeline"]] == [months.get(bar["value"], 0) for bar in data["timeline"]]


def test_filters_narrow_results_and_are_echoed(client, openapi):
    everything = client.get("/api/search", query_string={"q": "能源"}).get_json()
    source = everything["facets"]["source"][0]
    data = client.get("/api/search", query_string={"q": "能源", "source": source["value"], "year": "2026"}).get_json()
    conforms(openapi, "SearchResults", data)
    assert data["filters"] == {"source": source["value"], "year": "2026"}
    assert data["query"] == "能源"  # the year is applied, not written into the query
    assert 0 < data["total"] < source["count"]
    assert all(hit["source"] == source["value"] and hit["date"].startswith("2026") for hit in data["hits"])


def test_month_filter_keeps_the_other_months_in_the_timeline(client):
    data = client.get("/api/search", query_string={"q": "能源", "month": "2026-01"}).get_json()
    assert [value["value"] for value in data["facets"]["month"]] == ["2026-01"]
    assert len(data["timeline"]) == 6
    assert data["total"] == next(bar["count"] for bar in data["timeline"] if bar["value"] == "2026-01")


def test_facets_endpoint_gives_counts_without_hits(client, openapi):
    data = client.get("/api/facets", query_string={"q": "停火"}).get_json()
    conforms(openapi, "FacetResults", data)
    full = client.get("/api/search", query_string={"q": "停火"}).get_json()
    assert data["facets"] == full["facets"] and data["total"] == full["total"]


def test_document_with_highlights_and_similar_documents(client, openapi):
    hit = client.get("/api/search", query_string={"q": "储能"}).get_json()["hits"][0]
    data = client.get(f"/api/doc/{hit['id']}", query_string={"q": "储能", "similar": 3}).get_json()
    conforms(openapi, "Document", data)
    assert "<mark>储能</mark>" in data["body_html"]
    assert len(data["similar"]) == 3 and hit["id"] not in {item["id"] for item in data["similar"]}
    # The pages are about five topics; documents like an energy story are energy stories.
    for item in data["similar"]:
        similar = client.get(item["url"].replace("/doc/", "/api/doc/")).get_json()
        assert "能源" in similar["body"]


def test_empty_result_offers_broader_searches_that_find_something(client, openapi):
    data = client.get("/api/search", query_string={"q": '"火星" 能源'}).get_json()
    conforms(openapi, "SearchResults", data)
    assert data["total"] == 0
    suggestion = data["suggestions"][0]
    assert suggestion["query"] == "火星 能源" and suggestion["total"] == 30


def test_a_pasted_article_finds_itself_first(client):
    first = client.get("/api/search", query_string={"q": "能源"}).get_json()["hits"][0]
    body = client.get(f"/api/doc/{first['id']}").get_json()["body"]
    pasted = client.get("/api/search", query_string={"q": body[:1500]}).get_json()
    assert pasted["hits"][0]["id"] == first["id"]
    assert pasted["ignored"] == []


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"q": "能源", "page": "two"}, "page"),
        ({"q": "能源", "per_page": "1000"}, "per_page"),
        ({"q": "能源", "sort": "random"}, "sort"),
        ({"q": "能源", "month": "January"}, "month"),
        ({"q": "能源", "year": "26"}, "year"),
        ({"q": "能源" * 1001}, "q"),
    ],
)
def test_bad_parameters_are_json_errors_naming_the_parameter(client, openapi, params, named):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400
    conforms(openapi, "Error", response.get_json())
    assert named in response.get_json()["error"]


def test_missing_document_and_unknown_route_are_json_404s(client, openapi):
    for url in ("/api/doc/0000000000000000", "/api/nothing-here"):
        response = client.get(url)
        assert response.status_code == 404 and response.is_json
        conforms(openapi, "Error", response.get_json())


def test_health(client, openapi):
    data = client.get("/healthz").get_json()
    conforms(openapi, "Health", data)
    assert data == {"status": "ok", "documents": 150}


def test_cors_only_for_allowed_origins(client):
    allowed = client.get("/api/search", query_string={"q": "能源"}, headers={"Origin": PORTAL})
    assert allowed.headers["Access-Control-Allow-Origin"] == PORTAL
    assert "Origin" in allowed.headers["Vary"]
    other = client.get("/api/search", query_string={"q": "能源"}, headers={"Origin": "http://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/search", headers={"Origin": PORTAL, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and "GET" in preflight.headers["Access-Control-Allow-Methods"]
    page = client.get("/", query_string={"q": "能源"}, headers={"Origin": PORTAL})
    assert "Access-Control-Allow-Origin" not in page.headers  # pages are not an API


def test_security_headers_and_framing(client):
    page = client.get("/", query_string={"q": "能源"})
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert policy.endswith("frame-ancestors 'self'") and page.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    embed = client.get("/embed/", query_string={"q": "能源"})
    assert embed.headers["Content-Security-Policy"].endswith(f"frame-ancestors 'self' {PORTAL}")
    assert "X-Frame-Options" not in embed.headers
    html = page.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html and "<style" not in html


def test_no_route_writes(app, client, news_index):
    before = {path.name: path.stat().st_mtime_ns for path in news_index.iterdir()}
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/api/search", query_string={"q": "能源"}).status_code == 405
        assert getattr(client, method)("/").status_code == 405
    assert {path.name: path.stat().st_mtime_ns for path in news_index.iterdir()} == before


def test_mounted_under_a_prefix_by_a_wsgi_dispatcher(app, openapi):
    def elsewhere(environ, start_response):
        return Response("another application")(environ, start_response)

    client = Client(DispatcherMiddleware(elsewhere, {"/tools/search": app}))
    page = client.get("/tools/search/", query_string={"q": "能源"}).get_data(as_text=True)
    assert 'href="/tools/search/static/style.css"' in page
    assert 'action="/tools/search/"' in page and 'href="/tools/search/doc/' in page
    data = client.get("/tools/search/api/search", query_string={"q": "能源"}).json
    assert data["hits"][0]["url"].startswith("/tools/search/doc/")
    assert client.get("/tools/search/api/openapi.json").json["servers"] == [{"url": "/tools/search"}]
    assert client.get("/").get_data(as_text=True) == "another application"


def test_behind_a_reverse_proxy_that_sets_the_prefix(news_index):
    proxied = create_app({"index_dir": str(news_index), "trusted_proxies": 1}).test_client()
    headers = {"X-Forwarded-Prefix": "/news", "X-Forwarded-Host": "search.intranet.example", "X-Forwarded-Proto": "https"}
    xml = proxied.get("/opensearch.xml", headers=headers).get_data(as_text=True)
    assert 'template="https://search.intranet.example/news/?q={searchTerms}"' in xml
    # Without trust, the same headers change nothing.
    untrusted = create_app({"index_dir": str(news_index)}).test_client()
    assert "search.intranet.example" not in untrusted.get("/opensearch.xml", headers=headers).get_data(as_text=True)


def test_opensearch_description_is_linked_from_every_page(client):
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    assert "<ShortName>zhsearch</ShortName>" in response.get_data(as_text=True)
    assert 'rel="search" type="application/opensearchdescription+xml"' in client.get("/").get_data(as_text=True)


def test_an_index_that_cannot_be_read_is_unhealthy_and_errors_stay_json(tmp_path, news_index):
    copy = tmp_path / "index"
    shutil.copytree(news_index, copy)
    client = create_app({"index_dir": str(copy)}).test_client()
    assert client.get("/healthz").status_code == 200
    shutil.rmtree(copy)
    health = client.get("/healthz")
    assert health.status_code == 503 and "cannot read the index" in health.get_json()["error"]
    broken = client.get("/api/search", query_string={"q": "能源"})
    assert broken.status_code == 500 and "索引" in broken.get_json()["error"]
    page = client.get("/", query_string={"q": "能源"})
    assert page.status_code == 500 and "请稍后重试" in page.get_data(as_text=True)


def test_pages_with_some_of_the_words_follow_and_say_so(client, openapi):
    data = client.get("/api/search", query_string={"q": "储能 火星"}).get_json()
    conforms(openapi, "SearchResults", data)
    assert data["total"] == data["partial"] > 0 and all(hit["partial"] for hit in data["hits"])
    assert sum(value["partial"] for value in data["facets"]["source"]) == data["partial"]
    counts = client.get("/api/facets", query_string={"q": "储能 火星"}).get_json()
    conforms(openapi, "FacetResults", counts)
    assert counts["partial"] == data["partial"]


def test_no_partial_matches_once_ten_pages_hold_every_word(client):
    # 30 pages hold 能源 and 记者, 30 more 记者 alone: those are not listed.
    data = client.get("/api/search", query_string={"q": "能源 记者"}).get_json()
    assert (data["total"], data["partial"]) == (30, 0)
