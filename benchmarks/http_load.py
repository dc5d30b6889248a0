"""Scenario 2: HTTP throughput and latency of ``genesys-mock serve`` beside Prism and a bare Flask app.

All three servers run at once and are measured in turn, run after run, so that the ratios compare figures taken
minutes apart at most on a machine whose load varies. wrk itself takes CPU: on 2 cores it competes with the
server, the same way for each server.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from benchmarks import servers, wrk
from benchmarks.api import LISTS, Session
from benchmarks.config import Config
from benchmarks.stats import ratio, summary

CONNECTIONS = (1, 32)


def _layers() -> tuple[str, str]:
    """The serving layer ``genesys-mock serve`` uses by default, and the other one (measured as ``mock_<layer>``)."""
    from mockserver.serving import SERVERS
    from mockserver.settings import Settings

    default = Settings.model_fields["server"].default
    return default, next(layer for layer in SERVERS if layer != default)


def _targets(stack: contextlib.ExitStack, other: str, notes: list[str]) -> dict[str, tuple[str, str, str, str]]:
    """name -> (base url, GET path, POST path, token) for each server that could be started."""
    targets = {}
    for name, server in (("mock", "serve"), (f"mock_{other}", f"serve:{other}")):
        mock = stack.enter_context(servers.started("mock", server))
        session = Session.open(mock.base_url)
        list_id = session.create_list()
        targets[name] = (mock.base_url, f"{LISTS}/{list_id}", LISTS, session.token)
        session.close()
    bare = stack.enter_context(servers.started("bare", "waitress"))
    targets["bare"] = (bare.base_url, "/bare", "/bare", "none")
    if servers.install_prism():
        prism = stack.enter_context(servers.started_prism())
        targets["prism"] = (prism.base_url, f"{LISTS}/{uuid.uuid4()}", LISTS, "none")
    else:
        notes.append("Prism not measured: npm is missing or `npm install @stoplight/prism-cli` failed")
    return targets


def run(config: Config) -> dict[str, Any]:
    if not wrk.available():
        return {"error": wrk.INSTALL_HINT}
    default, other = _layers()
    notes: list[str] = [
        f"wrk, {config.duration:g} s per run, {config.runs} runs; mock: `genesys-mock serve` "
        f"(its default server, {default}; 8 threads, request log off, rate limit raised); "
        f"mock_{other}: the same with `--server {other}`; bare: Flask under "
        "waitress (8 threads); Prism 5 static mock, request validation on, --verboseLevel warn"
    ]
    samples: dict[str, list[float]] = {}
    failures: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        targets = _targets(stack, other, notes)
        for run_no in range(config.runs):
            for name, (base_url, get_path, post_path, token) in targets.items():
                for method, path in (("GET", get_path), ("POST", post_path)):
                    for connections in CONNECTIONS:
                        result = wrk.run(
                            base_url + path,
                            path,
                            method=method,
                            connections=connections,
                            duration=config.duration,
                            token=token,
                            prefix=f"r{run_no}c{connections}",
                        )
                        key = f"{name}_{method}_c{connections}"
                        samples.setdefault(f"{key}_rps", []).append(result.requests_per_second)
                        samples.setdefault(f"{key}_p99_ms", []).append(result.p99_ms)
                        failures[key] = failures.get(key, 0) + result.non_2xx + result.errors
    figures = {key: summary(values, "req/s" if key.endswith("rps") else "ms") for key, values in samples.items()}
    ratios: dict[str, float | None] = {}
    for mock in ("mock", f"mock_{other}"):
        for method in ("GET", "POST"):
            for connections in CONNECTIONS:
                key = f"{method}_c{connections}"
                ratios[f"{mock}/prism {key} req/s"] = ratio(
                    figures.get(f"{mock}_{key}_rps"), figures.get(f"prism_{key}_rps")
                )
                ratios[f"{mock}/prism {key} p99"] = ratio(
                    figures.get(f"{mock}_{key}_p99_ms"), figures.get(f"prism_{key}_p99_ms")
                )
                ratios[f"{mock}/bare {key} req/s"] = ratio(
                    figures.get(f"{mock}_{key}_rps"), figures.get(f"bare_{key}_rps")
                )
    notes += [f"{key}: {count} non-2xx or socket errors" for key, count in failures.items() if count]
    throughput = ratios.get("mock/prism POST_c32 req/s")
    latency = ratios.get("mock/prism POST_c32 p99")
    return {
        "figures": figures,
        "ratios": ratios,
        "targets": [
            {
                "name": "POST c32 throughput vs Prism",
                "value": throughput,
                "target": "≥ 1.0",
                "met": throughput is not None and throughput >= 1.0,
            },
            {
                "name": "POST c32 p99 vs Prism",
                "value": latency,
                "target": "≤ 1.0",
                "met": latency is not None and latency <= 1.0,
            },
        ],
        "notes": notes,
    }
