"""Scenario ``scale`` (issue 14): what several worker processes over Redis buy, and what Redis itself costs.

Four set-ups of ``genesys-mock serve`` (granian), all started at once and measured in turn, run after run:
memory×1 (the default), redis×1, redis×2 and redis×N (N = cores; measured once when N is 2). For each, wrk drives
the validated POST (a new contact list) and the GET by id at 32 connections, and the CPU time of every worker
process and of redis-server is read from ``/proc/<pid>/stat`` (utime + stime) before and after each wrk run:
CPU seconds per 1,000 requests. From redis-server's share comes the **projected ceiling**: the request rate at
which redis-server would use one whole core (``1000 / its CPU-s per 1,000 requests``), i.e. how far the workers
could scale on a bigger machine before Redis (single-threaded) is the limit.

Ratios (the issue's targets, printed, never asserted): redis×1 CPU per request (workers + redis-server) over
memory×1's; the projected ceiling of the POST over Prism's validated-POST throughput, taken from the ``http``
scenario's last recorded figure in benchmarks/results.json (32 connections).

On a 2-core machine wrk shares the cores with the workers and redis-server, so redis×2 cannot show a doubling:
the throughput figures there say what this machine gives, the CPU per request and the ceiling what scales.

A baseline in the same run: ``GENESYS_MOCK_BENCH_BASELINE=DIR`` (another checkout, e.g. ``git archive main | tar -x
-C DIR``) adds ``base_memory_x1`` and ``base_redis_x1``, served from that tree and measured in turn with the others,
so a change is compared with its baseline under the same load of the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import psutil

from benchmarks import servers, wrk
from benchmarks.api import LISTS, Session
from benchmarks.config import Config
from benchmarks.stats import ratio, summary

CONNECTIONS = 32
RESULTS = Path(__file__).with_name("results.json")
_TICKS = os.sysconf("SC_CLK_TCK")


BASELINE_ENV = "GENESYS_MOCK_BENCH_BASELINE"


@dataclass(frozen=True)
class Setup:
    name: str
    state: str  # "memory" or "redis"
    workers: int
    root: Path = servers.REPO_ROOT
    """The source tree served (another one for a baseline)."""


def setups(cores: int, baseline: Path | None = None) -> list[Setup]:
    """memory×1, redis×1, redis×2 and redis×N (N = cores), without measuring one set-up twice; with a baseline
    tree, its memory×1 and redis×1 too."""
    counts = sorted({1, 2, max(1, cores)})
    plan = [Setup("memory_x1", "memory", 1)] + [Setup(f"redis_x{n}", "redis", n) for n in counts]
    if baseline is not None:
        plan += [Setup("base_memory_x1", "memory", 1, baseline), Setup("base_redis_x1", "redis", 1, baseline)]
    return plan


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, in seconds (``/proc/<pid>/stat`` fields 14 and 15); 0 once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # the command name, in parentheses, may contain spaces
    return (int(fields[11]) + int(fields[12])) / _TICKS


def worker_pids(supervisor_pid: int) -> list[int]:
    """granian's worker processes: the children of ``genesys-mock serve`` (the supervisor)."""
    return [child.pid for child in psutil.Process(supervisor_pid).children()]


@contextlib.contextmanager
def redis_server() -> Iterator[Any]:
    """A real redis-server on a free port (mockserver/testing/redis_server.py), no persistence."""
    import tempfile

    from mockserver.testing.redis_server import running_redis

    with tempfile.TemporaryDirectory(prefix="genesys-mock-bench-redis-") as tmp:
        with running_redis(Path(tmp)) as server:
            yield server


def prism_post_rps() -> float | None:
    """Prism's validated-POST throughput at 32 connections as last recorded by the ``http`` scenario."""
    try:
        recorded = json.loads(RESULTS.read_text(encoding="utf-8"))
        return float(recorded["scenarios"]["http"]["figures"]["prism_POST_c32_rps"]["median"])
    except (OSError, KeyError, TypeError, ValueError):
        return None


def _start(stack: contextlib.ExitStack, setup: Setup, redis_url: str | None) -> tuple[Any, str, str]:
    """The server of one set-up: (process, GET path, token)."""
    settings: dict[str, Any] = {"workers": setup.workers}
    if setup.state == "redis":
        settings["state"] = f"{redis_url}?prefix=bench-{setup.name}"
    mock = stack.enter_context(servers.started("mock", "serve:granian", root=setup.root, **settings))
    session = Session.open(mock.base_url)
    get_path = f"{LISTS}/{session.create_list()}"
    token = session.token
    session.close()
    return mock, get_path, token


