"""Start the processes under test — the mock, a bare Flask app, Prism — and wait for them with deadlines.

Readiness is a 200 from the health URL polled until a deadline (never a fixed sleep); memory is sampled from
``/proc`` through psutil in a background thread so a peak is seen however briefly it lasts.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PRISM_DIR = Path(os.environ.get("GENESYS_MOCK_BENCH_PRISM", Path.home() / ".cache/genesys-mock-bench/prism"))
PRISM_BIN = PRISM_DIR / "node_modules/.bin/prism"
HEALTH = "/__mock/health"

BENCH_SETTINGS: dict[str, Any] = {
    "log_requests": False,  # Prism runs with quiet logging too; a log line per request measures the terminal
    "threads": 8,
    "rate_limit": {"requests": 1_000_000_000, "window_seconds": 60},  # a 429 would measure the limiter's refusal
    "outbound": {"max_contact_lists": 100_000_000, "upload_max_bytes": 256 * 1024 * 1024},
}
"""The mock's settings in every scenario: defaults, minus what would refuse or slow a load test by design."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, process: subprocess.Popen[bytes], deadline_s: float = 60.0, path: str = HEALTH) -> float:
    """Poll ``path`` until it answers 200; returns the monotonic time of that answer."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {path}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.005)  # pacing between polls, not a wait for readiness: the deadline bounds the loop
    raise RuntimeError(f"no 200 from {path} on port {port} within {deadline_s} s")


def mock_config(directory: Path, **overrides: Any) -> Path:
    path = directory / "bench-config.yaml"
    path.write_text(yaml.safe_dump({**BENCH_SETTINGS, **overrides}), encoding="utf-8")
    return path


def _env(config: Path | None = None, root: Path = REPO_ROOT) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENESYS_MOCK_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    if config is not None:
        env["GENESYS_MOCK_CONFIG"] = str(config)
    return env


def command(kind: str, server: str, port: int, threads: int = 8) -> list[str]:
    """The command line of ``kind`` (mock | bare) under ``server`` (serve | waitress | gunicorn | granian).

    ``serve`` is ``genesys-mock serve`` with its default serving layer, ``serve:granian`` (or ``serve:waitress``)
    the same with ``--server``.
    """
    if kind == "mock" and server.startswith("serve"):
        layer = server.partition(":")[2]
        return [str(BIN / "genesys-mock"), "serve", "--port", str(port)] + (["--server", layer] if layer else [])
    target = "benchmarks.wsgi:app" if kind == "mock" else "benchmarks.bare_app:app"
    if server in ("serve", "waitress"):
        return [str(BIN / "waitress-serve"), "--host=127.0.0.1", f"--port={port}", f"--threads={threads}", target]
    if server == "gunicorn":  # one process, so the in-memory state stays whole
        return [
            str(BIN / "gunicorn"),
            "--workers=1",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            target,
        ]
    if server == "granian":
        return [
            str(BIN / "granian"),
            "--interface=wsgi",
            "--workers=1",
            f"--blocking-threads={threads}",
            "--host=127.0.0.1",
            f"--port={port}",
            "--log-level=warning",
            "--no-ws",
            target,
        ]
    raise ValueError(server)


class Process:
    """A started server: its port, pid and the monotonic times of spawn and first 200."""

    def __init__(
        self, argv: Sequence[str], port: int, env: dict[str, str], health: str = HEALTH, cwd: Path = REPO_ROOT
    ) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self._log = tempfile.TemporaryFile()
        self.spawned = time.monotonic()
        self.process = subprocess.Popen(
            list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.pid = self.process.pid
        try:
            self.ready = wait_ready(port, self.process, path=health)
        except Exception:
            self.stop()
            raise

    @property
    def startup_seconds(self) -> float:
        return self.ready - self.spawned

    def log_tail(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-2000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


@contextlib.contextmanager
def started(
    kind: str, server: str = "serve", threads: int = 8, root: Path = REPO_ROOT, **settings: Any
) -> Iterator[Process]:
    """The mock (with the bench settings plus ``settings``) or the bare app under ``server``; ``root``: the source
    tree to run (another checkout, e.g. a baseline measured in the same run; the installed dependencies serve)."""
    with tempfile.TemporaryDirectory(prefix="genesys-mock-bench-") as tmp:
        port = free_port()
        config = mock_config(Path(tmp), threads=threads, **settings) if kind == "mock" else None
        proc = Process(command(kind, server, port, threads), port, _env(config, root), cwd=root)
        try:
            yield proc
        finally:
            proc.stop()


def prism_available() -> bool:
    return PRISM_BIN.exists()


def install_prism() -> bool:
    """``npm install`` Prism outside the repository (once); False when npm is missing or the install fails."""
    if prism_available():
        return True
    npm = shutil.which("npm")
    if npm is None:
        return False
    PRISM_DIR.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "install", "--prefix", str(PRISM_DIR), "@stoplight/prism-cli"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(f"prism install failed: {result.stderr[-500:]}", file=sys.stderr)
    return prism_available()


PRISM_PATHS = ("/api/v2/outbound/contactlists", "/api/v2/outbound/contactlists/{contactListId}")


def prism_document(directory: Path) -> Path:
    """The mock's own OpenAPI document cut to the two benchmarked paths (the same operations and schemas).

    A ``/__mock/health`` GET is added so that Prism's readiness is measured the same way as the mock's.
    """
    document = json.loads((REPO_ROOT / "contracts/openapi.json").read_text(encoding="utf-8"))
    document["paths"] = {path: document["paths"][path] for path in PRISM_PATHS}
    document["paths"][HEALTH] = {
        "get": {
            "operationId": "health",
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"type": "object"}, "example": {"status": "ok"}}},
                }
            },
        }
    }
    path = directory / "prism-openapi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@contextlib.contextmanager
def started_prism() -> Iterator[Process]:
    """Prism in its default static mode: request validation on (an invalid request gets 422), logging quiet."""
    with tempfile.TemporaryDirectory(prefix="genesys-mock-bench-prism-") as tmp:
        port = free_port()
        argv = [
            str(PRISM_BIN),
            "mock",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--verboseLevel",
            "warn",
            str(prism_document(Path(tmp))),
        ]
        proc = Process(argv, port, dict(os.environ))
        try:
            yield proc
        finally:
            proc.stop()


def tree_usage(pid: int) -> tuple[float, int]:
    """CPU seconds (user + system) and resident bytes of a process and its children, summed.

    The children count as in :class:`PeakRss` (granian's worker does the serving); a child that ended meanwhile is
    left out. CPU time, unlike wall-clock, barely moves with the load of a shared machine.
    """
    import psutil

    cpu, rss = 0.0, 0
    process = psutil.Process(pid)
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a child may end between the listing and the reading
            times = member.cpu_times()
            cpu += times.user + times.system
            rss += member.memory_info().rss
    return cpu, rss


class PeakRss:
    """Samples the resident memory of a process and its children every few milliseconds; ``peak`` is the largest
    sum seen (bytes).

    The children count because granian (the default serving layer) holds the state in a worker process under its
    supervisor: the supervisor alone stays flat however much the mock stores. The sum counts pages the forked
    worker still shares with the supervisor twice, so the absolute peak errs high; growth is unaffected.
    """

    def __init__(self, pid: int, interval_s: float = 0.02) -> None:
        import psutil

        self._process = psutil.Process(pid)
        self._interval = interval_s
        self.baseline = self._rss()
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        import psutil

        total = self._process.memory_info().rss
        for child in self._process.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a child may end between the listing and the reading
                total += child.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.peak = max(self.peak, self._rss())
            except Exception:  # the process ended
                return

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(Exception):
            self.peak = max(self.peak, self._rss())
