"""How ``genesys-mock serve`` puts the app on a socket: under waitress or granian (``settings.server``).

Both keep the mock's guarantees, checked by tests/server for each: with the in-memory state one process holds it
(granian runs ONE worker; ``--workers N`` needs a shared backend, see :func:`check_workers`), the first stdout
line names the real bound port, SIGTERM/SIGINT stop cleanly (the state file is written, then
``genesys-mock stopped`` is the last line), a body over ``max_body_bytes`` gets the mock's own 413 ErrorBody,
each body is read whole before the app's threads see the request (a client that stalls mid-body holds no thread,
and an early answer reaches a client that is still writing), and a reinstall under a running server cannot break it.
"""

from __future__ import annotations

from mockserver.settings import Settings, SettingsError

SERVERS: tuple[str, ...] = ("granian", "waitress")
"""The default (granian, chosen by measurement: docs/performance.md, "Serving layer") comes first."""

STOPPED_LINE = "genesys-mock stopped"


def listening_line(host: str, port: int, settings: Settings) -> str:
    """The start-up line that scripts and tests/server read the port from: keep its wording stable."""
    return f"genesys-mock listening on http://{host}:{port} (profile {settings.profile})"


def check_workers(settings: Settings) -> None:
    """Refuse, before anything starts, a worker count the chosen state and server cannot honour (exit 2).

    Several processes only make one mock when they share their state: with ``state: memory`` each worker would hold
    its own lists, tokens and rate windows, and a client would see whichever worker its connection landed on.
    waitress serves from threads of one process, so it has no workers to add.
    """
    if settings.workers == 1:
        return
    if settings.state == "memory":
        raise SettingsError(
            f"--workers {settings.workers} needs a shared state backend: --state redis://HOST:PORT/DB "
            "(the in-memory state lives in one process; or GENESYS_MOCK_STATE)"
        )
    if settings.server == "waitress":
        raise SettingsError(
            f"--workers {settings.workers} needs --server granian: waitress serves from threads of one process"
        )


def serve(settings: Settings) -> int:
    """Serve until SIGTERM/SIGINT; returns the exit code (the CLI has run :func:`check_workers`).

    Every module a request may need is imported first (mockserver/serving/preload.py): files replaced under a
    running server by a reinstall must not turn later requests into 500s.
    """
    from mockserver.serving.preload import preload

    preload()
    if settings.server == "waitress":
        from mockserver.serving.waitress_server import serve_waitress

        return serve_waitress(settings)
    from mockserver.serving.granian_server import serve_granian

    return serve_granian(settings)
