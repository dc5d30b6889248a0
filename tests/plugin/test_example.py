"""The pytest plugin's example test file (linked from README and docs/pytest-plugin.md) passes, run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "examples" / "test_with_genesys_mock.py"


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("genesys_mock") == "mockserver.testing.plugin"


def test_the_readme_example_file_passes() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYS_")}  # never a real org from here
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(EXAMPLE), "-q", "-p", "no:cacheprovider", "-o", "addopts="],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 passed" in result.stdout, result.stdout


def test_the_readme_links_the_example_file() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "examples/test_with_genesys_mock.py" in readme
