"""Conformance of every state backend to the protocol (mockserver/state/backend.py): the same tests over the
in-memory backend and a real Redis (never a fake one), plus what only a backend shared by processes can show."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterator

import pytest
import redis

from mockserver.state import SHARED, Backend, Codec, StateConflict, StateUnavailable, Table, Tx, open_backend
from mockserver.state import redis as redis_backend
from mockserver.state.redis import RedisBackend, split_url
from mockserver.testing.redis_server import RedisServer
from tests.conftest import unique_prefix_url
from tests.state import backend_workers

LISTS = Table("lists")
CONTACTS = Table("contacts")
TENANT, OTHER = "acme", "other"
POLL_DEADLINE = 10.0


@dataclass(frozen=True)
class Item:
    name: str
    size: int


ITEMS = Table(
    "items", Codec(lambda item: {"name": item.name, "size": item.size}, lambda data: Item(data["name"], data["size"]))
)


@pytest.fixture(params=["memory", "redis"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    url = "memory" if request.param == "memory" else unique_prefix_url(request.getfixturevalue("redis_url"))
    opened = open_backend(url)
    yield opened
    opened.close()


def put(backend: Backend, table: Table[Any], *pairs: tuple[str, Any], tenant: str = TENANT) -> None:
    backend.atomic(tenant, lambda tx: tx.put_many(table, list(pairs)))


def poll_until(check: Any, what: str) -> None:
    """Poll ``check()`` until it is true, failing after a deadline (for expiry, which takes real time)."""
    end = time.monotonic() + POLL_DEADLINE
    while not check():
        assert time.monotonic() < end, f"{what} within {POLL_DEADLINE} s"


# -- tables ---------------------------------------------------------------------------------------------------------


def test_table_reads_and_writes(backend: Backend) -> None:
    put(backend, LISTS, ("a", {"n": 1}), ("b", {"n": 2}), ("c", {"n": 3}))
    view = backend.view(TENANT)
    assert view.get(LISTS, "b") == {"n": 2}
    assert view.get(LISTS, "zz") is None
    assert view.get_many(LISTS, ["c", "zz", "a"]) == [{"n": 3}, None, {"n": 1}]
    assert view.count(LISTS) == 3
    assert view.keys(LISTS) == ["a", "b", "c"]
    assert view.items(LISTS) == [("a", {"n": 1}), ("b", {"n": 2}), ("c", {"n": 3})]
    assert view.items(LISTS, 1) == [("b", {"n": 2}), ("c", {"n": 3})]
    assert view.items(LISTS, 0, 2) == [("a", {"n": 1}), ("b", {"n": 2})]
    assert view.items(LISTS, 1, 1) == [("b", {"n": 2})]
    assert view.items(LISTS, 5, 2) == []
    assert view.count(CONTACTS) == 0 and view.keys(CONTACTS) == [] and view.items(CONTACTS) == []

    backend.atomic(TENANT, lambda tx: tx.delete(LISTS, "b"))
    backend.atomic(TENANT, lambda tx: tx.delete_many(LISTS, ["a", "missing"]))
    assert backend.view(TENANT).items(LISTS) == [("c", {"n": 3})]


def test_order_is_kept_on_replace_and_a_deleted_key_comes_back_last(backend: Backend) -> None:
    put(backend, LISTS, ("a", 1), ("b", 2), ("c", 3))
    put(backend, LISTS, ("a", 10))
    put(backend, LISTS, ("b", 20), ("d", 4))
    assert backend.view(TENANT).items(LISTS) == [("a", 10), ("b", 20), ("c", 3), ("d", 4)]
    backend.atomic(TENANT, lambda tx: tx.delete(LISTS, "a"))
    put(backend, LISTS, ("a", 100))
    assert backend.view(TENANT).keys(LISTS) == ["b", "c", "d", "a"]

    def read_delete_put(tx: Tx) -> None:  # in one transaction, after reading it: still a new place at the end
        assert tx.get(LISTS, "b") == 20
        tx.delete(LISTS, "b")
        tx.put(LISTS, "b", 200)
        tx.put(LISTS, "c", tx.get(LISTS, "c") + 1)

    backend.atomic(TENANT, read_delete_put)
    assert backend.view(TENANT).items(LISTS) == [("c", 4), ("d", 4), ("a", 100), ("b", 200)]


def test_drop_removes_one_entity_table_only(backend: Backend) -> None:
    first, second = CONTACTS.of("list-1"), CONTACTS.of("list-2")
    put(backend, first, ("x", 1), ("y", 2))
    put(backend, second, ("x", 3))
    backend.atomic(TENANT, lambda tx: tx.drop(first))
    view = backend.view(TENANT)
    assert view.count(first) == 0 and view.get(first, "x") is None
    assert view.items(second) == [("x", 3)]
    put(backend, first, ("z", 9))  # a dropped table can be filled again
    assert backend.view(TENANT).items(first) == [("z", 9)]


def test_a_codec_round_trips_records(backend: Backend) -> None:
    put(backend, ITEMS, ("one", Item("one", 1)), ("two", Item("two", 2)))
    view = backend.view(TENANT)
    assert view.get(ITEMS, "two") == Item("two", 2)
    assert view.items(ITEMS) == [("one", Item("one", 1)), ("two", Item("two", 2))]
    assert [pair for batch in backend.scan(TENANT, ITEMS) for pair in batch][0] == ("one", Item("one", 1))


def test_scan_yields_batches_in_order(backend: Backend) -> None:
    records = [(f"k{i:05d}", {"i": i}) for i in range(2500)]
    put(backend, CONTACTS, *records)
    batches = list(backend.scan(TENANT, CONTACTS, batch=1000))
    assert [len(batch) for batch in batches] == [1000, 1000, 500]
    assert [pair for batch in batches for pair in batch] == records
    assert list(backend.scan(TENANT, Table("empty"), batch=10)) == []


def test_a_scan_misses_nothing_that_stays_while_it_runs(backend: Backend) -> None:
    """Deleted meanwhile: gone (Redis reads each batch as it is) or still there (memory scans the table as it was
    when the scan started); every record that stays appears exactly once, in order."""
    put(backend, CONTACTS, *[(f"k{i}", i) for i in range(10)])
    batches = backend.scan(TENANT, CONTACTS, batch=4)
    first = next(batches)
    backend.atomic(TENANT, lambda tx: tx.delete_many(CONTACTS, ["k0", "k1", "k5"]))  # before and after the cursor
    rest = [key for batch in batches for key, _ in batch]
    assert [key for key, _ in first] == ["k0", "k1", "k2", "k3"]
    assert rest in (["k4", "k6", "k7", "k8", "k9"], ["k4", "k5", "k6", "k7", "k8", "k9"])


# -- what a transaction sees --------------------------------------------------------------------------------------


def test_a_transaction_sees_its_own_writes_in_get_and_the_start_state_in_count(backend: Backend) -> None:
    put(backend, LISTS, ("a", 1), ("b", 2))

    def work(tx: Tx) -> dict[str, Any]:
        before = tx.count(LISTS)
        tx.put(LISTS, "c", 3)
        tx.put(LISTS, "a", 10)
        tx.delete(LISTS, "b")
        tx.set_value("clock", {"offset": 5})
        seen = {
            "count": before,
            "a": tx.get(LISTS, "a"),
            "b": tx.get(LISTS, "b"),
            "c": tx.get(LISTS, "c"),
            "many": tx.get_many(LISTS, ["a", "b", "c"]),
            "clock": tx.value("clock"),
        }
        tx.delete_value("clock")
        seen["clock after delete"] = tx.value("clock")
        return seen

    assert backend.atomic(TENANT, work) == {
        "count": 2,
        "a": 10,
        "b": None,
        "c": 3,
        "many": [10, None, 3],
        "clock": {"offset": 5},
        "clock after delete": None,
    }
    assert backend.view(TENANT).items(LISTS) == [("a", 10), ("c", 3)]


def test_a_drop_then_put_in_one_transaction_leaves_only_the_new_records(backend: Backend) -> None:
    table = CONTACTS.of("l1")
    put(backend, table, ("old", 1))

    def work(tx: Tx) -> tuple[Any, Any]:
        tx.drop(table)
        dropped = tx.get(table, "old")
        tx.put(table, "new", 2)
        return dropped, tx.get(table, "new")

    assert backend.atomic(TENANT, work) == (None, 2)
    assert backend.view(TENANT).items(table) == [("new", 2)]


def test_puts_deletes_and_drops_in_two_tables_of_one_transaction_keep_each_order(backend: Backend) -> None:
    table = CONTACTS.of("l2")
    put(backend, LISTS, ("a", 1))

    def work(tx: Tx) -> None:
        tx.put_many(LISTS, [("b", 2), ("gone", 0)])
        tx.put(table, "x", 1)
        tx.delete(LISTS, "gone")  # put, then deleted: no place left behind
        tx.put(LISTS, "c", 3)
        tx.put(table, "dropped", 0)
        tx.drop(table)  # put, then dropped: nothing left behind
        tx.put(table, "y", 2)

    backend.atomic(TENANT, work)
    view = backend.view(TENANT)
    assert view.items(LISTS) == [("a", 1), ("b", 2), ("c", 3)] and view.keys(LISTS) == ["a", "b", "c"]
    assert view.items(table) == [("y", 2)] and view.keys(table) == ["y"] and view.count(table) == 1


def test_read_ahead_changes_nothing_that_reads_return(backend: Backend) -> None:
    put(backend, LISTS, ("a", 1), ("b", 2))

    def work(tx: Tx) -> tuple[Any, ...]:
        tx.read_ahead(gets=[(LISTS, "a"), (LISTS, "zz"), (LISTS, "a")], counts=[LISTS, CONTACTS])
        counted = tx.count(LISTS), tx.count(CONTACTS)
        tx.put(LISTS, "zz", 26)
        tx.delete(LISTS, "a")
        tx.read_ahead(gets=[(LISTS, "a"), (LISTS, "b")], counts=[LISTS])  # own writes still win
        return (*counted, tx.get(LISTS, "a"), tx.get(LISTS, "b"), tx.get(LISTS, "zz"))

    assert backend.atomic(TENANT, work) == (2, 0, None, 2, 26)
    view = backend.view(TENANT)
    view.read_ahead(gets=[(LISTS, "b")], counts=[LISTS])  # a view fetches nothing ahead, reads stay fresh
    put(backend, LISTS, ("b", 20))
    assert view.get(LISTS, "b") == 20 and view.count(LISTS) == 2


def test_a_function_that_raises_commits_nothing(backend: Backend) -> None:
    put(backend, LISTS, ("a", 1), ("b", 2), ("c", 3))
    put(backend, CONTACTS, ("x", 1))
    backend.atomic(TENANT, lambda tx: tx.set_value("kept", "w"))

    def fail(tx: Tx) -> None:
        tx.put(LISTS, "a", 99)
        tx.delete(LISTS, "b")
        tx.put_many(LISTS, [("d", 4), ("b", 20)])
        tx.put(Table("new"), "n", 1)
        tx.set_value("v", 1)
        tx.delete_value("kept")
        tx.drop(CONTACTS)
        tx.put(CONTACTS, "y", 2)
        raise LookupError("409 in the middle")

    with pytest.raises(LookupError):
        backend.atomic(TENANT, fail)
    view = backend.view(TENANT)
    assert view.items(LISTS) == [("a", 1), ("b", 2), ("c", 3)]
    assert view.items(CONTACTS) == [("x", 1)]
    assert view.count(Table("new")) == 0
    assert view.value("v") is None and view.value("kept") == "w"


# -- values, counters, logs ---------------------------------------------------------------------------------------


def test_values_set_read_delete_and_expire(backend: Backend) -> None:
    backend.atomic(TENANT, lambda tx: tx.set_value("token", {"id": "t1"}))
    backend.atomic(TENANT, lambda tx: tx.set_value("short", Item("s", 1), ITEMS.codec, ttl=0.05))
    view = backend.view(TENANT)
    assert view.value("token") == {"id": "t1"}
    assert view.value("nothing") is None
    poll_until(lambda: backend.view(TENANT).value("short", ITEMS.codec) is None, "a value with a ttl expires")
    backend.atomic(TENANT, lambda tx: tx.delete_value("token"))
    assert backend.view(TENANT).value("token") is None


def test_counters_add_and_expire(backend: Backend) -> None:
    assert backend.incr(TENANT, "hits") == 1
    assert backend.incr(TENANT, "hits", by=5) == 6
    assert backend.incr(OTHER, "hits") == 1
    assert backend.incr(TENANT, "window", ttl=0.05) == 1
    poll_until(lambda: backend.incr(TENANT, "window", by=0, ttl=0.05) == 0, "a counter with a ttl expires")


def test_a_guarded_add_happens_only_while_the_guard_holds_its_value(backend: Backend) -> None:
    assert backend.incr_unless_moved(TENANT, "window", 1, 60, "generation", 0) == (0, 1)  # a missing guard is 0
    backend.incr(SHARED, "generation")
    assert backend.incr_unless_moved(TENANT, "window", 1, 60, "generation", 0) == (1, None)
    assert backend.incr(TENANT, "window", by=0) == 1  # nothing was added while the guard had moved
    assert backend.incr_unless_moved(TENANT, "window", 2, 60, "generation", 1) == (1, 3)
    assert backend.incr_unless_moved(TENANT, "short", 1, 0.05, "generation", 1) == (1, 1)
    poll_until(lambda: backend.incr(TENANT, "short", by=0) == 0, "the ttl is set when the guarded add creates it")


def test_logs_keep_the_newest_up_to_the_cap(backend: Backend) -> None:
    for i in range(5):
        backend.push(TENANT, "journal", {"i": i}, cap=3)
    assert backend.log(TENANT, "journal") == [{"i": 2}, {"i": 3}, {"i": 4}]
    assert backend.log_length(TENANT, "journal") == 3 and backend.log_length(TENANT, "none") == 0
    assert backend.log(TENANT, "journal", last=2) == [{"i": 3}, {"i": 4}]  # the newest, oldest first
    assert backend.log(TENANT, "journal", last=9) == backend.log(TENANT, "journal")
    assert backend.log(TENANT, "journal", last=0) == [] and backend.log(TENANT, "none", last=2) == []
    backend.push(TENANT, "items", Item("a", 1), cap=10, codec=ITEMS.codec)
    assert backend.log(TENANT, "items", ITEMS.codec) == [Item("a", 1)]
    backend.drop_log(TENANT, "journal")
    assert backend.log(TENANT, "journal") == []


def test_clear_forgets_one_namespace_entirely(backend: Backend) -> None:
    for tenant in (TENANT, OTHER, SHARED):
        put(backend, LISTS, ("a", tenant), tenant=tenant)
        backend.atomic(tenant, lambda tx: tx.set_value("v", 1))
        backend.incr(tenant, "c")
        backend.push(tenant, "log", 1, cap=5)
    backend.clear(TENANT)
    cleared = backend.view(TENANT)
    assert cleared.items(LISTS) == [] and cleared.value("v") is None
    assert backend.incr(TENANT, "c") == 1 and backend.log(TENANT, "log") == []
    for tenant in (OTHER, SHARED):
        assert backend.view(tenant).items(LISTS) == [("a", tenant)]
        assert backend.incr(tenant, "c") == 2 and backend.log(tenant, "log") == [1]
    backend.clear(SHARED)
    assert backend.view(SHARED).count(LISTS) == 0 and backend.view(OTHER).count(LISTS) == 1


def test_ping(backend: Backend) -> None:
    backend.ping()


# -- across processes (Redis) -------------------------------------------------------------------------------------


@pytest.fixture
def shared_url(redis_url: str) -> str:
    return unique_prefix_url(redis_url)


def test_read_increment_write_is_atomic_across_four_processes(shared_url: str) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        done = pool.starmap(backend_workers.increment, [(shared_url, TENANT, 200)] * 4)
    assert done == [200] * 4
    backend = open_backend(shared_url)
    assert backend.view(TENANT).get(backend_workers.COUNTER, "shared") == {"value": 800}
    backend.close()


def test_check_then_insert_holds_a_limit_across_four_processes(shared_url: str) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        won = pool.starmap(backend_workers.claim_seats, [(shared_url, TENANT, worker, 100, 150) for worker in range(4)])
    backend = open_backend(shared_url)
    assert sum(won) == 150
    assert backend.view(TENANT).count(backend_workers.SEATS) == 150
    backend.close()


# -- Redis specifics ----------------------------------------------------------------------------------------------


def test_redis_key_layout(shared_url: str) -> None:
    """The key patterns docs/state.md lists, under the URL's prefix (the shared namespace has an empty tenant)."""
    backend = RedisBackend(shared_url)
    plain_url, prefix = split_url(shared_url)
    put(backend, CONTACTS.of("l1"), ("k", 1))
    backend.atomic(SHARED, lambda tx: tx.set_value("clock", 1))
    backend.incr(TENANT, "rate/1", ttl=60)
    backend.push(TENANT, "journal", 1, cap=5)
    with redis.Redis.from_url(plain_url, decode_responses=True) as client:
        tenant_keys = [
            f"{prefix}:{TENANT}:{name}"
            for name in ("c:rate/1", "keys", "l:journal", "o:contacts/l1", "seq", "t:contacts/l1")
        ]
        assert sorted(client.scan_iter(match=f"{prefix}:*")) == [f"{prefix}::keys", f"{prefix}::v:clock", *tenant_keys]
        assert client.hget(f"{prefix}:{TENANT}:t:contacts/l1", "k") == "1"
        ttl = client.pttl(f"{prefix}:{TENANT}:c:rate/1")
        backend.incr(TENANT, "rate/1", ttl=3600)  # the expiry is set when the counter is created, not again
        assert 0 < client.pttl(f"{prefix}:{TENANT}:c:rate/1") <= ttl
        registry = dict(client.zrange(f"{prefix}:{TENANT}:keys", 0, -1, withscores=True))
        assert set(registry) == set(tenant_keys) - {f"{prefix}:{TENANT}:keys"}
        assert registry[f"{prefix}:{TENANT}:c:rate/1"] < float("inf") == registry[f"{prefix}:{TENANT}:seq"]
        seq = client.get(f"{prefix}:{TENANT}:seq")
        backend.atomic(TENANT, lambda tx: tx.put(CONTACTS.of("l1"), "k", tx.get(CONTACTS.of("l1"), "k") + 1))
        assert client.get(f"{prefix}:{TENANT}:seq") == seq  # an update of a record read needs no new place
        assert client.hget(f"{prefix}:{TENANT}:t:contacts/l1", "k") == "2"
        backend.clear(TENANT)
        assert sorted(client.scan_iter(match=f"{prefix}:*")) == [f"{prefix}::keys", f"{prefix}::v:clock"]
    backend.close()


