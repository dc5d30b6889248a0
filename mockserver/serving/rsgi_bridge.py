"""The mock's WSGI app behind granian's RSGI interface, with each body read by the event loop before the app runs.

Why not granian's own WSGI interface (issue 13): it hands a request to one of its Python threads as soon as the
headers are in, and the app then reads the body from that thread. A client that stalls mid-body holds a thread, and
as many stalled clients as threads (eight by default) froze every other request, ``/__mock/health`` included. And
an early answer (413 for a declared length over the limit, 404 for a wrong upload route) was sent and the socket
closed while the client was still writing: Node clients got ``write EPIPE`` instead of the answer.

Here, as in waitress: the event loop reads the body (no thread waits on a client), spools it to a temporary file
past :data:`SPOOL_IN_MEMORY` bytes (memory stays flat for a 200 MB body), and only a complete request reaches the
app's thread pool, with the body's length as ``CONTENT_LENGTH``. So no answer goes out before the client has sent
its body, except where the bridge gives up on it:

- a client silent for :data:`BODY_IDLE_TIMEOUT` seconds mid-body, or gone: the connection is closed without an
  answer (waitress's ``channel_timeout`` does the same), the way a dropped connection is (below);
- a body past :data:`BODY_CEILING`: the app gets the first ``BODY_CEILING + 1`` bytes (it answers 413), and the rest
  is read and thrown away after the answer, for at most :data:`LINGER_SECONDS` (a "lingering close", as production
  HTTP servers do), so that a client still writing reads the answer instead of a reset.

A fault's dropped connection (:class:`~mockserver.core.wsgi.ConnectionDropped` from the app): granian answers an
empty 500 to an app that sends no response, and has no "close without a response". So the bridge starts a stream
whose head promises one byte and ends it empty: granian closes the connection with the response cut short. The
client gets a transport error, mostly with nothing written (docs/performance.md), otherwise after the status line
(when the head is flushed before the close): which one is up to timing, so a test must accept both.

The bridge keeps no state of its own between requests, so N worker processes can each run one.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any, AsyncIterator, Callable, Iterable, Iterator

from mockserver.core.limits import UPLOAD_CEILING
from mockserver.core.wsgi import ConnectionDropped

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

_SPECIAL_HEADERS = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}


class _BodyGaveUp(Exception):
    """The client stalled or went away mid-body: the request is dropped without a response."""


class WSGIOverRSGI:
    """An RSGI app (granian's own interface) running ``wsgi_app`` on ``threads`` threads once each body is in.

    RSGI rather than ASGI: one call sends a whole response (no message dicts), which made a bare Flask route
    cheaper per request than the same bridge over ASGI (figures: docs/performance.md).
    """

    def __init__(
        self,
        wsgi_app: WSGIApp,
        threads: int,
        *,
        idle_timeout: float = BODY_IDLE_TIMEOUT,
        ceiling: int = BODY_CEILING,
        linger_seconds: float = LINGER_SECONDS,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="genesys-mock")
        self.idle_timeout = idle_timeout
        self.ceiling = ceiling
        self.linger_seconds = linger_seconds

    async def __call__(self, scope: Any, protocol: Any) -> None:
        if scope.proto != "http":  # no websockets
            return
        headers = scope.headers.items()
        try:
            body, length, unread = await self._read_body(headers, protocol)
        except _BodyGaveUp:
            await _cut(protocol)
            return
        try:
            loop = asyncio.get_running_loop()
            environ = wsgi_environ(scope, headers, body, length)
            try:
                status, response_headers, parts, rest = await loop.run_in_executor(
                    self.pool, _start, self.wsgi_app, environ
                )
            except ConnectionDropped:
                await _cut(protocol)
                return
            if rest is None:
                protocol.response_bytes(status, response_headers, b"".join(parts))
            else:
                transport = protocol.response_stream(status, response_headers)
                while rest is not None:
                    await transport.send_bytes(b"".join(parts))
                    parts, rest = await loop.run_in_executor(self.pool, _next_batch, *rest)
                await transport.send_bytes(b"".join(parts))
        finally:
            body.close()
        if unread is not None:
            await self._linger(unread)

    async def _read_body(
        self, headers: list[tuple[str, str]], protocol: Any
    ) -> tuple[IO[bytes], int, AsyncIterator[bytes] | None]:
        """The body spooled (at most ``ceiling + 1`` bytes), its length, and the rest when the client is still
        sending (a body past the ceiling), else None."""
        declared = _declared_length(headers)
        if declared == 0:
            return io.BytesIO(), 0, None
        if declared is not None and declared <= min(SPOOL_IN_MEMORY, self.ceiling):
            return await self._read_small_body(protocol, declared)
        body: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
        chunks = protocol.__aiter__()
        length = 0
        try:
            while True:
                try:
                    chunk = await asyncio.wait_for(chunks.__anext__(), self.idle_timeout)
                except StopAsyncIteration:
                    break
                except Exception:  # a timeout, or the client went away (granian raises as the stream breaks)
                    raise _BodyGaveUp() from None
                keep = chunk[: self.ceiling + 1 - length]
                if keep:
                    body.write(keep)
                    length += len(keep)
                if length > self.ceiling:
                    body.seek(0)
                    return body, length, chunks
            if declared is not None and length < declared:  # the stream ended early: the client is gone
                raise _BodyGaveUp()
        except BaseException:
            body.close()
            raise
        body.seek(0)
        return body, length, None

    async def _read_small_body(self, protocol: Any, declared: int) -> tuple[IO[bytes], int, None]:
        """A body of a declared length that fits in memory, in one read (most requests: the fast path)."""
        try:
            data = await asyncio.wait_for(protocol(), self.idle_timeout)
        except Exception:  # a timeout, or the client went away
            raise _BodyGaveUp() from None
        if len(data) < declared:
            raise _BodyGaveUp()
        return io.BytesIO(data), len(data), None

    async def _linger(self, unread: AsyncIterator[bytes]) -> None:
        """Read and discard what the client still sends after the answer, for at most ``linger_seconds``."""

        async def drain() -> None:
            async for _ in unread:
                pass

        with contextlib.suppress(Exception):
            await asyncio.wait_for(drain(), self.linger_seconds)


async def _cut(protocol: Any) -> None:
    """End the exchange with no usable response: a head promising one byte, then an empty end (see above)."""
    transport = protocol.response_stream(503, [("content-length", "1"), ("connection", "close")])
    await transport.send_bytes(b"")


def _declared_length(headers: list[tuple[str, str]]) -> int | None:
    """The Content-Length (None for a chunked body; 0 when there is neither: no body)."""
    chunked = False
    for name, value in headers:
        name = name.lower()
        if name == "content-length":
            return int(value) if value.strip().isdigit() else None
        if name == "transfer-encoding":
            chunked = True
    return None if chunked else 0


def wsgi_environ(scope: Any, headers: list[tuple[str, str]], body: IO[bytes], length: int) -> dict[str, Any]:
    """PEP 3333's environ for an RSGI HTTP scope whose body has been read (``length`` bytes in ``body``)."""
    server_host, _, server_port = scope.server.rpartition(":")
    client_host, _, client_port = scope.client.rpartition(":")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scope.path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": server_host,
        "SERVER_PORT": server_port,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "SERVER_SOFTWARE": "genesys-mock",
        "REMOTE_ADDR": client_host,
        "REMOTE_PORT": client_port,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for raw_name, value in headers:
        name = raw_name.lower()
        if name == "transfer-encoding":
            continue  # the body is read whole: the app sees its length, as under waitress
        key = _SPECIAL_HEADERS.get(name) or "HTTP_" + name.upper().replace("-", "_")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    if length or "CONTENT_LENGTH" in environ:
        environ["CONTENT_LENGTH"] = str(length)
    return environ


_Rest = tuple[Iterator[bytes], Iterable[bytes]]
"""A response body still being produced: its iterator and the app's result (closed at the end)."""


def _start(app: WSGIApp, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], list[bytes], _Rest | None]:
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
    return int(status.split(" ", 1)[0]), headers, chunks, rest


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
