"""Clients that are slow to send, or still sending when the answer comes, under each serving layer (issue 13).

- Stalled bodies: sockets that send a POST head with ``Content-Length: 100000`` and only ``{``, then nothing. Under
  granian's WSGI interface eight of them (its eight threads) froze every other request; now the body is read by
  the serving layer before any app thread sees the request, so they cost no thread. waitress froze at 100 of them
  (its default ``connection_limit``: past it, it accepts no connection at all until one closes).
- Early answers: a 413 for a declared length over the limit, a 404 for a wrong upload route, come before the app
  needs the body. A client that writes its whole body before reading (as Node's http module and
  ``http.client`` do) must get the answer, not ``EPIPE``/``ECONNRESET`` from a socket closed under it.

Every deadline here is a failure bound (the client's timeout), never a measured duration.
"""

from __future__ import annotations

import http.client
import json
import socket
from contextlib import ExitStack
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest

from tests.server.conftest import over_both_servers

pytestmark = [pytest.mark.server, over_both_servers]

LISTS = "/api/v2/outbound/contactlists"
STALLED_CLIENTS = 128  # granian's WSGI interface froze at 8 (its threads), waitress at 100 (its connection_limit)
ANSWER_DEADLINE = 10.0  # seconds: a failure bound for each request made while the stalled clients wait
EARLY_ANSWER_TRIES = 5  # the old default server lost the answer in 8 to 16 of 10 to 17 tries (Node clients)
BODY = 4 * 1024 * 1024  # far past the socket buffers, so the client is still writing when an early answer comes


def _address(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


def _stalled_client(base_url: str, stack: ExitStack) -> None:
    """A socket that sends a head promising 100000 bytes of body and one byte of it, then nothing."""
    sock = stack.enter_context(socket.create_connection(_address(base_url), timeout=ANSWER_DEADLINE))
    sock.sendall(
        f"POST {LISTS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 100000\r\n\r\n{".encode()
    )


def test_stalled_bodies_do_not_stop_other_clients(
    start_server: Callable[..., Any], token_for: Callable[..., str]
) -> None:
    server = start_server()
    with ExitStack() as stalled:
        for _ in range(STALLED_CLIENTS):
            _stalled_client(server.base_url, stalled)
        with server.client(timeout=ANSWER_DEADLINE) as client:
            # one request on a fresh connection per check: each is served while all the stalled clients wait
            health = client.get("/__mock/health", headers={"Connection": "close"})
            assert health.status_code == 200, health.text
            created = client.post(
                LISTS,
                json={"name": "while-stalled", "columnNames": ["phone"]},
                headers={"Authorization": f"Bearer {token_for(client)}"},
            )
            assert created.status_code == 200, created.text
    with server.client(timeout=ANSWER_DEADLINE) as client:  # and once they are gone
        assert client.get("/__mock/health").status_code == 200


def _body(size: int) -> Iterator[bytes]:
    piece = b" " * 65536
    for start in range(0, size, len(piece)):
        yield piece[: min(len(piece), size - start)]


def _post_whole_body_then_read(base_url: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """POST a BODY-byte body, written whole before the answer is read; returns the status and the JSON answer.

    ``http.client`` writes the body first, like Node's http module: a server that answers and closes the socket
    before reading the body makes this raise (BrokenPipeError, ConnectionResetError) instead of returning.
    """
    host, port = _address(base_url)
    connection = http.client.HTTPConnection(host, port, timeout=ANSWER_DEADLINE * 3)
    try:
        connection.request(
            "POST",
            path,
            body=_body(BODY),
            headers={**headers, "Content-Type": "application/json", "Content-Length": str(BODY)},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize(
    "max_body_bytes, path, status, code",
    [
        (1024, LISTS, 413, "request.entity.too.large"),  # the declared length is over max_body_bytes
        (BODY, "/uploads/v2/no-such-upload-route", 404, "not.found"),  # within the limit, on no route
    ],
    ids=["413-declared-length", "404-wrong-upload-route"],
)
def test_an_early_answer_reaches_a_client_still_writing_its_body(
    start_server: Callable[..., Any],
    token_for: Callable[..., str],
    max_body_bytes: int,
    path: str,
    status: int,
    code: str,
) -> None:
    server = start_server(config={"max_body_bytes": max_body_bytes})
    with server.client() as client:
        headers = {"Authorization": f"Bearer {token_for(client)}"}
    for attempt in range(EARLY_ANSWER_TRIES):
        try:
            answered, body = _post_whole_body_then_read(server.base_url, path, headers)
        except OSError as exc:  # EPIPE, ECONNRESET: the answer was lost
            pytest.fail(f"attempt {attempt + 1}: {exc!r} instead of the {status} answer")
        assert (answered, body["status"], body["code"]) == (status, status, code), body
