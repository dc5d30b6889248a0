"""Start the real ``genesys-mock serve`` as a subprocess and talk to it over HTTP on 127.0.0.1.

Nothing here sleeps to wait for the server: the port comes from the first stdout line (read by a thread into a
queue, so every wait has a deadline), readiness from polling ``GET /__mock/health`` until a deadline, and shutdown
from ``Popen.wait`` with a timeout.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import httpx
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
CONSOLE_SCRIPT = Path(sys.executable).with_name("genesys-mock")

START_DEADLINE = 20.0  # seconds from spawn to the "listening" line (imports take ~1 s)
HEALTH_DEADLINE = 10.0  # seconds from the "listening" line to a 200 from /__mock/health
STOP_DEADLINE = 10.0  # seconds from the signal to the process exit

LISTENING = re.compile(r"^genesys-mock listening on (http://127\.0\.0\.1:(\d+)) \(profile (\w+)\)$")

DEFAULT_CLIENT = {"client_id": "mock-client-id", "client_secret": "mock-client-secret"}

SERVERS = ("waitress", "granian")
over_both_servers = pytest.mark.parametrize("serving", SERVERS, indirect=True, scope="module")
"""Runs a test (or, as ``pytestmark``, a module) under each serving layer; ``start_server`` and ``default_server``
then pass ``--server``. Without it they start ``genesys-mock serve`` with its default server."""

_EOF = object()


def server_env() -> dict[str, str]:
    """The environment for a server: ours minus every ``GENESYS_MOCK_*`` setting but the state backend (the second
    pass of the suite, tests/conftest.py ``state_backend``, names a Redis there), and unbuffered output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYS_MOCK_") or k == "GENESYS_MOCK_STATE"}
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def http_client(base_url: str, **kwargs: Any) -> httpx.Client:
    """A client that can only ever reach the server: no proxies or other settings from the environment."""
    return httpx.Client(base_url=base_url, trust_env=False, timeout=kwargs.pop("timeout", 30.0), **kwargs)


