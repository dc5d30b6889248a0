"""The mock's WSGI app behind an ASGI interface, with each request body read by the event loop before the app runs.

Why not granian's own WSGI interface (issue 13): it hands a request to one of its Python threads as soon as the
headers are in, and the app then reads the body from that thread. A client that stalls mid-body holds a thread, and
as many stalled clients as threads (eight by default) froze every other request, ``/__mock/health`` included. And
an early answer (413 for a declared length over the limit, 404 for a wrong upload route) was sent and the socket
closed while the client was still writing: Node clients got ``write EPIPE`` instead of the answer.

Here, as in waitress: the event loop reads the body (no thread waits on a client), spools it to a temporary file
past :data:`SPOOL_IN_MEMORY` bytes (memory stays flat for a 200 MB body), and only a complete request reaches the
app's thread pool, with the body's length as ``CONTENT_LENGTH``. So no answer goes out before the client has sent
its body, except where the bridge gives up on it:

- a client silent for :data:`BODY_IDLE_TIMEOUT` seconds mid-body: the connection is closed without a response
  (waitress's ``channel_timeout`` does the same);
- a body past :data:`BODY_CEILING`: the app gets the first ``BODY_CEILING + 1`` bytes (it answers 413), and the rest
  is read and thrown away after the answer, for at most :data:`LINGER_SECONDS` (a "lingering close", as production
  HTTP servers do), so that a client still writing reads the answer instead of a reset.

A fault's dropped connection (:class:`~mockserver.core.wsgi.ConnectionDropped` from the app): granian's ASGI
interface answers an empty 500 to an app that returns or raises before sending a body, and has no "close without a
response". So the bridge sends a head promising one byte and returns without it: granian closes the connection
with the response cut short. The client gets a transport error either way, with or without the status line
(which reaches it or not depending on when the close overtakes it: a test must accept both).

The bridge keeps no state of its own between requests, so N worker processes can each run one.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any, Awaitable, Callable, Iterable, Iterator

from mockserver.core.limits import UPLOAD_CEILING
from mockserver.core.wsgi import ConnectionDropped

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

SPOOL_IN_MEMORY = 512 * 1024
"""Body bytes kept in memory before the spool moves to a temporary file (waitress's ``inbuf_overflow``)."""

BODY_CEILING = UPLOAD_CEILING
"""No body limit of the app is above this (mockserver/core/limits.py), so more is never kept."""

BODY_IDLE_TIMEOUT = 60.0
"""Seconds a client may send nothing in the middle of its body before the connection is closed."""

LINGER_SECONDS = 30.0
"""How long the rest of a body past the ceiling is read and discarded after the answer (nginx's ``lingering_time``)."""

FIRST_SEND = 1024 * 1024
"""Response bytes gathered on the app's thread before the first send; a longer body streams in such batches."""

_SKIPPED_HEADERS = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}


class _BodyGaveUp(Exception):
    """The client stalled or went away mid-body: the request is dropped without a response."""


