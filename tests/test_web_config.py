"""Settings from defaults, a TOML file, the environment and flags, and `zhsearch serve` using them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import urllib.request

import pytest
from click.testing import CliRunner

from conftest import ZHSEARCH, serving
from web.cli import main
from web.config import ConfigError, Settings, as_settings, load_settings

TOML = """
index_dir = "idx"
port = 9001
threads = 4
url_prefix = "/search/"
cors_origins = ["https://portal.intranet.example", "https://wiki.intranet.example"]
frame_ancestors = ["https://portal.intranet.example"]
serve_originals = false
"""


def test_defaults_without_file_environment_or_flags():
    settings = load_settings(environ={})
    assert settings == Settings(index_dir="zhsearch-index")
    assert (settings.host, settings.port, settings.threads, settings.cors_origins) == ("127.0.0.1", 8080, 8, ())


def test_file_then_environment_then_flags(tmp_path):
    config = tmp_path / "zhsearch.toml"
    config.write_text(TOML, encoding="utf-8")
    from_file = load_settings(config, environ={})
    assert from_file.index_dir == str(tmp_path / "idx")  # relative to the file
    assert (from_file.port, from_file.threads, from_file.url_prefix, from_file.serve_originals) == (9001, 4, "/search", False)
    assert from_file.cors_origins == ("https://portal.intranet.example", "https://wiki.intranet.example")

    environ = {"ZHSEARCH_CONFIG": str(config), "ZHSEARCH_PORT": "9002", "ZHSEARCH_CORS_ORIGINS": "http://a.example, http://b.example"}
    from_env = load_settings(environ=environ)
    assert from_env.port == 9002 and from_env.threads == 4
    assert from_env.cors_origins == ("http://a.example", "http://b.example")

    flags = {"port": "9003", "cors_origins": ("http://c.example",), "threads": None, "frame_ancestors": ()}
    from_flags = load_settings(flags=flags, environ=environ)
    assert (from_flags.port, from_flags.threads, from_flags.cors_origins) == (9003, 4, ("http://c.example",))
    assert from_flags.frame_ancestors == ("https://portal.intranet.example",)


def test_a_zhsearch_table_in_a_shared_file(tmp_path):
    config = tmp_path / "site.toml"
    config.write_text('[other]\nport = 1\n\n[zhsearch]\nport = 9100\n', encoding="utf-8")
    assert load_settings(config, environ={}).port == 9100


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"port": 0}, "port must be from 1 to 65535"),
        ({"threads": "many"}, "threads must be a whole number"),
        ({"cors_origins": ["portal.intranet"]}, "is not an origin"),
        ({"frame_ancestors": ["x; script-src *"]}, "is not a CSP source"),
        ({"url_prefix": "search"}, "must be a path"),
        ({"serve_originals": "perhaps"}, "must be true or false"),
        ({"colour": "red"}, "unknown setting 'colour'"),
    ],
)
def test_bad_values_are_named_with_where_they_came_from(values, message):
    with pytest.raises(ConfigError, match=message) as raised:
        Settings().updated(values, "zhsearch.toml")
    assert str(raised.value).startswith("zhsearch.toml: ")


def test_create_app_takes_flask_style_keys():
    assert as_settings({"INDEX_DIR": "x", "PER_PAGE": "20"}) == Settings(index_dir="x", per_page=20)


def test_serve_reports_bad_settings_and_missing_index(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(main, ["serve", "--index", str(tmp_path), "--port", "0"], env={"ZHSEARCH_CONFIG": ""})
    assert bad.exit_code != 0 and "port must be from 1 to 65535" in bad.output
    missing = runner.invoke(main, ["serve", "--index", str(tmp_path / "none")], env={"ZHSEARCH_CONFIG": ""})
    assert missing.exit_code != 0 and "no zhsearch index" in missing.output


def test_serve_says_in_one_line_that_its_port_is_taken(news_index):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(ZHSEARCH), "serve", "--index", str(news_index), "--port", str(port)],
            capture_output=True, text=True, timeout=60, env={**os.environ, "ZHSEARCH_CONFIG": ""},
        )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"
        " (another program uses the port? choose another --port or --host)"
    )


def test_serve_runs_under_the_prefix_from_its_config_file(tmp_path, news_index):
    config = tmp_path / "zhsearch.toml"
    config.write_text(f'index_dir = "{news_index}"\nurl_prefix = "/news"\nper_page = 4\n', encoding="utf-8")
    with serving("--config", str(config), prefix="/news") as base:
        with urllib.request.urlopen(base + "/api/search?q=%E8%83%BD%E6%BA%90") as response:
            data = json.load(response)
    assert data["per_page"] == 4 and len(data["hits"]) == 4
    assert data["hits"][0]["url"].startswith("/news/doc/")