class ServerProcess:
    """One ``genesys-mock serve`` process: its port, its stdout lines, its stderr log file and how it stopped."""

    def __init__(self, command: Sequence[str], workdir: Path) -> None:
        self.command = list(command)
        self.stderr_path = workdir / f"server-{os.getpid()}-{id(self)}.stderr.log"
        self._stderr = self.stderr_path.open("wb")
        self.process = subprocess.Popen(
            self.command,
            cwd=workdir,
            env=server_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,  # logs go to a file: nothing can block on a full pipe
            text=True,
            bufsize=1,
        )
        self.pid = self.process.pid
        self.stdout_lines: list[str] = []
        self._lines: queue.Queue[object] = queue.Queue()
        self._reader = threading.Thread(target=self._read_stdout, name=f"stdout-{self.pid}", daemon=True)
        self._reader.start()
        self.base_url = ""
        self.profile = ""

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            line = line.rstrip("\n")
            self.stdout_lines.append(line)
            self._lines.put(line)
        self._lines.put(_EOF)

    def stderr_text(self) -> str:
        self._stderr.flush()
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def _diagnostics(self) -> str:
        return (
            f"command: {self.command}\nexit code: {self.process.poll()}\n"
            f"stdout: {self.stdout_lines!r}\nstderr:\n{self.stderr_text()[-4000:]}"
        )

    def wait_listening(self, deadline: float = START_DEADLINE) -> str:
        """Read stdout until the "listening" line; returns the base URL it announces."""
        end = time.monotonic() + deadline
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no 'listening' line within {deadline} s\n{self._diagnostics()}")
            try:
                item = self._lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if item is _EOF:
                self.process.wait(timeout=STOP_DEADLINE)
                raise AssertionError(f"server exited before listening\n{self._diagnostics()}")
            match = LISTENING.match(str(item))
            if match:
                self.base_url, self.profile = match.group(1), match.group(3)
                assert int(match.group(2)) > 0, item
                return self.base_url

    def wait_healthy(self, deadline: float = HEALTH_DEADLINE) -> None:
        """Poll ``GET /__mock/health`` until it answers 200; between polls, wait on the process (not a sleep)."""
        end = time.monotonic() + deadline
        last: object = None
        with http_client(self.base_url, timeout=2.0) as client:
            while time.monotonic() < end:
                try:
                    response = client.get("/__mock/health")
                    if response.status_code == 200:
                        assert response.json()["status"] == "ok", response.text
                        return
                    last = f"{response.status_code} {response.text[:200]}"
                except httpx.TransportError as exc:
                    last = repr(exc)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=0.05)
                    raise AssertionError(f"server exited while starting\n{self._diagnostics()}")
        raise AssertionError(f"/__mock/health not 200 within {deadline} s (last: {last})\n{self._diagnostics()}")

    def stop(self, signum: int = signal.SIGTERM, deadline: float = STOP_DEADLINE) -> int:
        """Send ``signum``; returns the exit code. Kills the process and fails if it outlives the deadline."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=deadline)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=deadline)
                self.close()
                pytest.fail(f"server ignored signal {signum} for {deadline} s and was killed\n{self._diagnostics()}")
        self._reader.join(timeout=deadline)
        return self.process.returncode

    def client(self, **kwargs: Any) -> httpx.Client:
        return http_client(self.base_url, **kwargs)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=STOP_DEADLINE)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._stderr.close()


def write_config(directory: Path, config: dict[str, Any], name: str = "genesys-mock.yaml") -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@contextlib.contextmanager
def running_server(
    workdir: Path,
    *args: str,
    config: dict[str, Any] | None = None,
    command: Sequence[str] | None = None,
    serving: str | None = None,
) -> Iterator[ServerProcess]:
    """Start a server on a free port, wait until it is healthy, yield it; stop it with SIGTERM and expect 0.

    ``serving`` is the ``--server`` option (None: the default serving layer).
    """
    argv = list(command or [sys.executable, "-m", "mockserver"]) + ["serve", "--port", "0", *args]
    if serving is not None:
        argv += ["--server", serving]
    if config is not None:
        argv += ["--config", str(write_config(workdir, config))]
    server = ServerProcess(argv, workdir)
    try:
        server.wait_listening()
        server.wait_healthy()
        yield server
    except BaseException:
        with contextlib.suppress(BaseException):
            server.stop(signal.SIGTERM)  # best effort; the test's own failure is what gets reported
        raise
    else:
        code = server.stop(signal.SIGTERM)
        assert code == 0, f"server exited with {code} after SIGTERM\n{server._diagnostics()}"
        assert server.stdout_lines[-1:] == ["genesys-mock stopped"], server._diagnostics()
    finally:
        server.close()


StartServer = Callable[..., ServerProcess]


@pytest.fixture(scope="module")
def serving(request: pytest.FixtureRequest) -> str | None:
    """The serving layer under test: a parameter under ``over_both_servers``, else None (the default one)."""
    return getattr(request, "param", None)


@pytest.fixture
def start_server(tmp_path: Path, serving: str | None) -> Iterator[StartServer]:
    """``start_server(*args, config=..., command=...)`` -> a healthy server, stopped (and checked) at teardown."""
    with contextlib.ExitStack() as stack:
        counter = iter(range(1_000))

        def start(
            *args: str, config: dict[str, Any] | None = None, command: Sequence[str] | None = None
        ) -> ServerProcess:
            workdir = tmp_path / f"server{next(counter)}"
            workdir.mkdir()
            return stack.enter_context(running_server(workdir, *args, config=config, command=command, serving=serving))

        yield start


@pytest.fixture(scope="module")
def default_server(tmp_path_factory: pytest.TempPathFactory, serving: str | None) -> Iterator[ServerProcess]:
    """One server with the default settings, shared by the tests of a module; each test uses its own token."""
    with running_server(tmp_path_factory.mktemp("default-server"), serving=serving) as server:
        yield server


def get_token(
    client: httpx.Client,
    client_id: str = DEFAULT_CLIENT["client_id"],
    client_secret: str = DEFAULT_CLIENT["client_secret"],
) -> str:
    """A fresh bearer token for ``client_id`` by client credentials (HTTP Basic)."""
    response = client.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, client_secret))
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture
def token_for() -> Callable[..., str]:
    """``token_for(client, client_id=..., client_secret=...)``: see :func:`get_token`."""
    return get_token


RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """``run_cli(*args, timeout=...)``: run ``python -m mockserver *args`` to completion within a deadline."""

    def run(*args: str, timeout: float = START_DEADLINE) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mockserver", *args],
            cwd=tmp_path,
            env=server_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run
