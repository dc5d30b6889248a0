"""The core's named state operations over the backend: tokens, faults, the clock, the journal's log and the tenant
registry; each record type's codec round-trips (what the Redis backend stores)."""

from __future__ import annotations

import json
import random
import threading
import time
from typing import Any, Callable

import pytest

from mockserver.core.clock import CLOCK_CODEC, Clock, ClockState
from mockserver.core.faults import (
    FAULTS,
    FaultSpec,
    add_fault,
    clear_faults,
    has_faults,
    list_faults,
    remove_fault,
    take_fault,
)
from mockserver.core.tenants import CLIENTS, BoundClient, Tenants
from mockserver.core.tokens import (
    TOKEN_CODEC,
    Token,
    find_token,
    issue_token,
    revoke_all_tokens,
    revoke_tokens_of_tenant,
    token_key,
)
from mockserver.settings import DEFAULT_CLIENT, Settings
from mockserver.state import SHARED, Codec, TenantState
from mockserver.state.memory import MemoryBackend


class _YieldingTx:
    """A transaction that gives other threads a turn after every read, as a remote backend's round trip does: a
    check-then-write outside ``atomic`` then loses updates here at once instead of passing by the GIL's luck."""

    def __init__(self, tx: Any) -> None:
        self._tx = tx

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._tx, name)
        if name not in ("get", "get_many", "count", "keys", "items", "value"):
            return method

        def read(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            time.sleep(0)  # a thread switch, not a wait
            return result

        return read


class YieldingBackend(MemoryBackend):
    def atomic(self, tenant: str, fn: Callable[[Any], Any]) -> Any:
        return super().atomic(tenant, lambda tx: fn(_YieldingTx(tx)))

    def view(self, tenant: str) -> Any:
        return _YieldingTx(super().view(tenant))


@pytest.fixture
def backend() -> MemoryBackend:
    return YieldingBackend()


@pytest.fixture
def shared(backend: MemoryBackend) -> TenantState:
    return TenantState(backend, SHARED)


def round_trips(codec: Codec[Any], record: Any) -> None:
    data = json.loads(json.dumps(codec.dump(record)))  # JSON-able, and back to an equal record
    assert codec.load(data) == record
    assert codec.dump(codec.load(data)) == data


def run_threads(count: int, work: Callable[[], None]) -> None:
    start = threading.Barrier(count)

    def run() -> None:
        start.wait()
        work()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- tokens --------------------------------------------------------------------------------------------------------


def _token(secret: str, tenant: str | None = None, expires_at: float = 100.0) -> Token:
    return Token(token_key(secret), "client", frozenset({"outbound:*:*"}), expires_at, "u1", "Ann", tenant)


def test_a_token_is_found_by_its_secret_which_is_never_stored(shared: TenantState) -> None:
    issue_token(shared, _token("s3cret"), now=0)
    found = find_token(shared, "s3cret")
    assert found is not None and found.user_name == "Ann" and found.key == token_key("s3cret")
    assert find_token(shared, "other") is None
    assert "s3cret" not in json.dumps(TOKEN_CODEC.dump(found))
    round_trips(TOKEN_CODEC, found)


def test_revoking_a_tenants_tokens_keeps_the_others(shared: TenantState) -> None:
    issue_token(shared, _token("a", tenant="A"), now=0)
    issue_token(shared, _token("b", tenant="B"), now=0)
    issue_token(shared, _token("c"), now=0)
    assert revoke_tokens_of_tenant(shared, "A") == 1
    assert [find_token(shared, s) is not None for s in "abc"] == [False, True, True]
    revoke_all_tokens(shared)
    assert [find_token(shared, s) for s in "abc"] == [None, None, None]


def test_the_issuer_sweeps_tokens_expired_on_the_mock_clock(
    shared: TenantState, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mockserver.core import tokens

    monkeypatch.setattr(tokens, "SWEEP_EVERY", 1)
    issue_token(shared, _token("old", expires_at=10), now=0)
    issue_token(shared, _token("live", expires_at=1000), now=50)
    assert find_token(shared, "old") is None and find_token(shared, "live") is not None


# --- faults --------------------------------------------------------------------------------------------------------


def _spec(**fields: Any) -> FaultSpec:
    return FaultSpec.model_validate({"path": "/api/*", "status": 503, **fields})


def test_fault_operations_and_the_codec(backend: MemoryBackend) -> None:
    state = TenantState(backend, "t")
    assert not has_faults(state)
    first = add_fault(state, _spec(token="bearer-secret", times=3, latencyMs={"min": 1, "max": 2}))
    second = add_fault(state, _spec(method="post", retryAfter=5))
    assert has_faults(state) and [f.id for f in list_faults(state)] == [first.id, second.id]
    assert first.spec.token is None and first.token_digest is not None  # the secret is not kept
    assert first.as_dict()["token"] == "***"
    for fault in list_faults(state):
        round_trips(FAULTS.codec, fault)
    assert remove_fault(state, first.id) and not remove_fault(state, first.id)
    assert clear_faults(state) == 1 and not has_faults(state)


def test_take_matches_counts_and_removes_a_spent_fault(backend: MemoryBackend) -> None:
    state, rng = TenantState(backend, "t"), random.Random(1)
    fault = add_fault(state, _spec(times=2, token="tok"))
    assert take_fault(state, "GET", "/api/x", "other", rng) is None  # another token
    assert take_fault(state, "GET", "/elsewhere", "tok", rng) is None
    used = take_fault(state, "GET", "/api/x", "tok", rng)
    assert used is not None and (used.id, used.hits, used.remaining) == (fault.id, 1, 1)
    assert list_faults(state)[0].hits == 1  # stored as a new record
    assert take_fault(state, "GET", "/api/x", "tok", rng) is not None
    assert take_fault(state, "GET", "/api/x", "tok", rng) is None and not has_faults(state)


@pytest.mark.parametrize("times", [2, 300])  # 300: long enough a contention that a lost update would show
def test_a_fault_fires_exactly_its_times_under_many_threads(backend: MemoryBackend, times: int) -> None:
    state, rng = TenantState(backend, "t"), random.Random(1)
    add_fault(state, _spec(times=times))
    fired: list[int] = []

    def hammer() -> None:
        for _ in range(50):
            if take_fault(state, "GET", "/api/x", None, rng) is not None:
                fired.append(1)

    run_threads(16, hammer)
    assert len(fired) == times and not has_faults(state)


# --- clock ---------------------------------------------------------------------------------------------------------


def test_the_clock_state_is_shared_through_the_backend(shared: TenantState) -> None:
    first = Clock("frozen", shared)
    second = Clock("frozen", shared)  # another worker's clock over the same state
    assert second.time() == first.time()
    first.advance(30)
    assert second.offset == 0  # its copy is refreshed once per request ...
    second.refresh()  # ... and with the memory backend (one process) not at all:
    assert second.offset == 0
    shared.backend.shared_across_processes = True  # type: ignore[misc]  # what the Redis backend says
    refreshing = Clock("frozen", shared)
    assert refreshing.offset == 30  # a new worker adopts the stored state
    first.advance(10)
    refreshing.refresh()
    assert refreshing.offset == 40 and refreshing.time() == first.time()
    assert first.next_epoch() == 1
    refreshing.refresh()
    assert refreshing.epoch == 1
    round_trips(CLOCK_CODEC, ClockState("frozen", 40.0, 1234.5, 1))


def test_advances_from_many_threads_all_count(shared: TenantState) -> None:
    clock = Clock("frozen", shared)
    run_threads(8, lambda: [clock.advance(1) for _ in range(25)])
    assert clock.offset == 200


# --- tenant registry -----------------------------------------------------------------------------------------------


def test_max_tenants_holds_exactly_under_many_threads(backend: MemoryBackend) -> None:
    tenants = Tenants(Settings(max_tenants=10), backend)  # the default tenant is one of them
    created: list[str] = []
    refused: list[str] = []

    def create() -> None:
        name = f"t{threading.get_ident()}"
        for index in range(5):
            try:
                created.append(tenants.get(f"{name}-{index}").name)
            except Exception:  # noqa: BLE001 - the 409 past max_tenants
                refused.append(name)

    run_threads(8, create)
    assert len(created) == 9 and len(refused) == 40 - 9 and len(tenants) == 10


def test_removal_forgets_the_tenant_its_clients_tokens_and_state() -> None:
    tenants = Tenants(Settings())
    tenant = tenants.get("gone")
    client = tenants.credentials("gone")
    assert tenants.credentials("gone") == client  # the same one on every call
    assert tenants.bound_client(client.client_id) == (client, "gone")
    issue_token(tenants.shared, _token("tok", tenant="gone"), now=0)
    add_fault(tenant.state, _spec())
    tenants.route_unmarked("gone")
    assert tenants.unmarked == "gone" and tenants.bound_tenant("Bearer tok") == "gone"
    assert tenants.remove("gone") and not tenants.remove("gone")
    assert tenants.find("gone") is None and tenants.bound_client(client.client_id) is None
    assert find_token(tenants.shared, "tok") is None and tenants.unmarked == "default"
    assert not has_faults(tenants.get("gone").state)  # a fresh tenant under the old name
    round_trips(CLIENTS.codec, BoundClient(DEFAULT_CLIENT, "t"))


def test_reset_clears_namespaces_and_optionally_tokens() -> None:
    tenants = Tenants(Settings())
    state = tenants.get("a").state
    add_fault(state, _spec())
    issue_token(tenants.shared, _token("tok"), now=0)
    tenants.reset("a")
    assert not has_faults(state) and find_token(tenants.shared, "tok") is not None
    epoch = tenants.clock.epoch
    tenants.reset(tokens=True)
    assert find_token(tenants.shared, "tok") is None and tenants.clock.epoch == epoch + 1
    assert [t.name for t in tenants.all()] == ["a", "default"]  # a reset keeps the tenants


# --- journal -------------------------------------------------------------------------------------------------------


def test_journal_entries_round_trip_as_rendered_records(make_app: Callable[..., Any]) -> None:
    """What the Redis backend stores for an entry: the rendered (redacted) dict, read back as the same entry."""
    from mockserver.core.journal import JOURNAL_CODEC, journal_records, read_journal

    app = make_app()
    client = app.test_client()
    client.get("/api/v2/outbound/contactlists?access_token=hidden", headers={"Authorization": "Bearer secret"})
    (record,) = journal_records(app.config["MOCK_TENANTS"].default.state)
    data = json.loads(json.dumps(JOURNAL_CODEC.dump(record)))
    assert "secret" not in json.dumps(data) and "hidden" not in json.dumps(data)
    restored = JOURNAL_CODEC.load(data)
    assert restored.as_dict() == read_journal(app.config["MOCK_TENANTS"].default.state)[0]
    assert restored.correlation_id == record.correlation_id and not restored.evicted


# --- snapshots -----------------------------------------------------------------------------------------------------


def test_a_state_document_lands_in_one_transaction(
    make_app: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PUT /__mock/state installs every area of the tenant in ONE atomic (nobody sees half a document), and a
    seed adds its data the same way."""
    app = make_app()
    client = app.test_client()
    assert (
        client.post(
            "/__mock/seed", json={"seed": 3, "contactLists": 1, "contactsPerList": 2, "externalContacts": 1}
        ).status_code
        == 201
    )
    document = client.get("/__mock/state").get_json()
    calls: list[str] = []
    original = TenantState.atomic

    def counting(self: TenantState, fn: Callable[[Any], Any]) -> Any:
        calls.append(self.tenant)
        return original(self, fn)

    monkeypatch.setattr(TenantState, "atomic", counting)
    assert client.put("/__mock/state", json=document, headers={"X-Mock-Tenant": "copy"}).status_code == 200
    assert calls.count("copy") == 1
    monkeypatch.undo()
    assert client.get("/__mock/state", headers={"X-Mock-Tenant": "copy"}).get_json() == document
