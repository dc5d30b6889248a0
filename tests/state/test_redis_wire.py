"""The Redis wire (mockserver/state/redis_wire.py): blocking sockets with the kernel's timeouts, and what a
request costs redis-server (counted with ``INFO commandstats`` on a real redis-server)."""

from __future__ import annotations

import socket
import threading
from typing import Any, Iterator

import pytest
import redis

from mockserver import create_app
from mockserver.settings import Settings
from mockserver.state import redis_wire
from mockserver.state.redis import RedisBackend
from mockserver.state.redis_wire import UNAVAILABLE, ThreadConnections, use_kernel_timeouts
from tests.conftest import assert_rejected, get_token, unique_prefix_url

LISTS = "/api/v2/outbound/contactlists"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never answers (a Redis that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()
    for conn in accepted:
        conn.close()


def test_a_read_past_the_kernel_timeout_is_unavailable_not_a_hang(silent_server: int) -> None:
    pool = redis.ConnectionPool(
        host="127.0.0.1", port=silent_server, socket_timeout=0.2, socket_connect_timeout=1, protocol=2
    )
    use_kernel_timeouts(pool)
    wire = ThreadConnections(pool)
    with pytest.raises(UNAVAILABLE):
        wire.call([("PING",)])
    wire.close()


def test_pooled_sockets_are_blocking_with_the_kernel_timeouts(redis_url: str) -> None:
    backend = RedisBackend(redis_url + "?prefix=wire")
    backend.ping()
    connection = backend._client().connection_pool.get_connection()  # noqa: SLF001 (the socket under test)
    try:
        connection.connect()
        sock = connection._sock  # noqa: SLF001
        assert sock.gettimeout() is None  # blocking: one recvfrom per read, no poll
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, 16) != bytes(16)
    finally:
        backend._client().connection_pool.release(connection)  # noqa: SLF001
        backend.close()


def test_round_trips_of_a_validated_post_and_a_get_by_id(
    redis_url: str, monkeypatch: pytest.MonkeyPatch, contact_list_body: dict[str, Any]
) -> None:
    """What docs/state.md's *Round trips per request* table says, counted on the wire: a POST is the rate window's
    hit, the name and the count read together (``read_ahead``), the MULTI/EXEC, the journal entry; a GET the hit,
    the read and the journal entry."""
    app = create_app(Settings(state=unique_prefix_url(redis_url), log_requests=False))
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    warm = client.post(LISTS, json={**contact_list_body, "name": "warm-up"}, headers=auth)
    assert warm.status_code == 200, warm.get_json()
    assert client.get(f"{LISTS}/{warm.get_json()['id']}", headers=auth).status_code == 200
    batches: list[list[str]] = []
    real = redis_wire._exchange

    def counted(connection: Any, commands: Any) -> list[Any]:
        batches.append([str(command[0]) for command in commands])
        return real(connection, commands)

    monkeypatch.setattr(redis_wire, "_exchange", counted)
    created = client.post(LISTS, json={**contact_list_body, "name": "counted"}, headers=auth)
    assert created.status_code == 200, created.get_json()
    post_batches, batches[:] = list(batches), []
    assert client.get(f"{LISTS}/{created.get_json()['id']}", headers=auth).status_code == 200
    assert [batch[-1] for batch in post_batches] == ["EVAL", "HLEN", "EXEC", "EXEC"], post_batches
    assert post_batches[1][:3] == ["WATCH", "HMGET", "HLEN"]  # the name and the count: one round trip
    # No bulk job ever started in the tenant (cached per generation): the GET reads none of the list's jobs.
    assert [batch[-1] for batch in batches] == ["EVAL", "HMGET", "EXEC"], batches
    taken = client.post(LISTS, json={**contact_list_body, "name": "counted"}, headers=auth)
    assert_rejected(taken, 400, "duplicate.name", "OUT-LIST-NAME-DUPLICATE", "name")  # read ahead, still checked
