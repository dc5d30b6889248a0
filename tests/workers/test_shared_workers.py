"""Several worker processes on one port over one Redis make ONE mock (issue 14 items 4 and the tests it names).

Every test runs ``genesys-mock serve --state redis://… --workers N`` (2–4) and a real redis-server, and talks to
chosen workers (see conftest.py: a kept-alive connection stays with one worker). What holds across processes:
a token from one worker works at every other; writes, the clock, reset and tenants reach every worker; a rate
window of N allows exactly N requests over all workers; a fault with ``times: 2`` fires exactly twice; 16 threads of
mixed writes end in exactly the acknowledged state; ``kill -9`` of a worker under load loses nothing acknowledged
while the others keep serving. (Several workers over the in-memory state are refused: tests/server.)

``GENESYS_MOCK_WORKERS_TEST_SECONDS`` shortens the mixed-writes run (default 20 s, as issue 14 asks).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from mockserver.serving.granian_server import SHARED_RESPAWN_LINE
from tests.server.conftest import STOP_DEADLINE, ServerProcess
from tests.workers.conftest import StartWorkers, every_worker, token, worker_pid, worker_processes

pytestmark = [pytest.mark.server, pytest.mark.extended]  # several worker processes per test

LISTS = "/api/v2/outbound/contactlists"
COLUMNS = {"columnNames": ["phone", "n"], "phoneColumns": [{"columnName": "phone", "type": "cell"}]}
MIXED_SECONDS = float(os.environ.get("GENESYS_MOCK_WORKERS_TEST_SECONDS", "20"))
RECONNECT_EVERY = 10
"""Requests per connection in the load tests: each new connection may land on another worker."""
UNLIMITED = {"rate_limit": {"requests": 1_000_000_000, "window_seconds": 60}}
"""The load tests' settings: the default window (300 requests a minute per token) would answer 429s."""