def run(config: Config) -> dict[str, Any]:
    if not wrk.available():
        return {"error": wrk.INSTALL_HINT}
    try:
        from mockserver.testing.redis_server import redis_server_path
    except ImportError:
        return {"error": "the Redis backend is not installed here (mockserver/testing/redis_server.py)"}
    if redis_server_path() is None:
        return {"error": "redis-server is missing: install it with `sudo apt-get install -y redis-server`"}
    cores = os.cpu_count() or 1
    baseline = os.environ.get(BASELINE_ENV)
    plan = setups(cores, Path(baseline).resolve() if baseline else None)
    runs = 1 if config.quick else config.runs  # --quick: one short run per figure
    notes = [
        f"wrk, {CONNECTIONS} connections, {config.duration:g} s per run, {runs} runs; `genesys-mock "
        f"serve --server granian --workers N` (8 threads each, request log off, rate limit raised), state "
        f"memory or a local redis-server (no persistence); {cores} cores shared by wrk, the workers and Redis"
    ]
    samples: dict[str, list[float]] = {}
    failures: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        redis = stack.enter_context(redis_server())
        started = {setup.name: _start(stack, setup, redis.url) for setup in plan}
        redis_pid = redis.process.pid
        for run_no in range(runs):
            for setup in plan:
                mock, get_path, token = started[setup.name]
                pids = worker_pids(mock.pid)
                for method, path in (("POST", LISTS), ("GET", get_path)):
                    before = {pid: cpu_seconds(pid) for pid in (*pids, redis_pid)}
                    result = wrk.run(
                        mock.base_url + path,
                        path,
                        method=method,
                        connections=CONNECTIONS,
                        duration=config.duration,
                        token=token,
                        prefix=f"{setup.name}{run_no}",
                    )
                    used = {pid: cpu_seconds(pid) - before[pid] for pid in before}
                    per_thousand = 1000 / max(1, result.total)
                    key = f"{setup.name}_{method}"
                    samples.setdefault(f"{key}_rps", []).append(result.requests_per_second)
                    samples.setdefault(f"{key}_p99_ms", []).append(result.p99_ms)
                    workers_cpu = sum(used[pid] for pid in pids)
                    samples.setdefault(f"{key}_workers_cpu_s_per_1000", []).append(workers_cpu * per_thousand)
                    for index, pid in enumerate(pids, 1):
                        samples.setdefault(f"{key}_worker{index}_cpu_s_per_1000", []).append(used[pid] * per_thousand)
                    if setup.state == "redis":
                        redis_cpu = used[redis_pid] * per_thousand
                        samples.setdefault(f"{key}_redis_cpu_s_per_1000", []).append(redis_cpu)
                        samples.setdefault(f"{key}_total_cpu_s_per_1000", []).append(
                            workers_cpu * per_thousand + redis_cpu
                        )
                        if redis_cpu > 0:
                            samples.setdefault(f"{key}_projected_ceiling_rps", []).append(1000 / redis_cpu)
                    else:
                        samples.setdefault(f"{key}_total_cpu_s_per_1000", []).append(workers_cpu * per_thousand)
                    failures[key] = failures.get(key, 0) + result.non_2xx + result.errors
    figures = {key: summary(values, _unit(key)) for key, values in samples.items()}
    ratios: dict[str, float | None] = {}
    for method in ("POST", "GET"):
        ratios[f"redis_x1/memory_x1 {method} CPU per request"] = ratio(
            figures.get(f"redis_x1_{method}_total_cpu_s_per_1000"),
            figures.get(f"memory_x1_{method}_total_cpu_s_per_1000"),
        )
        for setup in plan[1:]:
            ratios[f"{setup.name}/memory_x1 {method} req/s"] = ratio(
                figures.get(f"{setup.name}_{method}_rps"), figures.get(f"memory_x1_{method}_rps")
            )
        if baseline:
            for name in ("memory_x1", "redis_x1"):
                ratios[f"{name}/base_{name} {method} CPU per request"] = ratio(
                    figures.get(f"{name}_{method}_total_cpu_s_per_1000"),
                    figures.get(f"base_{name}_{method}_total_cpu_s_per_1000"),
                )
                ratios[f"{name}/base_{name} {method} req/s"] = ratio(
                    figures.get(f"{name}_{method}_rps"), figures.get(f"base_{name}_{method}_rps")
                )
    prism = prism_post_rps()
    prism_figure = summary([prism], "req/s") if prism else None
    ceiling = ratio(figures.get("redis_x1_POST_projected_ceiling_rps"), prism_figure)
    ratios["redis ceiling (POST)/prism POST_c32 req/s"] = ceiling
    notes.append(f"Prism's validated POST: {prism if prism else 'n/a'} req/s (benchmarks/results.json, http scenario)")
    notes += [f"{key}: {count} non-2xx or socket errors" for key, count in failures.items() if count]
    cpu = ratios["redis_x1/memory_x1 POST CPU per request"]
    return {
        "figures": figures,
        "ratios": ratios,
        "targets": [
            {
                "name": "redis×1 CPU per POST (workers + redis) vs memory×1",
                "value": cpu,
                "target": "≤ 1.5",
                "met": cpu is not None and cpu <= 1.5,
            },
            {
                "name": "projected Redis ceiling (POST) vs Prism's POST",
                "value": ceiling,
                "target": "≥ 5",
                "met": ceiling is not None and ceiling >= 5,
            },
        ],
        "notes": notes,
    }


def _unit(key: str) -> str:
    if key.endswith("_rps"):
        return "req/s"
    if key.endswith("_ms"):
        return "ms"
    return "CPU s"
