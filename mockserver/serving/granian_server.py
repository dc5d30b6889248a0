"""``genesys-mock serve --server granian``: granian's Rust HTTP server, the app on a pool of Python threads.

granian runs the app through its RSGI interface, behind :class:`~mockserver.serving.rsgi_bridge.WSGIOverRSGI`:
the event loop reads each body before the app's threads see the request, so stalled clients hold no thread and
early answers reach clients that are still writing (issue 13; granian's WSGI interface did neither).
granian's Python API is a supervisor that starts worker processes: ONE with the in-memory state (that worker holds
the state), ``settings.workers`` with a shared backend (Redis: every worker reads and writes the same state):

- **The app.** Built here, in the supervisor, with the state or seed file loaded, before granian starts: a bad
  file (or an unreachable backend) exits 2 before the "listening" line, as under waitress. granian takes a
  ``target_loader`` instead of an import string, so the worker gets the app from :func:`_worker_app`, not from a
  module that would have to rebuild settings from the environment. In-memory: a forked worker (Linux,
  Python < 3.14) serves that very app object; a spawned one (macOS, Python ≥ 3.14) builds it again from the
  pickled settings and loads the state file itself. Shared backend: the supervisor closes its connection once the
  files are loaded, and every worker builds its own app and backend connection after the fork (no socket is
  shared between processes); the state is already in the backend, so workers load no file.
- **The port.** On Linux granian binds in each worker (``SO_REUSEPORT``: the kernel spreads connections over the
  workers) and never reports the port, so for ``--port 0`` a free port is picked here first and handed to granian.
  Between the two binds another program could take it (a short window); granian would then fail to start rather
  than listen elsewhere.
- **Stopping.** SIGTERM/SIGINT reach the supervisor, which stops the workers with SIGTERM and waits for them. The
  state file is written once: in-memory by the worker after granian's serve loop has returned
  (:func:`_worker_main`, wrapped around granian's own RSGI spawner); with a shared backend by the supervisor after
  every worker has stopped. Then the supervisor prints ``genesys-mock stopped``.
- **A worker that dies** (killed, out of memory) is respawned by the supervisor, which prints a line to stderr
  (:data:`RESPAWN_LINE` in-memory, :data:`SHARED_RESPAWN_LINE` with a shared backend). In-memory, the new worker
  starts from what was loaded at start (state file or seed file, else empty): everything the dead worker held is
  lost. With a shared backend nothing acknowledged is lost (a write is in the backend before its answer), and the
  other workers keep serving meanwhile. A worker that dies again within a few seconds of its respawn ends the
  supervisor with exit 1 and :data:`EXIT_LINE`, for a process manager to act on.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import socket
import sys
from typing import TYPE_CHECKING, Any

from mockserver.serving import STOPPED_LINE, listening_line
from mockserver.settings import Settings, SettingsError

if TYPE_CHECKING:
    from flask import Flask

    from mockserver.serving.rsgi_bridge import WSGIOverRSGI

# granian logs to stdout by default; stdout carries only the mock's own lines (scripts read the port from it).
_LOG_CONFIG: dict[str, Any] = {
    "handlers": {
        "console": {"formatter": "generic", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
    },
}

RESPAWN_LINE = (
    "genesys-mock: the worker process died and was respawned; the state it held in memory is lost "
    "(the new worker starts from the state or seed file loaded at start, else empty)"
)
SHARED_RESPAWN_LINE = (
    "genesys-mock: a worker process died and was respawned; the state is in the shared backend, "
    "nothing acknowledged is lost"
)
EXIT_LINE = "genesys-mock: the worker process exited unexpectedly (a crash loop, or it could not start); exiting 1"

_served: tuple[Flask, Settings] | None = None
"""The app this process serves and its settings: set in the supervisor with the in-memory state (a forked worker
inherits it), else by :func:`_worker_app` in the worker."""


def shared_backend(settings: Settings) -> bool:
    """Whether the state lives outside the processes (Redis), so that each worker connects on its own."""
    return settings.state != "memory"


def _free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _build(settings: Settings, announce: bool) -> Flask:
    from mockserver.app import create_app
    from mockserver.snapshot.persistence import load_at_start

    global _served
    app = create_app(settings)
    for line in load_at_start(app, settings):
        if announce:
            print(line, flush=True)
    _served = (app, settings)
    return app


def _close_backend(app: Flask) -> None:
    """Drop this process's connection to a shared backend (the supervisor's, once it has loaded the files)."""
    from mockserver.core.context import shared_state

    with app.app_context():
        shared_state().backend.close()


def _worker_app(settings: Settings) -> WSGIOverRSGI:
    """granian's target loader, run in the worker: the supervisor's app when forked with the in-memory state, else
    one built here (spawned, or a shared backend: this worker's own connection, no file loaded again)."""
    global _served
    from mockserver.serving.rsgi_bridge import WSGIOverRSGI

    if _served is not None:
        return WSGIOverRSGI(_served[0], settings.threads)
    from mockserver.serving.preload import preload

    preload()  # as the supervisor did (see mockserver/serving/__init__.py)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if shared_backend(settings):  # the supervisor loaded the files into the backend
        from mockserver.app import create_app

        app = create_app(settings)
        _served = (app, settings)
        return WSGIOverRSGI(app, settings.threads)
    return WSGIOverRSGI(_build(settings, announce=False), settings.threads)  # the supervisor printed what it loaded


def _worker_main(write_failed: Any, *args: Any, **kwargs: Any) -> None:
    """The worker process: granian's RSGI worker until a signal stops it, then the state file is written.

    An exception from granian propagates (the worker exits non-zero) and writes nothing, as a crash under waitress.
    """
    from granian.server.mp import MPServer

    from mockserver.snapshot.persistence import save_at_shutdown

    MPServer._spawn_rsgi_worker(*args, **kwargs)
    if _served is None:  # pragma: no cover - the loader ran before serving
        return
    if shared_backend(_served[1]):  # the supervisor writes the state file once every worker has stopped
        _close_backend(_served[0])
        return
    try:
        saved = save_at_shutdown(*_served)
    except SettingsError as exc:
        print(f"genesys-mock: {exc}", file=sys.stderr, flush=True)
        write_failed.value = 1
        return
    if saved:
        print(saved, flush=True)


def _supervisor_class(respawn_line: str) -> type:
    from granian.server.mp import MPServer

    class Supervisor(MPServer):
        """granian's supervisor, saying on stderr what a respawn costs (only failed workers are respawned here)."""

        def _respawn_workers(self, *args: Any, **kwargs: Any) -> None:
            print(respawn_line, file=sys.stderr, flush=True)
            super()._respawn_workers(*args, **kwargs)

    return Supervisor


def serve_granian(settings: Settings) -> int:
    from granian.constants import Interfaces
    from granian.log import LogLevels

    global _served
    port = settings.port or _free_port(settings.host)
    app = _build(settings, announce=True)
    shared = shared_backend(settings)
    if shared:  # each worker connects after the fork: no connection (socket) crosses processes
        _close_backend(app)
        _served = None
    write_failed = multiprocessing.Value("b", 0)
    server = _supervisor_class(SHARED_RESPAWN_LINE if shared else RESPAWN_LINE)(
        "mockserver.serving.granian_server:_worker_app",  # only named in logs: the target_loader below loads it
        address=settings.host,
        port=port,
        interface=Interfaces.RSGI,
        workers=settings.workers if shared else 1,  # in memory, one process holds the state
        websockets=False,
        respawn_failed_workers=True,
        log_level=LogLevels.error,  # its warnings are about CPU-bound apps (e.g. "8 threads on 2 cores is high")
        log_dictconfig=_LOG_CONFIG,
    )
    server.on_startup(lambda: print(listening_line(settings.host, port, settings), flush=True))
    exit_code = 0
    try:
        try:
            server.serve(
                spawn_target=functools.partial(_worker_main, write_failed),
                target_loader=functools.partial(_worker_app, settings),
                wrap_loader=False,
            )
        except SystemExit as stop:  # granian exits 1 when its worker died again right after a respawn
            exit_code = stop.code if isinstance(stop.code, int) else 1
            if exit_code:
                print(EXIT_LINE, file=sys.stderr, flush=True)
        if shared and not exit_code:  # every worker has stopped: one writer
            write_failed.value = not _save_shared(settings)
    finally:
        print(STOPPED_LINE, flush=True)
    return exit_code or (2 if write_failed.value else 0)


def _save_shared(settings: Settings) -> bool:
    """With a shared backend, the supervisor writes the state file after the workers stopped (its own connection)."""
    from mockserver.app import create_app
    from mockserver.snapshot.persistence import save_at_shutdown

    if settings.state_file is None:
        return True
    app = create_app(settings)
    try:
        saved = save_at_shutdown(app, settings)
    except SettingsError as exc:
        print(f"genesys-mock: {exc}", file=sys.stderr, flush=True)
        return False
    finally:
        _close_backend(app)
    if saved:
        print(saved, flush=True)
    return True