def test_what_is_read_ahead_is_watched_so_a_change_by_another_process_runs_the_function_again(shared_url: str) -> None:
    mine, other = RedisBackend(shared_url), RedisBackend(shared_url)
    put(mine, LISTS, ("a", 1))
    seen: list[tuple[Any, int]] = []

    def work(tx: Tx) -> None:
        tx.read_ahead(gets=[(LISTS, "a")], counts=[LISTS])
        seen.append((tx.get(LISTS, "a"), tx.count(LISTS)))
        if len(seen) == 1:  # another process writes between the read and the commit
            put(other, LISTS, ("a", 2), ("b", 3))
        tx.put(LISTS, "c", 4)

    mine.atomic(TENANT, work)
    assert seen == [(1, 1), (2, 2)]
    mine.close()
    other.close()


def test_a_view_is_read_only_on_redis(shared_url: str) -> None:
    backend = RedisBackend(shared_url)
    with pytest.raises(TypeError):
        backend.view(TENANT).put(LISTS, "a", 1)
    backend.close()


def test_a_lost_redis_raises_state_unavailable_and_the_same_backend_recovers(tmp_path: Any) -> None:
    server = RedisServer(tmp_path).start()
    backend = RedisBackend(server.url)
    try:
        put(backend, LISTS, ("a", 1))
        server.stop()
        with pytest.raises(StateUnavailable):
            backend.atomic(TENANT, lambda tx: tx.put(LISTS, "b", 2))
        with pytest.raises(StateUnavailable):
            backend.view(TENANT).get(LISTS, "a")
        with pytest.raises(StateUnavailable):
            list(backend.scan(TENANT, LISTS))
        for call in (
            lambda: backend.incr(TENANT, "c"),
            lambda: backend.push(TENANT, "l", 1, 3),
            lambda: backend.log(TENANT, "l"),
            lambda: backend.clear(TENANT),
            backend.ping,
        ):
            with pytest.raises(StateUnavailable):
                call()
        server.start()  # same port, no persistence: an empty Redis
        put(backend, LISTS, ("b", 2))
        assert backend.view(TENANT).items(LISTS) == [("b", 2)]
    finally:
        backend.close()
        server.stop()


