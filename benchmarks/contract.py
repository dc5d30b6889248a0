"""Scenario 6: wall time of the default contract (schemathesis) run, ``pytest tests/contract``."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from benchmarks.config import Config
from benchmarks.servers import REPO_ROOT, _env
from benchmarks.stats import summary

TARGET_SECONDS = 120.0


def run(config: Config) -> dict[str, Any]:
    runs = 1 if config.quick else config.runs
    seconds, outcomes = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/contract", "-q", "-p", "no:cacheprovider"],
            cwd=REPO_ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        seconds.append(time.perf_counter() - started)
        outcomes.append((done.stdout.strip().splitlines() or ["(no output)"])[-1])
    figures = {"contract_suite_s": summary(seconds, "s")}
    value = figures["contract_suite_s"]["median"]
    return {
        "figures": figures,
        "targets": [
            {
                "name": "contract suite",
                "value": value,
                "target": f"< {TARGET_SECONDS:g} s",
                "met": value < TARGET_SECONDS,
            }
        ],
        "notes": [f"`python -m pytest tests/contract -q`, {runs} run(s): {outcomes[-1]}"],
    }