class WSGIOverASGI:
    """An ASGI app running ``wsgi_app`` on ``threads`` threads once each request's body is in."""

    def __init__(self, wsgi_app: WSGIApp, threads: int, *, idle_timeout: float = BODY_IDLE_TIMEOUT,
                 ceiling: int = BODY_CEILING, linger_seconds: float = LINGER_SECONDS) -> None:
        self.wsgi_app = wsgi_app
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="genesys-mock")
        self.idle_timeout = idle_timeout
        self.ceiling = ceiling
        self.linger_seconds = linger_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no lifespan or websocket: the app is built before the server starts
            return
        try:
            body, length, complete = await self._read_body(scope, receive)
        except _BodyGaveUp:
            return
        try:
            loop = asyncio.get_running_loop()
            environ = wsgi_environ(scope, body, length)
            try:
                status, headers, chunks, rest = await loop.run_in_executor(self.pool, _start, self.wsgi_app, environ)
            except ConnectionDropped:
                await send({"type": "http.response.start", "status": 503,
                            "headers": [(b"content-length", b"1"), (b"connection", b"close")]})
                await send({"type": "http.response.body", "body": b"", "more_body": True})
                return  # the promised byte never comes: granian closes the connection
            await send({"type": "http.response.start", "status": status, "headers": headers})
            while rest is not None:
                await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
                chunks, rest = await loop.run_in_executor(self.pool, _next_batch, *rest)
            await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": False})
        finally:
            body.close()
        if not complete:
            await self._linger(receive)

    async def _read_body(self, scope: Scope, receive: Receive) -> tuple[IO[bytes], int, bool]:
        """The body spooled (at most ``ceiling + 1`` bytes), its length, and whether the client sent all of it."""
        body: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
        length = 0
        more = _may_have_body(scope)
        try:
            while more:
                try:
                    message = await asyncio.wait_for(receive(), self.idle_timeout)
                except asyncio.TimeoutError:
                    raise _BodyGaveUp() from None
                if message["type"] != "http.request":  # http.disconnect: the client is gone
                    raise _BodyGaveUp()
                chunk = message.get("body", b"")
                more = message.get("more_body", False)
                keep = chunk[:self.ceiling + 1 - length]
                if keep:
                    body.write(keep)
                    length += len(keep)
                if length > self.ceiling:
                    body.seek(0)
                    return body, length, not more
        except BaseException:
            body.close()
            raise
        body.seek(0)
        return body, length, True

    async def _linger(self, receive: Receive) -> None:
        """Read and discard what the client still sends after the answer, for at most ``linger_seconds``."""

        async def drain() -> None:
            while True:
                message = await receive()
                if message["type"] != "http.request" or not message.get("more_body", False):
                    return

        try:
            await asyncio.wait_for(drain(), self.linger_seconds)
        except asyncio.TimeoutError:
            pass


def _may_have_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return value.strip() not in (b"0", b"")
        if name == b"transfer-encoding":
            return True
    return False


def wsgi_environ(scope: Scope, body: IO[bytes], length: int) -> dict[str, Any]:
    """PEP 3333's environ for an ASGI HTTP scope whose body has been read (``length`` bytes in ``body``)."""
    server_host, server_port = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server_host),
        "SERVER_PORT": str(server_port),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "SERVER_SOFTWARE": "genesys-mock",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        if name == "transfer-encoding":
            continue  # the body is read whole: the app sees its length, as under waitress
        key = _SKIPPED_HEADERS.get(name) or "HTTP_" + name.upper().replace("-", "_")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    if length or "CONTENT_LENGTH" in environ:
        environ["CONTENT_LENGTH"] = str(length)
    return environ


_Rest = tuple[Iterator[bytes], Iterable[bytes]]
"""A response body still being produced: its iterator and the app's result (closed at the end)."""


def _start(app: WSGIApp, environ: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], list[bytes],
                                                            _Rest | None]:
    """Run the app on a pool thread: status, headers, the first batch of the body and the rest (None when done)."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[..., None]:
        if exc_info is not None and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = [status, headers]
        return _no_write

    result = app(environ, start_response)
    try:
        iterator = iter(result)
        chunks, rest = _next_batch(iterator, result)
    except BaseException:
        _close(result)
        raise
    status, headers = started
    return (int(status.split(" ", 1)[0]),
            [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers], chunks, rest)


def _next_batch(iterator: Iterator[bytes], result: Iterable[bytes]) -> tuple[list[bytes], _Rest | None]:
    """Up to :data:`FIRST_SEND` bytes of the response body; the rest back while there is more (else closed)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in iterator:
        chunks.append(chunk)
        size += len(chunk)
        if size >= FIRST_SEND:
            return chunks, (iterator, result)
    _close(result)
    return chunks, None


def _close(result: object) -> None:
    close = getattr(result, "close", None)
    if close is not None:
        close()


def _no_write(data: bytes) -> None:  # pragma: no cover - the mock's app never uses the write() callable
    raise NotImplementedError("the write() callable of start_response is not supported")
