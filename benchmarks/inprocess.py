"""Scenario 1: µs per request through the Flask test client, full stack vs a bare Flask route, in one run."""

from __future__ import annotations

import gc
import itertools
import time
from typing import Any

from benchmarks.config import Config
from benchmarks.stats import ratio, summary

TARGET_RATIO = 2.0


def _mock_client() -> tuple[Any, dict[str, str]]:
    from benchmarks.api import CLIENT
    from benchmarks.servers import BENCH_SETTINGS
    from mockserver.app import create_app
    from mockserver.settings import Settings

    app = create_app(Settings(**BENCH_SETTINGS))
    client = app.test_client()
    response = client.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=CLIENT)
    return client, {"Authorization": f"Bearer {response.get_json()['access_token']}"}


def _time_post(client: Any, path: str, headers: dict[str, str], names: Any, count: int) -> float:
    """``count`` POSTs of the benchmark's list payload (a fresh name each) to ``path``; µs per request.

    On ``/bare`` the route receives the mock's request as sent (same JSON body and headers), not reading it: what
    the test client itself costs for such a request, which the GET baseline leaves on the mock's side."""
    from benchmarks.api import list_body

    bodies = [list_body(f"bench-{next(names)}") for _ in range(count)]
    started = time.perf_counter()
    for body in bodies:
        response = client.post(path, json=body, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"POST {path}: {response.status_code} {response.get_data(as_text=True)[:300]}")
    return (time.perf_counter() - started) / count * 1e6


def _time_bare(client: Any, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        response = client.get("/bare")
        if response.status_code != 200:
            raise RuntimeError(f"bare route: {response.status_code}")
    return (time.perf_counter() - started) / count * 1e6


def run(config: Config) -> dict[str, Any]:
    from benchmarks.api import LISTS
    from benchmarks.bare_app import app as bare_app

    count = 200 if config.quick else 2000
    mock, headers = _mock_client()
    bare = bare_app.test_client()
    names = itertools.count()
    _time_post(mock, LISTS, headers, names, 50)  # warm-up: imports, first-use caches
    _time_bare(bare, 50)
    mock_us, bare_us, bare_post_us = [], [], []
    gc.collect()
    for _ in range(config.runs):  # interleaved, so drift on a shared machine hits both sides alike
        mock_us.append(_time_post(mock, LISTS, headers, names, count))
        bare_us.append(_time_bare(bare, count))
        bare_post_us.append(_time_post(bare, "/bare", headers, names, count))
    figures = {
        "mock_post_us": summary(mock_us, "µs"),
        "bare_get_us": summary(bare_us, "µs"),
        "bare_post_us": summary(bare_post_us, "µs"),
    }
    value = ratio(figures["mock_post_us"], figures["bare_get_us"])
    return {
        "figures": figures,
        # The target is the first ratio (the baseline, a bare route returning a small JSON); the second
        # charges the test client's cost of sending the same body to both sides.
        "ratios": {
            "mock_post / bare": value,
            "mock_post / bare POST of the same request": ratio(figures["mock_post_us"], figures["bare_post_us"]),
        },
        "targets": [
            {
                "name": "in-process ratio",
                "value": value,
                "target": f"≤ {TARGET_RATIO}",
                "met": value is not None and value <= TARGET_RATIO,
            }
        ],
        "notes": [
            f"{count} requests per run, {config.runs} runs; full stack = token, rate window, body binding, "
            "rules, store, response serialisation"
        ],
    }
