"""README's set-up commands are the ones CI runs, and the documented interfaces exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [
        line
        for block in _shell_blocks(quick_start)
        for line in block.splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(commands) == 2, commands
    serve, test = commands
    assert serve.endswith("genesys-mock serve")
    # Both steps install the clone editable: running either while a server from the other runs moves no file
    # under that server (issue 13: `pip install .` then the test command broke the running server's requests).
    assert " install -e ." in serve and " install -e '.[test]'" in test
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines, "README's test command and .ci/run differ"


def test_console_script_is_declared() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'genesys-mock = "mockserver.cli:main"' in pyproject
