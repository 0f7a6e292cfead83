"""The README and the pages of docs/ say what is true: their examples run as
written and print what they promise, and every link into docs/ leads somewhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import REPO, SEEDS, free_port

DOCS = REPO / "docs"
VENV = Path(sys.executable).parent.parent
# A link to a page of docs/ (from the README: docs/x.md; within docs/: x.md), with its anchor.
_DOCS_LINK = re.compile(r"\]\(((?:docs/)?[\w.-]+\.md)(#[^)\s]*)?\)")
_HEADING = re.compile(r"^#{1,6} (.+?)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def block_after(text: str, marker: str, language: str) -> str:
    return re.search(rf"<!-- {marker} -->\n```{language}\n(.*?)```", text, re.DOTALL).group(1)


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_fits_on_a_few_screens():
    assert len(readme().splitlines()) <= 150


def test_the_python_api_example_runs(tmp_path):
    example = block_after((DOCS / "python-api.md").read_text(encoding="utf-8"), "python-api-example", "python")
    # Run where it cannot touch the clone's own index; the seeds are where the page says.
    script = tmp_path / "example.py"
    script.write_text(example.replace("../shared/seeds", str(SEEDS)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.match(r"\d+ hits, \d+ pages, [\d.]+ ms", lines[0])
    assert "<mark>" in result.stdout
    assert any(line.startswith("year [('2026'") for line in lines)
    assert "like it:" in result.stdout


def _own_pages_commands(folder: Path) -> tuple[str, list[str]]:
    """The README's "your own pages" lines, to run in ``folder`` with the seeds
    where the README has them: (the activation line, the zhsearch lines)."""
    lines = [line for line in block_after(readme(), "own-pages-example", "sh").splitlines() if line.strip()]
    activate, commands = lines[0], lines[1:]
    assert activate == ". .venv/bin/activate"
    assert all(command.startswith("zhsearch ") for command in commands)
    (folder / ".venv").symlink_to(VENV)
    return activate, [command.replace("../shared/seeds", str(SEEDS)) for command in commands]


def _run(folder: Path, activate: str, command: str) -> str:
    # A fresh shell for each, as a reader's would be after activating; no zhsearch on PATH before.
    environment = {**os.environ, "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        ["bash", "-c", f"{activate} && {command}"], cwd=folder, env=environment,
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    return result.stdout


def test_the_own_pages_examples_run_as_written(tmp_path):
    activate, commands = _own_pages_commands(tmp_path)
    index, both, as_json, stats, serve = commands
    assert "added 5" in _run(tmp_path, activate, index)
    assert re.match(r"\d+ results: \d+ with every word", _run(tmp_path, activate, both))
    found = json.loads(_run(tmp_path, activate, as_json))
    assert found["total"] > 0 and found["hits"][0]["date"].endswith("+08:00")
    assert "documents:  5" in _run(tmp_path, activate, stats)
    assert serve.startswith("zhsearch serve")
    port = free_port()
    server = subprocess.Popen(
        ["bash", "-c", f"{activate} && exec {serve} --port {port}"], cwd=tmp_path,
        env={**os.environ, "PATH": "/usr/bin:/bin"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q={quote('普京')}", timeout=5) as answer:
                    assert json.load(answer)["total"] > 0
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "zhsearch serve did not answer"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_without_activation_the_program_is_not_there(tmp_path):
    # Why the README activates first: a fresh shell has no zhsearch on its PATH.
    result = subprocess.run(["bash", "-c", "zhsearch --help"], cwd=tmp_path, env={"PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True)
    assert result.returncode == 127


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_\[\]()]", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(heading) for heading in _HEADING.findall(_FENCE.sub("", page.read_text(encoding="utf-8")))}


def _documents() -> list[Path]:
    return [REPO / "README.md", *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("document", _documents(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_every_link_into_docs_resolves(document):
    links = _DOCS_LINK.findall(document.read_text(encoding="utf-8"))
    assert links or document.parent == DOCS
    for target, anchor in links:
        page = (document.parent / target).resolve()
        assert page.is_file(), f"{document.name}: {target} does not exist"
        assert page.parent == DOCS, f"{document.name}: {target} is not a page of docs/"
        if anchor:
            assert anchor[1:] in anchors(page), f"{document.name}: {target}{anchor}: no such heading"


def test_the_screenshot_the_readme_shows_is_there():
    assert "](docs/screenshot.png)" in readme()
    assert (DOCS / "screenshot.png").read_bytes().startswith(b"\x89PNG")


def test_the_anchors_are_made_as_github_makes_them():
    assert slug("Ranking quality") == "ranking-quality"
    assert slug("The command line") == "the-command-line"
    assert slug("Cluster (Sphinx/Manticore)") == "cluster-sphinxmanticore"
    assert slug("`zhsearch index`") == "zhsearch-index"
