"""mockserver/serving/rsgi_bridge.py without a server: what the app sees, and where the bridge gives up on a client.

granian's side is played by a fake RSGI scope and protocol (the body as a list of chunks, then an end, a stall or a
broken stream; responses recorded), the WSGI side by a small app that records its environ and the body it read. A
client that never sends again is a chunk iterator that never returns: the bridge's idle timeout is set to a
hundredth of a second, and each test's own bound is asyncio's ``wait_for``.
"""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any, AsyncIterator, Callable, Iterable

import pytest

from mockserver.core.wsgi import ConnectionDropped
from mockserver.serving.rsgi_bridge import FIRST_SEND, WSGIOverRSGI

TEST_BOUND = 10.0  # seconds: a failure bound for each bridge call, never a measured duration
CUT = ("stream", 503, [("content-length", "1"), ("connection", "close")], [b""])  # a dropped connection


class Headers:
    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._items = items

    def items(self) -> list[tuple[str, str]]:
        return list(self._items)


def _scope(headers: list[tuple[str, str]], path: str = "/api/v2/x", query: str = "a=1") -> SimpleNamespace:
    return SimpleNamespace(
        proto="http",
        http_version="1.1",
        method="POST",
        scheme="http",
        path=path,
        query_string=query,
        headers=Headers(headers),
        server="127.0.0.1:8080",
        client="127.0.0.1:50000",
    )


class Protocol:
    """The body as ``chunks``, then ``end``: "eof", "stall" (never returns) or "broken" (the client went away)."""

    def __init__(self, chunks: list[bytes], end: str = "eof") -> None:
        self.chunks, self.end = chunks, end
        self.read = 0
        self.responses: list[tuple[Any, ...]] = []

    async def __call__(self) -> bytes:  # the whole body at once: granian's read for small declared bodies
        return b"".join([chunk async for chunk in self.__aiter__()])

    def __aiter__(self) -> AsyncIterator[bytes]:
        async def body() -> AsyncIterator[bytes]:
            for chunk in self.chunks:
                self.read += 1
                yield chunk
            if self.end == "stall":
                await asyncio.Event().wait()
            if self.end == "broken":
                raise ConnectionResetError("the client went away")

        return body()

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.responses.append(("bytes", status, headers, body))

    def response_stream(self, status: int, headers: list[tuple[str, str]]) -> Any:
        sent: list[bytes] = []
        self.responses.append(("stream", status, headers, sent))

        async def send_bytes(data: bytes) -> None:
            sent.append(data)

        return SimpleNamespace(send_bytes=send_bytes)


class Recorder:
    """A WSGI app answering 200 with the body length it read; ``answer`` replaces that answer."""

    def __init__(self, answer: Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]] | None = None) -> None:
        self.environ: dict[str, Any] = {}
        self.body = b""
        self.answer = answer

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.environ = environ
        self.body = environ["wsgi.input"].read()
        if self.answer is not None:
            return self.answer(environ, start_response)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"read": len(self.body)}).encode()]


def _run(bridge: WSGIOverRSGI, scope: SimpleNamespace, protocol: Protocol) -> list[tuple[Any, ...]]:
    asyncio.run(asyncio.wait_for(bridge(scope, protocol), TEST_BOUND))
    return protocol.responses


def test_a_chunked_body_reaches_the_app_whole_with_its_length() -> None:
    app = Recorder()
    scope = _scope(
        [("transfer-encoding", "chunked"), ("content-type", "application/json"), ("x-a", "1"), ("x-a", "2")],
        path="/api/v2/caf\u00e9",
    )
    responses = _run(WSGIOverRSGI(app, threads=2), scope, Protocol([b"ab", b"", b"cd"]))
    assert app.body == b"abcd"
    environ = app.environ
    assert environ["CONTENT_LENGTH"] == "4" and "HTTP_TRANSFER_ENCODING" not in environ  # as under waitress
    assert environ["CONTENT_TYPE"] == "application/json" and environ["HTTP_X_A"] == "1,2"
    assert environ["PATH_INFO"] == "/api/v2/caf\u00e9".encode().decode("latin-1")  # PEP 3333: bytes as latin-1
    assert environ["QUERY_STRING"] == "a=1" and environ["REMOTE_ADDR"] == "127.0.0.1"
    assert environ["SERVER_NAME"] == "127.0.0.1" and environ["SERVER_PORT"] == "8080"
    assert responses == [("bytes", 200, [("Content-Type", "application/json")], b'{"read": 4}')]


@pytest.mark.parametrize("end", ["stall", "broken"])
def test_a_client_that_stalls_or_goes_away_mid_body_is_dropped_without_running_the_app(end: str) -> None:
    app = Recorder()
    bridge = WSGIOverRSGI(app, threads=1, idle_timeout=0.01)
    responses = _run(bridge, _scope([("content-length", "100000")]), Protocol([b"{"], end))
    assert responses == [CUT] and app.environ == {}  # no thread was ever given to it


def test_a_body_shorter_than_its_content_length_is_a_client_gone() -> None:
    app = Recorder()
    responses = _run(WSGIOverRSGI(app, threads=1), _scope([("content-length", "10")]), Protocol([b"{"]))
    assert responses == [CUT] and app.environ == {}


def test_a_body_past_the_ceiling_is_answered_then_read_to_its_end() -> None:
    app = Recorder()
    protocol = Protocol([b"abc", b"def", b"ghi", b"jkl"])
    responses = _run(WSGIOverRSGI(app, threads=1, ceiling=4), _scope([("transfer-encoding", "chunked")]), protocol)
    assert app.body == b"abcde"  # ceiling + 1: the app's limit check sees a body over it
    assert responses == [("bytes", 200, [("Content-Type", "application/json")], b'{"read": 5}')]
    assert protocol.read == 4  # the rest was read after the answer (a lingering close), not left unread


def test_lingering_after_the_answer_ends_when_the_client_stops_sending() -> None:
    bridge = WSGIOverRSGI(Recorder(), threads=1, ceiling=1, linger_seconds=0.01)
    responses = _run(bridge, _scope([("content-length", "100")]), Protocol([b"abc"], "stall"))
    assert [r[:2] for r in responses] == [("bytes", 200)]


def test_a_dropped_connection_is_a_head_whose_promised_body_never_comes() -> None:
    def drop(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        raise ConnectionDropped("fault")

    assert _run(WSGIOverRSGI(Recorder(drop), threads=1), _scope([]), Protocol([])) == [CUT]


def test_a_long_response_streams_in_batches_and_the_result_is_closed() -> None:
    closed: list[bool] = []

    class Result:
        def __iter__(self) -> Any:
            return iter([b"x" * FIRST_SEND, b"y" * FIRST_SEND, b"z"])

        def close(self) -> None:
            closed.append(True)

    def answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", [])
        return Result()

    (response,) = _run(WSGIOverRSGI(Recorder(answer), threads=1), _scope([]), Protocol([]))
    assert response[:3] == ("stream", 200, [])
    assert response[3] == [b"x" * FIRST_SEND, b"y" * FIRST_SEND, b"z"]
    assert closed == [True]


@pytest.mark.parametrize("headers", [[], [("content-length", "0")]], ids=["no-body", "empty-body"])
def test_a_request_without_a_body_does_not_wait_for_one(headers: list[tuple[str, str]]) -> None:
    app = Recorder()
    protocol = Protocol([], "stall")
    responses = _run(WSGIOverRSGI(app, threads=1), _scope(headers), protocol)
    assert protocol.read == 0 and responses[0][:2] == ("bytes", 200) and app.body == b""
