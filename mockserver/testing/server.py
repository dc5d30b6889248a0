"""The mock served by waitress on a free port of 127.0.0.1, in a daemon thread of the calling process.

Tests that need a real socket (an SDK, a subprocess, a browser) get one without spawning ``genesys-mock serve``.
Readiness is polled on ``/__mock/health`` until a deadline; nothing sleeps for a fixed time. Stopping asks
waitress's own loop thread to close its sockets (through its trigger), because closing them from another thread
races with the ``select`` that is using them.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
from flask import Flask

from mockserver.settings import Settings, load_settings
from mockserver.testing.admin import MockAdmin

READY_DEADLINE = 10.0  # seconds from start to a 200 on /__mock/health
STOP_DEADLINE = 10.0  # seconds for the loop thread to finish after being asked to stop


class EmbeddedServer:
    """One waitress server for one app. ``with EmbeddedServer() as server: server.url``."""

    def __init__(self, settings: Settings | None = None, *, app: Flask | None = None, threads: int = 4) -> None:
        from mockserver.app import create_app

        self.settings = settings or load_settings(log_requests=False)
        self.app = app or create_app(self.settings)
        self.threads = threads
        self.url = ""
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self, deadline: float = READY_DEADLINE) -> EmbeddedServer:
        from waitress import create_server

        self._server = create_server(
            self.app,
            host="127.0.0.1",
            port=0,
            threads=self.threads,
            ident="genesys-mock",
            clear_untrusted_proxy_headers=True,
        )
        self.url = f"http://127.0.0.1:{self._server.effective_port}"
        self._thread = threading.Thread(target=self._server.run, name=f"genesys-mock {self.url}", daemon=True)
        self._thread.start()
        self._wait_ready(deadline)
        return self

    def _wait_ready(self, deadline: float) -> None:
        end = time.monotonic() + deadline
        last: object = None
        with httpx.Client(base_url=self.url, trust_env=False, timeout=2.0) as client:
            while time.monotonic() < end:
                try:
                    response = client.get("/__mock/health")
                    if response.status_code == 200:
                        return
                    last = f"{response.status_code} {response.text[:200]}"
                except httpx.TransportError as exc:
                    last = repr(exc)
                assert self._thread is not None
                self._thread.join(timeout=0.05)  # returns at once unless the thread died; then we report it
                if not self._thread.is_alive():
                    break
        self.stop()
        raise RuntimeError(f"genesys-mock at {self.url} not healthy within {deadline} s (last: {last})")

    def stop(self, deadline: float = STOP_DEADLINE) -> None:
        """Close every socket from the loop thread, wait for it, then stop the worker threads."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        from waitress import wasyncore

        self._server = self._thread = None
        if thread.is_alive():
            try:
                server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
            except OSError:
                # The trigger's pipe was closed under us (seen once in a long pytest session, on a loaded machine):
                # close the sockets from here instead; the loop thread ends when its next select finds them gone.
                wasyncore.close_all(server._map, ignore_all=True)
            thread.join(timeout=deadline)
        server.task_dispatcher.shutdown()
        if thread.is_alive():
            raise RuntimeError(f"genesys-mock at {self.url} did not stop within {deadline} s")

    def route_unmarked_requests(self, tenant: str | None) -> None:
        """Requests that name no tenant go to ``tenant`` (None: the default one). This server runs one test at a
        time, so the plugin points them at the running test's tenant: see ``Tenants.route_unmarked``."""
        self.app.config["MOCK_TENANTS"].route_unmarked(tenant)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def admin(self, tenant: str | None = None) -> MockAdmin:
        """Admin helpers for this server, scoped to ``tenant`` (None: the default tenant)."""
        return MockAdmin(self.url, tenant=tenant)

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
