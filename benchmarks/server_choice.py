"""The serving-layer comparison: the same mock app under waitress, gunicorn (gthread, one process) and granian.

Each server hosts one process, so the in-memory state stays whole; after the load, the number of lists the mock
holds must equal the number of successful POSTs (a server that lost or doubled requests would show here).
"""

from __future__ import annotations

import contextlib
from typing import Any

from benchmarks import servers, wrk
from benchmarks.api import LISTS, Session
from benchmarks.config import Config
from benchmarks.stats import ratio, summary

SERVERS = ("waitress", "gunicorn", "granian")


def _state_consistent(session: Session, created: int, in_flight: int) -> bool:
    """Stored lists = successful POSTs, give or take the requests in flight when wrk stopped (it does not count
    them, the server may still have answered them)."""
    response = session.client.get(LISTS, params={"pageSize": 1})
    total = response.json().get("total") if response.status_code == 200 else None
    return isinstance(total, int) and created <= total <= created + in_flight


def run(config: Config) -> dict[str, Any]:
    if not wrk.available():
        return {"error": wrk.INSTALL_HINT}
    samples: dict[str, list[float]] = {}
    notes = [
        f"wrk, 32 connections, {config.duration:g} s per run, {config.runs} runs; 8 threads per server; "
        "the mock through benchmarks/wsgi.py, the bare app through benchmarks/bare_app.py"
    ]
    consistent: dict[str, bool] = {}
    with contextlib.ExitStack() as stack:
        started = {}
        for server in SERVERS:
            try:
                started[server] = (
                    stack.enter_context(servers.started("mock", server)),
                    stack.enter_context(servers.started("bare", server)),
                )
            except Exception as exc:  # a server that is not installed is reported, not fatal
                notes.append(f"{server} not measured: {exc}")
        sessions = {server: Session.open(mock.base_url) for server, (mock, _bare) in started.items()}
        created = {server: 1 for server in started}
        list_ids = {server: sessions[server].create_list() for server in started}
        for run_no in range(config.runs):
            for server, (mock, bare) in started.items():
                token = sessions[server].token
                for method, path in (("GET", f"{LISTS}/{list_ids[server]}"), ("POST", LISTS)):
                    result = wrk.run(
                        mock.base_url + path,
                        path,
                        method=method,
                        connections=32,
                        duration=config.duration,
                        token=token,
                        prefix=f"{server}{run_no}",
                    )
                    if method == "POST":
                        created[server] += result.total - result.non_2xx
                    samples.setdefault(f"{server}_mock_{method}_rps", []).append(result.requests_per_second)
                    samples.setdefault(f"{server}_mock_{method}_p99_ms", []).append(result.p99_ms)
                bare_result = wrk.run(
                    bare.base_url + "/bare",
                    "/bare",
                    method="GET",
                    connections=32,
                    duration=config.duration,
                    token="none",
                )
                samples.setdefault(f"{server}_bare_GET_rps", []).append(bare_result.requests_per_second)
        for server, session in sessions.items():
            consistent[server] = _state_consistent(session, created[server], 32 * config.runs)
            session.close()
    figures = {key: summary(values, "req/s" if key.endswith("rps") else "ms") for key, values in samples.items()}
    ratios = {
        f"{server}/waitress mock POST req/s": ratio(
            figures.get(f"{server}_mock_POST_rps"), figures.get("waitress_mock_POST_rps")
        )
        for server in SERVERS
        if server != "waitress"
    }
    notes += [
        f"{server}: stored lists {'match' if ok else 'DO NOT match'} the successful POSTs"
        for server, ok in consistent.items()
    ]
    return {"figures": figures, "ratios": ratios, "notes": notes}