def test_state_survives_a_restart_of_a_persistent_redis(tmp_path: Any) -> None:
    server = RedisServer(tmp_path, persistent=True).start()
    backend = RedisBackend(server.url)
    try:
        put(backend, LISTS, ("a", 1), ("b", 2))
        backend.incr(TENANT, "c", by=7)
        server.restart()
        assert backend.view(TENANT).items(LISTS) == [("a", 1), ("b", 2)]
        assert backend.incr(TENANT, "c") == 8
    finally:
        backend.close()
        server.stop()


def test_threads_share_one_backend(backend: Backend) -> None:
    def bump(tx: Tx) -> None:
        tx.put(LISTS, "n", (tx.get(LISTS, "n") or 0) + 1)

    def work() -> None:
        for _ in range(50):
            backend.atomic(TENANT, bump)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert backend.view(TENANT).get(LISTS, "n") == 400


def test_a_forked_child_builds_its_own_connections(shared_url: str) -> None:
    backend = RedisBackend(shared_url)
    put(backend, LISTS, ("n", 1))  # the parent's pool now holds a connection
    pid = os.fork()
    if pid == 0:  # the child: must not reuse the parent's socket
        try:
            backend.atomic(TENANT, lambda tx: tx.put(LISTS, "n", tx.get(LISTS, "n") + 1))
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert backend.view(TENANT).get(LISTS, "n") == 2
    put(backend, LISTS, ("m", 1))  # and the parent's connection still works
    backend.close()


