"""The server gives out only what was indexed, from inside the indexed folders,
and never a server path: each probe goes through a real `zhsearch serve`."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from conftest import serving
from web.cli import main

PASSWD = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()[0]


def page_text(word: str) -> str:
    return f"关于{word}的报道\n2024-03-05 10:00:00 来源：测试日报\n本报讯，{word}项目近日在本市正式启动，各方表示将全力推进相关工作，确保按期完成。\n"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def api(base: str, path: str) -> dict:
    status, body = fetch(base + path)
    assert status == 200, body
    return json.loads(body)


def only_hit(base: str, word: str) -> dict:
    """The one page holding ``word`` (the others hold only 工程, a partial match)."""
    (hit,) = [hit for hit in api(base, f"/api/search?q={quote(word)}")["hits"] if not hit["partial"]]
    return hit


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A folder of pages and a feed whose urls name files, indexed, and served."""
    root = tmp_path_factory.mktemp("originals")
    pages = root / "pages"
    (pages / "sub").mkdir(parents=True)
    for name, word in [("a.txt", "甲子工程"), ("b.txt", "乙丑工程"), ("c.txt", "丙寅工程"), ("sub/d.txt", "丁卯工程")]:
        (pages / name).write_text(page_text(word), encoding="utf-8")
    secret = root / "secret.txt"
    secret.write_text(page_text("机密口令"), encoding="utf-8")
    (pages / "leak.txt").symlink_to(secret)
    records = [
        ("/etc/passwd", "戊辰工程"),
        ("../../../../../../etc/passwd", "己巳工程"),
        (str((pages / "a.txt").resolve()), "庚午工程"),
        ("https://news.example.com/a/1.html", "辛未工程"),
    ]
    feed = [{"url": url, "title": f"关于{word}的报道", "body": page_text(word)} for url, word in records]
    (pages / "feed.jsonl").write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in feed), encoding="utf-8")
    index_dir = root / "index"
    result = CliRunner().invoke(main, ["index", str(pages), "--index", str(index_dir), "--workers", "1"])
    with serving("--index", str(index_dir)) as base:
        yield base, root, result.output


def test_a_page_is_served_back_byte_for_byte(site):
    base, root, _ = site
    hit = only_hit(base, "甲子工程")
    assert hit["path"] == "pages/a.txt"
    assert fetch(f"{base}/doc/{hit['id']}/original") == (200, (root / "pages" / "a.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("word", ["戊辰工程", "己巳工程"])
def test_a_feed_url_is_a_link_never_a_path(site, word):
    base, _, _ = site
    hit = only_hit(base, word)
    document = api(base, f"/api/doc/{hit['id']}")
    assert document["path"].endswith("etc/passwd") and document["original_url"] is None
    status, body = fetch(f"{base}/doc/{hit['id']}/original")
    assert status == 404 and PASSWD not in body
    assert "查看原始文件" not in fetch(f"{base}/doc/{hit['id']}")[1]


def test_a_feed_url_naming_an_indexed_file_keeps_its_own_id(site):
    base, _, _ = site
    page, record = only_hit(base, "甲子工程"), only_hit(base, "庚午工程")
    assert page["id"] != record["id"]
    assert "甲子工程" in api(base, f"/api/doc/{page['id']}")["body"]
    assert "庚午工程" in api(base, f"/api/doc/{record['id']}")["body"]
    assert fetch(f"{base}/doc/{record['id']}/original")[0] == 404


def test_a_web_url_is_shown_as_a_link(site):
    base, _, _ = site
    hit = only_hit(base, "辛未工程")
    html = fetch(f"{base}/doc/{hit['id']}")[1]
    assert 'href="https://news.example.com/a/1.html" rel="noopener noreferrer"' in html


def test_a_link_out_of_the_folder_is_not_indexed(site):
    base, root, output = site
    assert f"error: {root / 'pages' / 'leak.txt'}: a link to a file outside the indexed folders" in output
    assert api(base, f"/api/search?q={quote('机密口令')}")["total"] == 0


def test_a_file_replaced_by_a_link_is_not_followed(site):
    base, root, _ = site
    hit = only_hit(base, "乙丑工程")
    page = root / "pages" / "b.txt"
    page.unlink()
    page.symlink_to(root / "secret.txt")
    status, body = fetch(f"{base}/doc/{hit['id']}/original")
    assert status == 404 and "机密口令" not in body and "已被修改、移动或替换" in body


def test_a_changed_file_is_not_served(site):
    base, root, _ = site
    hit = only_hit(base, "丙寅工程")
    (root / "pages" / "c.txt").write_text(page_text("改过的内容"), encoding="utf-8")
    status, body = fetch(f"{base}/doc/{hit['id']}/original")
    assert status == 404 and "改过的内容" not in body


def test_a_folder_replaced_by_a_link_is_not_followed(site):
    base, root, _ = site
    hit = only_hit(base, "丁卯工程")
    # The same file, moved out of the indexed folder and reached through a link.
    (root / "pages" / "sub").rename(root / "elsewhere")
    (root / "pages" / "sub").symlink_to(root / "elsewhere")
    status, body = fetch(f"{base}/doc/{hit['id']}/original")
    assert status == 404 and "丁卯工程" not in body


def test_no_page_names_a_server_path(site):
    base, root, _ = site
    folder = str(root)
    # Not 庚午工程: its feed gave a server path as its url, and a url is shown as given.
    words = ("甲子工程", "乙丑工程", "戊辰工程", "辛未工程")
    ids = [only_hit(base, word)["id"] for word in words]
    query = quote(" OR ".join(words))
    urls = [f"/?q={query}", f"/api/search?q={query}&per_page=20", f"/embed/?q={query}"]
    for doc_id in ids + ["0000000000000000"]:
        urls += [f"/doc/{doc_id}", f"/api/doc/{doc_id}", f"/doc/{doc_id}/original"]
    for url in urls:
        status, body = fetch(base + url)
        assert folder not in body, (url, status)
