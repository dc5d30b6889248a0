"""``genesys-mock serve --workers N``: what is refused at start, and which worker process answers.

Several workers need a shared state backend (issue 14 item 4). These tests need no Redis: the refusals happen
before anything connects. The cross-process behaviour over Redis is in tests/workers/.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import psutil
import pytest

from mockserver.cli import build_parser
from tests.server.conftest import START_DEADLINE, server_env

pytestmark = [pytest.mark.server]

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # never contacted: the refusal comes first


def _serve(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``serve`` over the in-memory state unless ``env`` says otherwise (whatever the suite's pass names)."""
    env = {**server_env(), "GENESYS_MOCK_STATE": "memory", **(env or {})}
    argv = [sys.executable, "-m", "mockserver", "serve", "--port", "0", *args]
    with subprocess.Popen(
        argv,
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=START_DEADLINE)
        except subprocess.TimeoutExpired:  # it was not refused: stop it with its worker processes
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def _assert_refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith(f"genesys-mock: {message}"), result.stderr
    assert "listening" not in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("server", ["granian", "waitress"])
def test_several_workers_over_the_in_memory_state_are_refused(tmp_path: Path, server: str) -> None:
    result = _serve(tmp_path, "--workers", "3", "--server", server)
    _assert_refused(result, "--workers 3 needs a shared state backend: --state redis://")


def test_the_worker_count_also_comes_from_the_environment(tmp_path: Path) -> None:
    result = _serve(tmp_path, env={"GENESYS_MOCK_WORKERS": "2"})
    _assert_refused(result, "--workers 2 needs a shared state backend: --state redis://")


def test_several_workers_under_waitress_are_refused_even_with_a_shared_backend(tmp_path: Path) -> None:
    result = _serve(tmp_path, "--server", "waitress", "--workers", "2", env={"GENESYS_MOCK_STATE": UNREACHABLE_REDIS})
    _assert_refused(result, "--workers 2 needs --server granian: waitress serves from threads of one process")


def test_workers_option_parses_and_one_worker_is_the_default() -> None:
    assert build_parser().parse_args(["serve", "--workers", "4"]).workers == 4
    assert build_parser().parse_args(["serve"]).workers is None  # the setting's default (1) applies


def test_health_names_the_worker_process_that_answered(default_server: Any) -> None:
    """``pid`` lets a test (tests/workers) see that requests land on different workers of one port."""
    with default_server.client() as client:
        pid = client.get("/__mock/health").json()["pid"]
    (worker,) = psutil.Process(default_server.pid).children()  # granian: one worker under the supervisor
    assert pid == worker.pid
