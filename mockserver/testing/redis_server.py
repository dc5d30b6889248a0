"""A real ``redis-server`` for tests: on a free 127.0.0.1 port, in its own directory, stopped and restarted on the
same port (an outage, or a restart that must keep the data when ``persistent``).

No sleeps: readiness is a PING polled until a deadline, shutdown a ``Popen.wait`` with a timeout. Tests never use a
fake Redis: transactions, WATCH and expiry must be the real server's.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator

import redis

START_DEADLINE = 10.0
STOP_DEADLINE = 10.0


def redis_server_path() -> str | None:
    """The ``redis-server`` executable, or None when it is not installed (``apt-get install redis-server``)."""
    return shutil.which("redis-server")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """One ``redis-server`` process; :meth:`stop` and :meth:`start` again keep the port (and, when
    ``persistent``, the data: append-only file in ``directory``)."""

    def __init__(self, directory: Path, *, port: int | None = None, persistent: bool = False) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.persistent = persistent
        self.process: subprocess.Popen[bytes] | None = None
        self._log = self.directory / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        executable = redis_server_path()
        if executable is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else ["--appendonly", "no"]
        return [
            executable,
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--dir",
            str(self.directory),
            "--save",
            "",
            *persistence,
            "--logfile",
            str(self._log),
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
        ]

    def start(self, deadline: float = START_DEADLINE) -> "RedisServer":
        """Start it and return once it answers PING (fails with its log after ``deadline`` seconds)."""
        assert self.process is None or self.process.poll() is not None, "already running"
        self.process = subprocess.Popen(
            self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        end = time.monotonic() + deadline
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1, socket_timeout=1)
        last: Exception | None = None
        try:
            while time.monotonic() < end:
                if self.process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with {self.process.returncode}\n{self.log_text()}")
                try:
                    if client.ping():
                        return self
                except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
                    last = exc
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        self.process.wait(timeout=0.02)  # waits on the process, not a sleep
        finally:
            client.close()
        self.stop()
        raise RuntimeError(
            f"redis-server on port {self.port} did not answer PING within {deadline} s: {last}\n{self.log_text()}"
        )

    def stop(self, deadline: float = STOP_DEADLINE) -> None:
        """SIGTERM (a persistent server writes its append-only file first) and wait; SIGKILL past ``deadline``."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=deadline)

    def restart(self) -> "RedisServer":
        self.stop()
        return self.start()

    def log_text(self) -> str:
        return self._log.read_text(errors="replace")[-4000:] if self._log.exists() else ""


@contextlib.contextmanager
def running_redis(directory: Path, *, persistent: bool = False) -> Iterator[RedisServer]:
    """A started :class:`RedisServer`, stopped when the block ends."""
    server = RedisServer(directory, persistent=persistent)
    server.start()
    try:
        yield server
    finally:
        server.stop()
