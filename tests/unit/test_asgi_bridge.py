"""mockserver/serving/asgi_bridge.py without a server: what the app sees, and where the bridge gives up on a client.

The ASGI side is played by a queue of messages (``receive``) and a list (``send``); the WSGI side by a small app
that records its environ and the body it read. A client that never sends again is a ``receive`` that never returns:
the bridge's idle timeout is set to a hundredth of a second, and each test's own bound is asyncio's ``wait_for``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Callable, Iterable

import pytest

from mockserver.core.wsgi import ConnectionDropped
from mockserver.serving.asgi_bridge import FIRST_SEND, WSGIOverASGI

TEST_BOUND = 10.0  # seconds: a failure bound for each bridge call, never a measured duration


def _scope(headers: list[tuple[bytes, bytes]], path: str = "/api/v2/x", query: bytes = b"a=1") -> dict[str, Any]:
    return {"type": "http", "http_version": "1.1", "method": "POST", "scheme": "http", "path": path,
            "query_string": query, "root_path": "", "headers": headers, "server": ("127.0.0.1", 8080),
            "client": ("127.0.0.1", 50000)}


class Recorder:
    """A WSGI app answering 200 with what it saw: the body length it read and a few environ keys."""

    def __init__(self, answer: Callable[[dict[str, Any]], Iterable[bytes]] | None = None) -> None:
        self.environ: dict[str, Any] = {}
        self.body = b""
        self.answer = answer

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.environ = environ
        self.body = environ["wsgi.input"].read()
        if self.answer is not None:
            return self.answer(environ)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"read": len(self.body)}).encode()]


def _run(bridge: WSGIOverASGI, scope: dict[str, Any], messages: list[dict[str, Any]],
         then_wait: bool = False) -> tuple[list[dict[str, Any]], int]:
    """Run one request; returns what was sent and how many messages the bridge received.

    ``then_wait``: after the messages, ``receive`` never returns (a client that stalls).
    """
    sent: list[dict[str, Any]] = []
    received = 0

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received < len(messages):
            received += 1
            return messages[received - 1]
        if then_wait:
            await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def main() -> None:
        await asyncio.wait_for(bridge(scope, receive, send), TEST_BOUND)

    asyncio.run(main())
    return sent, received


def _chunk(body: bytes, more: bool) -> dict[str, Any]:
    return {"type": "http.request", "body": body, "more_body": more}


def test_a_chunked_body_reaches_the_app_whole_with_its_length() -> None:
    app = Recorder()
    bridge = WSGIOverASGI(app, threads=2)
    scope = _scope([(b"transfer-encoding", b"chunked"), (b"content-type", b"application/json"),
                    (b"x-a", b"1"), (b"x-a", b"2")], path="/api/v2/caf\u00e9")
    sent, _ = _run(bridge, scope, [_chunk(b"ab", True), _chunk(b"", True), _chunk(b"cd", False)])
    assert app.body == b"abcd"
    environ = app.environ
    assert environ["CONTENT_LENGTH"] == "4" and "HTTP_TRANSFER_ENCODING" not in environ  # as under waitress
    assert environ["CONTENT_TYPE"] == "application/json" and environ["HTTP_X_A"] == "1,2"
    assert environ["PATH_INFO"] == "/api/v2/caf\u00e9".encode().decode("latin-1")  # PEP 3333: bytes as latin-1
    assert environ["QUERY_STRING"] == "a=1" and environ["REMOTE_ADDR"] == "127.0.0.1"
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 200 and json.loads(sent[1]["body"]) == {"read": 4}


def test_a_client_that_stalls_mid_body_is_dropped_without_running_the_app() -> None:
    app = Recorder()
    bridge = WSGIOverASGI(app, threads=1, idle_timeout=0.01)
    sent, _ = _run(bridge, _scope([(b"content-length", b"100000")]), [_chunk(b"{", True)], then_wait=True)
    assert sent == [] and app.environ == {}  # no answer, and no thread was ever given to it


def test_a_client_that_goes_away_mid_body_is_dropped_without_running_the_app() -> None:
    app = Recorder()
    sent, _ = _run(WSGIOverASGI(app, threads=1), _scope([(b"content-length", b"10")]), [_chunk(b"{", True)])
    assert sent == [] and app.environ == {}


def test_a_body_past_the_ceiling_is_answered_then_read_to_its_end() -> None:
    app = Recorder()
    bridge = WSGIOverASGI(app, threads=1, ceiling=4)
    messages = [_chunk(b"abc", True), _chunk(b"def", True), _chunk(b"ghi", True), _chunk(b"jkl", False)]
    sent, received = _run(bridge, _scope([(b"transfer-encoding", b"chunked")]), messages)
    assert app.body == b"abcde"  # ceiling + 1: the app's limit check sees a body over it
    assert sent[0]["status"] == 200 and json.loads(sent[-1]["body"]) == {"read": 5}
    assert received == len(messages)  # the rest was read after the answer (a lingering close), not left unread


def test_lingering_after_the_answer_ends_when_the_client_stops_sending() -> None:
    bridge = WSGIOverASGI(Recorder(), threads=1, ceiling=1, linger_seconds=0.01)
    sent, _ = _run(bridge, _scope([(b"content-length", b"100")]), [_chunk(b"abc", True)], then_wait=True)
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]


def test_a_dropped_connection_is_a_head_whose_promised_body_never_comes() -> None:
    def drop(environ: dict[str, Any]) -> Iterable[bytes]:
        raise ConnectionDropped("fault")

    sent, _ = _run(WSGIOverASGI(Recorder(drop), threads=1), _scope([]), [])
    assert sent[0]["headers"] == [(b"content-length", b"1"), (b"connection", b"close")]
    assert sent[1] == {"type": "http.response.body", "body": b"", "more_body": True}
    assert len(sent) == 2


def test_a_long_response_streams_in_batches_and_the_result_is_closed() -> None:
    closed: list[bool] = []

    class Result:
        def __iter__(self) -> Any:
            return iter([b"x" * FIRST_SEND, b"y" * FIRST_SEND, b"z"])

        def close(self) -> None:
            closed.append(True)

    def answer(environ: dict[str, Any]) -> Iterable[bytes]:
        return Result()

    app = Recorder(answer)

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", [])
        return app(environ, start_response)

    sent, _ = _run(WSGIOverASGI(wsgi, threads=1), _scope([]), [])
    bodies = [m for m in sent if m["type"] == "http.response.body"]
    assert b"".join(m["body"] for m in bodies) == b"x" * FIRST_SEND + b"y" * FIRST_SEND + b"z"
    assert [m["more_body"] for m in bodies] == [True, True, False]
    assert closed == [True]


@pytest.mark.parametrize("headers", [[], [(b"content-length", b"0")]], ids=["no-body", "empty-body"])
def test_a_request_without_a_body_does_not_wait_for_one(headers: list[tuple[bytes, bytes]]) -> None:
    app = Recorder()
    sent, received = _run(WSGIOverASGI(app, threads=1), _scope(headers), [], then_wait=True)
    assert received == 0 and sent[0]["status"] == 200 and app.body == b""