def new_list(client: httpx.Client, headers: dict[str, str], name: str) -> dict[str, Any]:
    response = client.post(LISTS, json={"name": name, **COLUMNS}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def outbound_state(client: httpx.Client, tenant: str | None = None) -> dict[str, dict[str, Any]]:
    """``GET /__mock/state``'s outbound lists: id -> {"list": the list, "contacts": id -> contact data}."""
    response = client.get("/__mock/state", headers={"X-Mock-Tenant": tenant} if tenant else {})
    assert response.status_code == 200, response.text
    return {
        entry["contactList"]["id"]: {
            "list": entry["contactList"],
            "contacts": {c["id"]: c["data"] for c in entry["contacts"]},
        }
        for entry in response.json()["areas"]["outbound"]["contactLists"]
    }


# ------------------------------------------------------------------------------- what one worker does, all see


def test_a_token_issued_by_one_worker_works_at_every_worker(start_workers: StartWorkers) -> None:
    server = start_workers(3)
    with every_worker(server, 3) as clients:
        issuer, *others = clients.values()
        headers = token(issuer)
        for pid, client in clients.items():
            response = client.get(LISTS, headers=headers)
            assert response.status_code == 200, (pid, response.text)
            assert worker_pid(client) == pid  # the request really went to that worker


def test_a_write_on_one_worker_is_read_on_every_worker_in_its_tenant(start_workers: StartWorkers) -> None:
    server = start_workers(2)
    with every_worker(server, 2) as clients:
        writer, reader = clients.values()
        headers = token(writer)
        created = new_list(writer, {**headers, "X-Mock-Tenant": "team-a"}, "seen everywhere")
        for client in clients.values():
            assert (
                client.get(f"{LISTS}/{created['id']}", headers={**headers, "X-Mock-Tenant": "team-a"}).json() == created
            )
            assert client.get(f"{LISTS}/{created['id']}", headers=headers).status_code == 404  # default tenant
            tenants = client.get("/__mock/tenants").json()
            assert "team-a" in {entry["name"] for entry in tenants["entities"]}, tenants


def test_clock_advance_and_reset_reach_every_worker(start_workers: StartWorkers) -> None:
    server = start_workers(3, config={"clock": {"mode": "frozen"}})
    with every_worker(server, 3) as clients:
        first, *_ = clients.values()
        headers = token(first)
        before = {pid: client.get("/__mock/clock").json() for pid, client in clients.items()}
        advanced = first.post("/__mock/clock/advance", json={"seconds": 3600}).json()
        for pid, client in clients.items():
            clock = client.get("/__mock/clock").json()
            assert clock["offsetSeconds"] == before[pid]["offsetSeconds"] + 3600, (pid, clock)
            assert clock["now"] == advanced["now"], (pid, clock)  # frozen: one time for all workers

        new_list(first, headers, "reset me")
        assert first.post("/__mock/reset").status_code == 200
        for pid, client in clients.items():
            assert client.get(LISTS, headers=headers).json()["total"] == 0, pid


def test_a_rate_window_of_n_allows_exactly_n_requests_across_workers(start_workers: StartWorkers) -> None:
    limit, extra = 60, 20
    server = start_workers(3, config={"rate_limit": {"requests": limit, "window_seconds": 3600}})
    with server.client() as client:
        headers = token(client)

    def burst(calls: int) -> list[int]:
        with server.client() as own:  # its own connection, so the threads spread over the workers
            return [own.get(LISTS, headers=headers).status_code for _ in range(calls)]

    with ThreadPoolExecutor(8) as pool:
        statuses = [status for batch in pool.map(burst, [(limit + extra) // 8] * 8) for status in batch]
    assert len(statuses) == limit + extra
    assert statuses.count(200) == limit and statuses.count(429) == extra, sorted(set(statuses))


def test_a_fault_with_times_2_fires_exactly_twice_across_workers(start_workers: StartWorkers) -> None:
    server = start_workers(3)
    with every_worker(server, 3) as clients:
        first, *_ = clients.values()
        headers = token(first)
        fault = {"method": "GET", "path": LISTS, "times": 2, "status": 503}
        assert first.post("/__mock/faults", json=fault).status_code == 201

        def calls(client: httpx.Client) -> list[int]:
            return [client.get(LISTS, headers=headers).status_code for _ in range(10)]

        with ThreadPoolExecutor(len(clients)) as pool:
            statuses = [status for batch in pool.map(calls, clients.values()) for status in batch]
    assert statuses.count(503) == 2 and statuses.count(200) == len(statuses) - 2, statuses


def test_an_import_runs_in_one_worker_shows_everywhere_and_fails_when_that_worker_dies(
    start_workers: StartWorkers,
) -> None:
    """The CSV import runs in the worker that took the upload; its progress is read at another worker; killed with
    it, the import is marked FAILED once its lease expires (instead of IN_PROGRESS forever)."""
    try:
        from mockserver.outbound.state import LEASE_SECONDS
    except ImportError:  # pragma: no cover - before the outbound state module has the import lease
        pytest.skip("the import lease comes with outbound's state module")
    rows = 2000
    server = start_workers(2, config={"outbound": {"import_rows_per_second": 20}})  # ~100 s: it outlives the kill
    with every_worker(server, 2) as clients:
        (runner_pid, runner), (_, watcher) = clients.items()
        headers = token(runner)
        list_id = new_list(runner, headers, "imported")["id"]
        csv = "phone,n\n" + "".join(f"+1202555{i:04d},{i}\n" for i in range(rows))
        uploaded = runner.post(
            "/uploads/v2/contactlist",
            files={"file": ("contacts.csv", csv, "text/csv")},
            data={"id": list_id, "fileType": "contactlist"},
            headers=headers,
        )
        assert uploaded.status_code == 200, uploaded.text

        def status() -> dict[str, Any]:
            response = watcher.get(f"{LISTS}/{list_id}/importstatus", headers=headers)
            assert response.status_code == 200, response.text
            return response.json()

        end = time.monotonic() + 30
        while not (progress := status())["completedRecords"]:
            assert time.monotonic() < end, progress
            _pace(server)
        assert progress["state"] == "IN_PROGRESS" and 0 < progress["completedRecords"] < rows, progress
        psutil.Process(runner_pid).kill()

        end = time.monotonic() + LEASE_SECONDS + 30
        while (final := status())["state"] != "FAILED":
            assert final["state"] == "IN_PROGRESS" and final["completedRecords"] < rows, final
            assert time.monotonic() < end, f"still {final} {LEASE_SECONDS + 30} s after its worker died"
            _pace(server)


def _pace(server: ServerProcess) -> None:
    """Between two polls of the server: wait on its process (fails if it exits), not a bare sleep."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(timeout=0.2)
        raise AssertionError("the server exited")


# --------------------------------------------------------------------------------------------------------- load


@dataclass
class Acknowledged:
    """What the server acknowledged (2xx) to one thread: the model the final state must equal."""

    lists: dict[str, dict[str, Any]] = field(default_factory=dict)  # own list id -> {"name", "version"}
    contacts: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)  # (list id, contact id) -> data
    refused: int = 0  # 503 under contention: nothing applied (the backend's promise), so not in the model


class MixedWriter:
    """One thread's mixed creates/updates/deletes of its own contact lists, and of its own contacts in the lists all
    threads share. Owning what it writes makes the expected final state exact; sharing the lists makes the
    threads' transactions meet on the same keys in Redis."""

    def __init__(self, server: ServerProcess, headers: dict[str, str], shared: list[str], index: int) -> None:
        self.server, self.headers, self.shared, self.index = server, headers, shared, index
        self.rng = random.Random(index)
        self.acked = Acknowledged()
        self.serial = 0

    def run(self, deadline: float) -> Acknowledged:
        client = self.server.client()
        try:
            calls = 0
            while time.monotonic() < deadline:
                if calls and calls % RECONNECT_EVERY == 0:
                    client.close()
                    client = self.server.client()
                self.step(client)
                calls += 1
        finally:
            client.close()
        return self.acked

    def _check(self, response: httpx.Response) -> bool:
        """True when acknowledged; a 503 (a transaction that kept conflicting) applied nothing; else a failure."""
        if response.status_code == 503:
            assert response.json()["code"] == "service.unavailable", response.text
            self.acked.refused += 1
            return False
        assert response.is_success, (response.request.method, response.request.url, response.text)
        return True

    def step(self, client: httpx.Client) -> None:
        self.serial += 1
        own_lists = list(self.acked.lists)
        own_contacts = list(self.acked.contacts)
        choice = self.rng.random()
        if choice < 0.10 or not own_lists and choice < 0.25:
            name = f"t{self.index}-list{self.serial}"
            response = client.post(LISTS, json={"name": name, **COLUMNS}, headers=self.headers)
            if self._check(response):
                self.acked.lists[response.json()["id"]] = {"name": name, "version": 1}
        elif choice < 0.16 and own_lists:
            list_id = self.rng.choice(own_lists)
            known = self.acked.lists[list_id]
            name = f"t{self.index}-renamed{self.serial}"
            response = client.put(
                f"{LISTS}/{list_id}", json={"name": name, "version": known["version"], **COLUMNS}, headers=self.headers
            )
            if self._check(response):
                self.acked.lists[list_id] = {"name": name, "version": response.json()["version"]}
        elif choice < 0.25 and own_lists:
            list_id = self.rng.choice(own_lists)
            if self._check(client.delete(f"{LISTS}/{list_id}", headers=self.headers)):
                del self.acked.lists[list_id]
        elif choice < 0.65 or not own_contacts:
            list_id = self.rng.choice(self.shared)
            contact_id, data = f"t{self.index}-c{self.serial}", {"phone": "+15550100001", "n": str(self.serial)}
            response = client.post(
                f"{LISTS}/{list_id}/contacts", json=[{"id": contact_id, "data": data}], headers=self.headers
            )
            if self._check(response):
                self.acked.contacts[(list_id, contact_id)] = data
        elif choice < 0.85:
            list_id, contact_id = self.rng.choice(own_contacts)
            data = {"phone": "+15550100002", "n": f"updated{self.serial}"}
            response = client.put(f"{LISTS}/{list_id}/contacts/{contact_id}", json={"data": data}, headers=self.headers)
            if self._check(response):
                self.acked.contacts[(list_id, contact_id)] = data
        else:
            list_id, contact_id = self.rng.choice(own_contacts)
            if self._check(client.delete(f"{LISTS}/{list_id}/contacts/{contact_id}", headers=self.headers)):
                del self.acked.contacts[(list_id, contact_id)]


def test_16_threads_of_mixed_writes_end_in_exactly_the_acknowledged_state(start_workers: StartWorkers) -> None:
    workers = 3
    server = start_workers(workers, config=UNLIMITED)
    with server.client() as client:
        headers = token(client)
        shared = [new_list(client, headers, f"shared-{n}")["id"] for n in range(4)]
    writers = [MixedWriter(server, headers, shared, index) for index in range(16)]
    deadline = time.monotonic() + MIXED_SECONDS
    with ThreadPoolExecutor(len(writers)) as pool:
        results = list(pool.map(lambda writer: writer.run(deadline), writers))

    with server.client() as client:
        state = outbound_state(client)
    expected_lists = {list_id: known for acked in results for list_id, known in acked.lists.items()}
    stored_lists = {
        list_id: {"name": entry["list"]["name"], "version": entry["list"]["version"]}
        for list_id, entry in state.items()
        if list_id not in shared
    }
    assert stored_lists == expected_lists
    expected_contacts = {key: data for acked in results for key, data in acked.contacts.items()}
    stored_contacts = {
        (list_id, contact_id): data for list_id in shared for contact_id, data in state[list_id]["contacts"].items()
    }
    assert stored_contacts == expected_contacts
    assert len(expected_contacts) > 16 and len(expected_lists) > 0  # the run really wrote
    print(
        f"{sum(len(a.lists) for a in results)} lists, {len(expected_contacts)} contacts acknowledged; "
        f"{sum(a.refused for a in results)} writes refused with 503"
    )


def test_kill_9_of_a_worker_under_load_loses_nothing_acknowledged(start_workers: StartWorkers) -> None:
    workers = 3
    server = start_workers(workers, config=UNLIMITED)
    with server.client() as client:
        headers = token(client)
        list_id = new_list(client, headers, "under fire")["id"]
    victim = worker_processes(server)[0]
    acked: dict[str, int] = {}  # contact id -> the pid of the worker that acknowledged it
    after_kill: list[int] = []  # pids of workers that acknowledged a write after the kill
    lost_connections = [0]
    killed, enough_before = threading.Event(), threading.Event()
    lock = threading.Lock()
    target_before, target_after = 150, 150

    def load(index: int) -> None:
        serial = 0
        end = time.monotonic() + 60  # a deadline, not a pace: the loop ends as soon as enough was acknowledged
        while time.monotonic() < end and not (killed.is_set() and len(after_kill) >= target_after):
            try:
                with server.client() as client:
                    pid = worker_pid(client)
                    for _ in range(RECONNECT_EVERY):
                        serial += 1
                        contact_id = f"t{index}-c{serial}"
                        was_killed = killed.is_set()
                        response = client.post(
                            f"{LISTS}/{list_id}/contacts",
                            json=[{"id": contact_id, "data": {"phone": "+15550100001"}}],
                            headers=headers,
                        )
                        if response.status_code == 503:  # kept conflicting: applied nothing, not acknowledged
                            assert response.json()["code"] == "service.unavailable", response.text
                            continue
                        assert response.status_code == 200, response.text
                        with lock:
                            acked[contact_id] = pid
                            if was_killed:
                                after_kill.append(pid)
                            elif len(acked) >= target_before:
                                enough_before.set()
            except httpx.TransportError:  # the connection was on the killed worker: not acknowledged
                with lock:
                    lost_connections[0] += 1

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(load, index) for index in range(8)]
        end = time.monotonic() + 60
        while not enough_before.wait(timeout=0.1):  # waits on the load threads; a failed one ends the test
            for future in futures:
                if future.done():
                    future.result()
            assert time.monotonic() < end, "the load never got going"
        victim.send_signal(signal.SIGKILL)
        killed.set()
        for future in futures:
            future.result()
    victim.wait(timeout=STOP_DEADLINE)

    assert len(after_kill) >= target_after, "the surviving workers kept acknowledging writes"
    assert victim.pid not in after_kill
    with server.client() as client:
        stored = outbound_state(client)[list_id]["contacts"]
    missing = sorted(set(acked) - set(stored))
    assert not missing, f"{len(missing)} acknowledged contacts lost, e.g. {missing[:5]}"
    print(f"{len(acked)} acknowledged ({len(after_kill)} after the kill), {lost_connections[0]} connections lost")

    # The supervisor replaced the killed worker: poll for it, waiting on the supervisor process between polls.
    end = time.monotonic() + STOP_DEADLINE
    while time.monotonic() < end and not (
        SHARED_RESPAWN_LINE in server.stderr_text() and len(worker_processes(server)) == workers
    ):
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=0.05)
            raise AssertionError("the supervisor exited after a worker was killed")
    assert SHARED_RESPAWN_LINE in server.stderr_text()
    assert len(worker_processes(server)) == workers and victim.pid not in {p.pid for p in worker_processes(server)}
    server.wait_healthy()


def test_the_state_file_is_loaded_once_at_start_and_written_once_at_stop(
    start_workers: StartWorkers, shared_state_url: str, tmp_path: Path
) -> None:
    """With workers, the supervisor loads and writes the file (one writer, after every worker has stopped)."""
    state_file = tmp_path / "state.json"
    first = start_workers(2, "--state-file", str(state_file))
    with first.client() as client:
        created = new_list(client, token(client), "kept in the file")
    assert first.stop(signal.SIGTERM) == 0
    assert first.stdout_lines.count(f"genesys-mock wrote state to {state_file}") == 1, first.stdout_lines
    assert first.stdout_lines[-1] == "genesys-mock stopped"
    assert created["id"] in state_file.read_text(encoding="utf-8")

    second = start_workers(2, "--state-file", str(state_file), state=f"{shared_state_url}-second")  # empty Redis
    assert second.stdout_lines.count(f"genesys-mock loaded state from {state_file}") == 1, second.stdout_lines
    with every_worker(second, 2) as clients:
        headers = token(next(iter(clients.values())))
        for pid, client in clients.items():
            assert client.get(f"{LISTS}/{created['id']}", headers=headers).json() == created, pid


def test_a_restart_over_redis_keeps_its_state_and_does_not_seed_again(
    start_workers: StartWorkers, shared_state_url: str, tmp_path: Path
) -> None:
    """Redis keeps the state across a restart; the seed file applies on the first start over it only (a second
    application would add its data again, or refuse to start on its ids)."""
    seed_file = tmp_path / "seed.json"
    seed_file.write_text('{"seed": {"seed": 7, "contactLists": 1, "contactsPerList": 3}}', encoding="utf-8")
    first = start_workers(2, "--seed-file", str(seed_file))
    assert any(line.startswith("genesys-mock seeded 1 contact list(s)") for line in first.stdout_lines)
    with first.client() as client:
        headers = token(client)
        created = new_list(client, headers, "made after the seed")
        listed = client.get(LISTS, headers=headers).json()
    assert first.stop(signal.SIGTERM) == 0

    second = start_workers(2, "--seed-file", str(seed_file))
    assert not any(line.startswith("genesys-mock seeded") for line in second.stdout_lines), second.stdout_lines
    assert any("keeps the state held in" in line for line in second.stdout_lines), second.stdout_lines
    with second.client() as client:
        headers = token(client)
        assert client.get(LISTS, headers=headers).json()["total"] == listed["total"] == 2
        assert client.get(f"{LISTS}/{created['id']}", headers=headers).json() == created
