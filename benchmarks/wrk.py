"""Drive ``wrk`` (Debian package ``wrk``) and read its report: requests/s, p99 latency, non-2xx answers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.api import list_body

INSTALL_HINT = "wrk is missing: install it with `sudo apt-get install -y wrk` (Debian/Ubuntu package `wrk`)"

# Each request gets a list name of its own (a duplicate name is a 400 by rule OUT-LIST-NAME-DUPLICATE).
_POST_SCRIPT = """
local counter = 0
local prefix = "run"
local nthreads = 0
function setup(thread)
  thread:set("threadno", nthreads)
  nthreads = nthreads + 1
end
function init(args)
  prefix = args[1] or "run"
end
request = function()
  counter = counter + 1
  local body = string.format(%(template)s, prefix, threadno or 0, counter)
  return wrk.format("POST", %(path)s, {["Content-Type"] = "application/json", ["Authorization"] = %(auth)s}, body)
end
"""
_GET_SCRIPT = """
request = function()
  return wrk.format("GET", %(path)s, {["Authorization"] = %(auth)s})
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int
    total: int


def _lua(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for these ASCII texts


# The list payload as a Lua format string (name = prefix-thread-counter), built once for every POST run.
_POST_TEMPLATE = _lua(json.dumps(list_body("NAME")).replace("%", "%%").replace('"NAME"', '"%s-%d-%d"'))


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run(
    url: str, path: str, *, method: str, connections: int, duration: float, token: str, prefix: str = "run"
) -> WrkResult:
    """One wrk run; POST bodies are the benchmark's list payload with a unique name per request."""
    values = {"path": _lua(path), "auth": _lua(f"Bearer {token}"), "template": _POST_TEMPLATE}
    script = (_POST_SCRIPT if method == "POST" else _GET_SCRIPT) % values
    with tempfile.TemporaryDirectory(prefix="genesys-mock-bench-wrk-") as tmp:
        script_path = Path(tmp) / "script.lua"
        script_path.write_text(script, encoding="utf-8")
        threads = 1 if connections == 1 else 2
        argv = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script_path),
            url,
            "--",
            prefix,
        ]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
        output = done.stdout
    return parse(output)


def parse(output: str) -> WrkResult:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    return WrkResult(
        rps,
        p50,
        p99,
        int(non_2xx.group(1)) if non_2xx else 0,
        sum(int(n) for n in errors.groups()) if errors else 0,
        total,
    )