def test_a_transaction_that_always_conflicts_raises_state_conflict_and_commits_nothing(
    shared_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redis_backend, "MAX_ATTEMPTS", 3)
    backend = RedisBackend(shared_url)
    other = RedisBackend(shared_url)
    runs = []

    def meddled(tx: Tx) -> None:
        runs.append(tx.get(LISTS, "n"))
        put(other, LISTS, ("n", len(runs)))  # another writer changes what this transaction read
        tx.put(LISTS, "mine", True)

    with pytest.raises(StateConflict):
        backend.atomic(TENANT, meddled)
    assert runs == [None, 1, 2]
    assert backend.view(TENANT).get(LISTS, "mine") is None
    backend.close()
    other.close()


def test_a_connection_lost_inside_a_transaction_is_unavailable_not_run_again(shared_url: str) -> None:
    """EXEC may have been applied before the connection died: running the function again could apply it twice."""
    backend = RedisBackend(shared_url)
    runs = []

    def cut(tx: Tx) -> None:
        runs.append(tx.get(LISTS, "n"))  # WATCHing now, on this transaction's connection
        with redis.Redis.from_url(split_url(shared_url)[0]) as killer:
            killer.client_kill_filter(_type="normal", skipme=True)
        tx.put(LISTS, "n", 1)

    with pytest.raises(StateUnavailable):
        backend.atomic(TENANT, cut)
    assert runs == [None]
    put(backend, LISTS, ("m", 1))  # the next call connects again
    assert backend.view(TENANT).items(LISTS) == [("m", 1)]
    backend.close()
