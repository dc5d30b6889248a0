"""The mock over a real Redis: 503 ``service.unavailable`` (not 500) while Redis is away and service again once it is
back on the same port; ``genesys-mock serve --state`` refuses to start against a Redis it cannot reach."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, jsonify

from mockserver import create_app
from mockserver.core.context import tenant_state
from mockserver.settings import Settings
from mockserver.state import StateConflict, Table
from mockserver.testing.redis_server import RedisServer, free_port
from tests.conftest import assert_error, get_token, unique_prefix_url
from tests.server.conftest import RunCli, StartServer

LISTS = "/api/v2/outbound/contactlists"
PROBE = Table("probe")
PROBE_PATH = "/api/v2/probe/state"
CONFLICT_PATH = "/api/v2/probe/conflict"


def app_over(url: str) -> Flask:
    """An app whose one extra API route writes to the request tenant's state (no area does on this branch yet)."""
    app = create_app(Settings(state=url, log_requests=False))

    def probe() -> Any:
        def add(tx: Any) -> int:
            count = tx.count(PROBE)
            tx.put(PROBE, f"k{count}", {"n": count})
            return count + 1

        return jsonify({"count": tenant_state().atomic(add)})

    def conflict() -> Any:
        raise StateConflict("kept conflicting")  # what atomic() raises past its retry budget

    app.add_url_rule(PROBE_PATH, "probe_state", probe, methods=["POST"])
    app.add_url_rule(CONFLICT_PATH, "probe_conflict", conflict, methods=["POST"])
    return app


def test_an_api_call_answers_503_while_redis_is_down_and_recovers_on_restart(tmp_path: Path) -> None:
    server = RedisServer(tmp_path, persistent=True).start()  # what it held (the token too) survives the outage
    try:
        client = app_over(server.url).test_client()
        headers = {"Authorization": f"Bearer {get_token(client)}"}
        assert client.post(PROBE_PATH, headers=headers).get_json() == {"count": 1}

        server.stop()
        response = client.post(PROBE_PATH, headers=headers)
        body = assert_error(response, 503, "service.unavailable")
        assert body["message"] == "The service is currently unavailable."
        assert response.headers["Retry-After"] == "1"
        assert_error(client.post("/__mock/reset"), 503, "service.unavailable")  # the admin API too
        conflicted = client.post(CONFLICT_PATH, headers=headers)
        assert_error(conflicted, 503, "service.unavailable")
        assert conflicted.headers["Retry-After"] == "1"

        server.start()  # the same port; the same app and backend connect again by themselves
        assert client.post(PROBE_PATH, headers=headers).get_json() == {"count": 2}  # nothing half-applied
        assert client.post(PROBE_PATH, headers=headers).get_json() == {"count": 3}
    finally:
        server.stop()


def test_a_request_on_entries_another_process_made_stale_runs_again_and_counts_once(redis_url: str) -> None:
    """Two apps over one state are two processes' caches: the second adds a fault and revokes nothing else; the
    first's next request starts on its stale "no faults", its rate window's hit finds the generation moved, counts
    nothing, and the request runs again: the fault answers, and the window counts only the requests that reached
    it."""
    url = unique_prefix_url(redis_url)
    mine, other = (create_app(Settings(state=url, log_requests=False)).test_client() for _ in range(2))
    headers = {"Authorization": f"Bearer {get_token(mine)}"}
    first = mine.get(LISTS, headers=headers)
    assert first.status_code == 200
    counted = int(first.headers["inin-ratelimit-count"])
    fault = other.post("/__mock/faults", json={"method": "GET", "path": LISTS, "status": 503, "times": 1})
    assert fault.status_code == 201
    faulted = mine.get(LISTS, headers=headers)
    assert_error(faulted, 503, "service.unavailable")
    assert faulted.headers["X-Mock-Fault"] == fault.get_json()["id"]
    after = mine.get(LISTS, headers=headers)
    assert after.status_code == 200
    assert int(after.headers["inin-ratelimit-count"]) == counted + 1  # the faulted request was never counted


def test_settings_take_the_state_url_from_the_environment(monkeypatch: pytest.MonkeyPatch, redis_url: str) -> None:
    url = unique_prefix_url(redis_url)
    monkeypatch.setenv("GENESYS_MOCK_STATE", url)
    assert Settings().state == url
    backend = create_app(Settings(log_requests=False)).config["MOCK_TENANTS"].backend
    assert backend.shared_across_processes and backend.url == url


def test_serve_exits_2_naming_a_redis_it_cannot_reach(run_cli: RunCli) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = run_cli("serve", "--port", "0", "--state", url)
    assert result.returncode == 2, result
    assert f"cannot reach the state backend {url}" in result.stderr
    assert "listening" not in result.stdout


def test_serve_reads_the_state_url_from_the_environment(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0?prefix=env"
    monkeypatch.setenv("GENESYS_MOCK_STATE", url)
    result = run_cli("serve", "--port", "0")
    assert result.returncode == 2, result
    assert f"cannot reach the state backend {url}" in result.stderr


def test_serve_rejects_a_state_that_is_no_backend(run_cli: RunCli) -> None:
    result = run_cli("serve", "--port", "0", "--state", "postgres://db/0")
    assert result.returncode == 2, result
    assert "use 'memory' or a Redis URL" in result.stderr


def test_serve_over_a_reachable_redis_starts(start_server: StartServer, redis_url: str) -> None:
    url = unique_prefix_url(redis_url)
    server = start_server("--state", url)
    with server.client() as client:
        assert client.get("/__mock/health").status_code == 200
        assert client.post("/__mock/reset").status_code in (200, 204)  # clears the tenant's keys in Redis


def test_a_bulk_job_started_by_another_process_is_settled_where_none_was_cached(redis_url: str) -> None:
    """A process that cached "no bulk job in this tenant" (outbound/job_state.py) learns of another process's first
    job through the configuration generation, and applies its progress on its next request on the list."""
    from tests.api.test_outbound_bulk_jobs import GOLD, Org

    url = unique_prefix_url(redis_url)
    # The clock runs (an advance would bump the generation itself): 20 contacts at 1000 a second take 20 ms.
    options: dict[str, Any] = {"state": url, "log_requests": False, "outbound": {"bulk_records_per_second": 1000}}
    mine, other = create_app(Settings(**options)), create_app(Settings(**options))
    org = Org(mine, 40)
    assert len(org.ids()) == 40  # this process has read (and cached) that the tenant has no job
    there = other.test_client()
    auth = {"Authorization": f"Bearer {get_token(there)}"}
    started = there.post(f"{org.contacts}/bulk/remove", json=GOLD, headers=auth)
    assert started.status_code == 200, started.get_json()
    deadline = time.monotonic() + 10
    while len(org.ids()) != 20:
        assert time.monotonic() < deadline, "the other process's job was never applied here"
    assert sorted(org.ids()) == sorted(f"c-{i}" for i in range(1, 40, 2))
