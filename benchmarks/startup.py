"""Scenario 5: process start to the first 200 from ``/__mock/health``, beside Prism and a bare Flask app.

Each figure is a fresh process; the clock starts just before ``Popen`` and stops at the first 200 (polled every
5 ms), so it includes the interpreter's own start and every import.
"""

from __future__ import annotations

from typing import Any

from benchmarks import servers
from benchmarks.config import Config
from benchmarks.stats import ratio, summary

TARGET_SECONDS = 0.5


def _startup(kind: str, server: str = "serve") -> float:
    with servers.started(kind, server) as proc:
        return proc.startup_seconds


def _prism_startup() -> float:
    with servers.started_prism() as proc:
        return proc.startup_seconds


def run(config: Config) -> dict[str, Any]:
    runs = max(config.runs, 3)
    samples: dict[str, list[float]] = {"mock_s": [], "bare_waitress_s": []}
    prism = servers.install_prism()
    if prism:
        samples["prism_s"] = []
    for _ in range(runs):  # interleaved, so machine load drifts over all three alike
        samples["mock_s"].append(_startup("mock"))
        samples["bare_waitress_s"].append(_startup("bare", "waitress"))
        if prism:
            samples["prism_s"].append(_prism_startup())
    figures = {name: summary(values, "s") for name, values in samples.items()}
    value = figures["mock_s"]["median"]
    return {
        "figures": figures,
        "ratios": {"mock / prism": ratio(figures["mock_s"], figures.get("prism_s")),
                   "mock / bare": ratio(figures["mock_s"], figures["bare_waitress_s"])},
        "targets": [{"name": "start-up", "value": value, "target": f"< {TARGET_SECONDS:g} s",
                     "met": value < TARGET_SECONDS}],
        "notes": [f"{runs} fresh processes each; `genesys-mock serve` with the benchmark config"],
    }
