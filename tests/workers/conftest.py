"""Real ``genesys-mock serve --state redis://… --workers N`` processes over a real ``redis-server``.

The servers come from tests/server/conftest.py (a free port, the "listening" line, health polled with a deadline,
SIGTERM and exit 0 at teardown); Redis from the session's ``redis_url`` fixture (tests/conftest.py, a real
redis-server on a free port), with a key prefix of each test's own so tests never see each other's state.

Which worker answers: granian's workers each bind the port with ``SO_REUSEPORT``, so the kernel hands every NEW
connection to one of them, and a kept-alive connection stays with its worker. :func:`connect_to_every_worker`
opens fresh connections until each worker process (``pid`` in ``/__mock/health``) holds one.
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import psutil
import pytest

from tests.server.conftest import DEFAULT_CLIENT, ServerProcess, running_server

CONNECT_ATTEMPTS = 400
"""Fresh connections tried before giving up on reaching every worker (the kernel spreads them at random: with
4 workers, missing one in 400 tries has a probability below 1e-49)."""


@pytest.fixture
def shared_state_url(request: pytest.FixtureRequest) -> str:
    """The session's Redis with a key prefix of this test's own (``?prefix=``)."""
    try:
        url = request.getfixturevalue("redis_url")
    except pytest.FixtureLookupError:  # pragma: no cover - before the Redis backend's branch is merged
        pytest.skip("needs the redis_url fixture (tests/conftest.py, with the Redis backend)")
    return f"{url}?prefix=w{uuid.uuid4().hex[:16]}"


StartWorkers = Callable[..., ServerProcess]


@pytest.fixture
def start_workers(tmp_path: Path, shared_state_url: str) -> Iterator[StartWorkers]:
    """``start_workers(n, *args, config=..., state=...)`` -> a healthy server with ``n`` worker processes over Redis
    (granian; ``state`` replaces the test's Redis URL), stopped with SIGTERM (exit 0, "genesys-mock stopped") at
    teardown."""
    with contextlib.ExitStack() as stack:
        counter = iter(range(1_000))

        def start(
            workers: int, *args: str, config: dict[str, Any] | None = None, state: str = shared_state_url
        ) -> ServerProcess:
            workdir = tmp_path / f"server{next(counter)}"
            workdir.mkdir()
            server = stack.enter_context(
                running_server(
                    workdir, "--state", state, "--workers", str(workers), *args, config=config, serving="granian"
                )
            )
            assert len(worker_processes(server)) == workers
            return server

        yield start


def worker_processes(server: ServerProcess) -> list[psutil.Process]:
    """The supervisor's worker processes (granian starts them as its children)."""
    return psutil.Process(server.pid).children()


def worker_pid(client: httpx.Client) -> int:
    """The pid of the worker that holds ``client``'s (kept-alive) connection."""
    response = client.get("/__mock/health")
    assert response.status_code == 200, response.text
    return int(response.json()["pid"])


def connect_to_every_worker(server: ServerProcess, workers: int) -> dict[int, httpx.Client]:
    """One open client per worker process, by pid (each keeps its one connection to that worker)."""
    clients: dict[int, httpx.Client] = {}
    for _ in range(CONNECT_ATTEMPTS):
        client = server.client(limits=httpx.Limits(max_connections=1))
        pid = worker_pid(client)
        if pid in clients:
            client.close()
            continue
        clients[pid] = client
        if len(clients) == workers:
            return clients
    for client in clients.values():
        client.close()
    raise AssertionError(f"reached only workers {sorted(clients)} of {workers} in {CONNECT_ATTEMPTS} connections")


@contextlib.contextmanager
def every_worker(server: ServerProcess, workers: int) -> Iterator[dict[int, httpx.Client]]:
    clients = connect_to_every_worker(server, workers)
    try:
        yield clients
    finally:
        for client in clients.values():
            client.close()


def token(client: httpx.Client) -> dict[str, str]:
    """Bearer headers with a fresh token for the built-in client, issued by ``client``'s worker."""
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(DEFAULT_CLIENT["client_id"], DEFAULT_CLIENT["client_secret"]),
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
