"""The WSGI layer under Flask: it taps request bodies for the journal and drops connections for faults.

Why below Flask: Flask turns every exception into a response (here a 500 ``ErrorBody``), so "no response at all"
must be decided after Flask has returned. A view marks the request (``DROP_ENVIRON_KEY``) and this layer raises
:class:`ConnectionDropped` instead of handing the response to the server.

How a drop reaches the client: ``ConnectionDropped`` subclasses waitress's ``ClientDisconnected``. When a WSGI app
raises that before any byte of the response is written, waitress logs one info line, writes nothing and closes
the socket (``HTTPChannel.service``), so the client sees the connection closed without a response (httpx:
``RemoteProtocolError: Server disconnected without sending a response``). In-process (Flask's test client,
``httpx.WSGITransport``) the exception reaches the caller, which is the in-process form of a transport error.

Under granian the app runs behind mockserver/serving/rsgi_bridge.py, which catches the same exception. granian
has no "close without a response": the bridge sends a head promising one byte of body and ends without it, and
granian closes the connection. The client gets a transport error all the same, which clients retry like a drop:
with no status line (httpx: ``Server disconnected without sending a response``) or with one, when it was flushed
before the close (``peer closed connection without sending complete message body``); which one is up to timing.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from mockserver.core.journal import TAP_ENVIRON_KEY, BodyTap

try:
    from waitress.channel import ClientDisconnected as _ServerAbort
except ImportError:  # pragma: no cover - waitress is a runtime dependency; other servers answer a 500 instead
    _ServerAbort = ConnectionAbortedError

DROP_ENVIRON_KEY = "genesys_mock.drop_connection"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ConnectionDropped(_ServerAbort):
    """Raised to the WSGI server so that it closes the connection without sending a response."""


class MockMiddleware:
    """Wraps ``app.wsgi_app``. ``tap_limit`` is how many body bytes the journal keeps (None: no journal)."""

    def __init__(self, wsgi_app: WSGIApp, tap_limit: int | None) -> None:
        self.wsgi_app = wsgi_app
        self.tap_limit = tap_limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.tap_limit is not None and not environ.get("PATH_INFO", "").startswith("/__mock/"):
            tap = BodyTap(environ["wsgi.input"], self.tap_limit)
            environ["wsgi.input"] = environ[TAP_ENVIRON_KEY] = tap
        result = self.wsgi_app(environ, start_response)
        if environ.get(DROP_ENVIRON_KEY):
            close = getattr(result, "close", None)
            if close is not None:
                close()
            raise ConnectionDropped("connection dropped by an injected fault")
        return result
