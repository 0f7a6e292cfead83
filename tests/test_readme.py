"""The README's Python API example runs as it is and prints what it promises."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO, SEEDS


def test_the_python_api_example_runs(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"<!-- python-api-example -->\n```python\n(.*?)```", readme, re.DOTALL).group(1)
    # Run where it cannot touch the clone's own index; the seeds are where the README says.
    script = tmp_path / "example.py"
    script.write_text(example.replace("../shared/seeds", str(SEEDS)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.match(r"\d+ hits, \d+ pages, [\d.]+ ms", lines[0])
    assert "<mark>" in result.stdout
    assert any(line.startswith("year [('2026'") for line in lines)
    assert "like it:" in result.stdout
