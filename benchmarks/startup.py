"""Scenario 5: process start to the first 200 from ``/__mock/health``, beside Prism and a bare Flask app.

Each figure is a fresh process; the clock starts just before ``Popen`` and stops at the first 200 (polled every
5 ms), so it includes the interpreter's own start and every import. Beside the wall-clock figure, the CPU seconds
(user + system, the process and its children) spent by then and the resident memory just after it: on a shared,
loaded machine the wall-clock figure inflates with the load, the CPU figure hardly does.

A baseline in the same run: ``GENESYS_MOCK_BENCH_BASELINE=DIR`` (another checkout, e.g. ``git worktree add DIR
main``) adds ``base_mock_*``, started from that tree in turn with the others, so a change is compared with its
baseline under the same load of the machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from benchmarks import servers
from benchmarks.config import Config
from benchmarks.stats import ratio, summary

TARGET_SECONDS = 0.5
BASELINE_ENV = "GENESYS_MOCK_BENCH_BASELINE"


def _startup(kind: str, server: str = "serve", root: Path = servers.REPO_ROOT) -> tuple[float, float, float]:
    """Wall seconds to the first 200, CPU seconds spent by then, resident MB just after."""
    with servers.started(kind, server, root=root) as proc:
        cpu, rss = servers.tree_usage(proc.pid)
        return proc.startup_seconds, cpu, rss / 2**20


def _prism_startup() -> float:
    with servers.started_prism() as proc:
        return proc.startup_seconds


def run(config: Config) -> dict[str, Any]:
    runs = max(config.runs, 3)
    baseline = os.environ.get(BASELINE_ENV)
    kinds: dict[str, tuple[str, str, Path]] = {
        "mock": ("mock", "serve", servers.REPO_ROOT),
        "bare_waitress": ("bare", "waitress", servers.REPO_ROOT),
    }
    if baseline:
        kinds["base_mock"] = ("mock", "serve", Path(baseline).resolve())
    samples: dict[str, list[float]] = {}
    prism = servers.install_prism()
    for _ in range(runs):  # interleaved, so machine load drifts over all of them alike
        for name, (kind, server, root) in kinds.items():
            for suffix, value in zip(("s", "cpu_s", "rss_mb"), _startup(kind, server, root)):
                samples.setdefault(f"{name}_{suffix}", []).append(value)
        if prism:
            samples.setdefault("prism_s", []).append(_prism_startup())
    figures = {name: summary(values, "MB" if name.endswith("_rss_mb") else "s") for name, values in samples.items()}
    value = figures["mock_s"]["median"]
    ratios = {
        "mock / prism": ratio(figures["mock_s"], figures.get("prism_s")),
        "mock / bare": ratio(figures["mock_s"], figures["bare_waitress_s"]),
        "mock / bare (CPU)": ratio(figures["mock_cpu_s"], figures["bare_waitress_cpu_s"]),
    }
    if baseline:
        ratios["mock / baseline"] = ratio(figures["mock_s"], figures["base_mock_s"])
        ratios["mock / baseline (CPU)"] = ratio(figures["mock_cpu_s"], figures["base_mock_cpu_s"])
    notes = [f"{runs} fresh processes each; `genesys-mock serve` with the benchmark config"]
    if baseline:
        notes.append(f"baseline: `genesys-mock serve` from {baseline}")
    if sys.flags.dont_write_bytecode or os.environ.get("PYTHONDONTWRITEBYTECODE"):
        notes.append(
            "PYTHONDONTWRITEBYTECODE is set: the mock's own modules are compiled at every start "
            "(an installed package has its bytecode), which inflates the mock's figures"
        )
    return {
        "figures": figures,
        "ratios": ratios,
        "targets": [
            {"name": "start-up", "value": value, "target": f"< {TARGET_SECONDS:g} s", "met": value < TARGET_SECONDS}
        ],
        "notes": notes,
    }
