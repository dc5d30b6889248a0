"""``genesys-mock serve --server waitress``: a pure-Python threaded server in this very process."""

from __future__ import annotations

import signal
from typing import Any

from mockserver.serving import STOPPED_LINE, listening_line
from mockserver.settings import Settings

# waitress spools bodies to a temporary file past 512 KiB (memory stays flat) and rejects bodies past this
# ceiling with its own plain-text page; keep it far above the mock's limit so clients see the mock's ErrorBody
# 413. The price: one request can occupy up to this much temporary disk before it is refused.
_WAITRESS_BODY_CEILING = 4 * 1024**3

# waitress accepts no connection at all past ``connection_limit`` (default 100) open ones, so 100 clients stalled
# mid-body froze every other client until its ``channel_timeout`` (default 120 s) cut them. Open connections cost no
# thread here (waitress reads bodies on its loop), so allow 1000 (each is a file descriptor: a typical default
# limit is 1024), poll() instead of select() (whose FD_SETSIZE is 1024), and cut silent clients after 60 s, as the
# granian bridge does and docs/behaviour.md says.
_WAITRESS_CONNECTION_LIMIT = 1000
_WAITRESS_SILENCE_SECONDS = 60


def serve_waitress(settings: Settings) -> int:
    import logging

    from waitress import create_server

    from mockserver.app import create_app
    from mockserver.snapshot.persistence import load_at_start, save_at_shutdown

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    app = create_app(settings)
    for line in load_at_start(app, settings):
        print(line, flush=True)
    server = create_server(
        app,
        host=settings.host,
        port=settings.port,
        threads=settings.threads,
        ident="genesys-mock",
        max_request_body_size=max(_WAITRESS_BODY_CEILING, settings.max_body_bytes * 4),
        clear_untrusted_proxy_headers=True,
        connection_limit=_WAITRESS_CONNECTION_LIMIT,
        asyncore_use_poll=True,
        channel_timeout=_WAITRESS_SILENCE_SECONDS,
    )

    stopped_by_signal = False

    def _stop(signum: int, _frame: Any) -> None:
        nonlocal stopped_by_signal
        stopped_by_signal = True  # a clean stop: the state file may be written
        raise SystemExit(0)  # waitress's loop catches it and shuts its worker threads down

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    host, port = server.effective_host, server.effective_port
    print(listening_line(str(host), int(port), settings), flush=True)
    try:
        server.run()
    finally:
        server.close()
        saved = save_at_shutdown(app, settings) if stopped_by_signal else None
        if saved:
            print(saved, flush=True)
        print(STOPPED_LINE, flush=True)
    return 0
