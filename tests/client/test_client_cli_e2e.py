"""End to end: a real ``genesys-mock serve`` on a free port and the ``genesys-client`` console script against it,
both as subprocesses, over HTTP on 127.0.0.1.

The server fixture is the one of tests/server (port from the "listening" line, readiness by polling
``/__mock/health`` against a deadline, no sleeps); every command runs with a timeout.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.server.conftest import ServerProcess, running_server, server_env

pytestmark = pytest.mark.server

CONSOLE_SCRIPT = Path(sys.executable).with_name("genesys-client")
COMMAND_DEADLINE = 60.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server(tmp_path_factory.mktemp("client-e2e")) as process:
        yield process


def client_env() -> dict[str, str]:
    """No GENESYS_* from the developer's shell: the command line must get everything from its options."""
    return {k: v for k, v in server_env().items() if not k.startswith("GENESYS_")}


def genesys_client(server: ServerProcess, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(CONSOLE_SCRIPT)] if CONSOLE_SCRIPT.exists() else [sys.executable, "-m", "clients.genesys_client"]
    return subprocess.run(
        [
            *command,
            "--base-url",
            server.base_url,
            "--client-id",
            "mock-client-id",
            "--client-secret",
            "mock-client-secret",
            *args,
        ],
        cwd=cwd,
        env=client_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=COMMAND_DEADLINE,
    )


def ok_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return json.loads(result.stdout)


def test_console_script_is_installed() -> None:
    assert CONSOLE_SCRIPT.exists(), f"{CONSOLE_SCRIPT} missing: reinstall the project (pip install -e '.[test]')"


def test_command_line_against_a_served_mock(server: ServerProcess, tmp_path: Path) -> None:
    prefix = f"e2e-{os.getpid()}"
    created = ok_json(
        genesys_client(
            server,
            "contactlists",
            "create",
            "--name",
            f"{prefix}-manual",
            "--column",
            "firstName",
            "--column",
            "phone",
            "-o",
            "json",
            cwd=tmp_path,
        )
    )
    list_id = created["id"]
    added = ok_json(
        genesys_client(
            server,
            "contacts",
            "add",
            "--list",
            list_id,
            "--data",
            "firstName=Ann",
            "--data",
            "phone=(317) 555-0100",
            "-o",
            "json",
            cwd=tmp_path,
        )
    )
    assert added[0]["data"] == {"firstName": "Ann", "phone": "+13175550100"}

    small = tmp_path / "small.csv"
    small.write_text("firstName,phone\n" + "".join(f"S{i},317-555-{i:04d}\n" for i in range(200)), encoding="utf-8")
    summary = ok_json(genesys_client(server, "upload", str(small), "--list", list_id, "-o", "json", cwd=tmp_path))
    assert (summary["accepted"], summary["imported"], summary["size"], summary["state"]) == (200, 200, 201, "FINISHED")

    big = tmp_path / "big.csv"
    with big.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "mobile", "email"])
        writer.writerows([f"N{i}", f"+1 (415) 555-{i % 10000:04d}", f"n{i}@example.com"] for i in range(2500))
    imported = ok_json(
        genesys_client(server, "import", str(big), "--name", f"{prefix}-big", "-o", "json", cwd=tmp_path)
    )
    assert (imported["rows"], imported["accepted"], imported["rejected"]) == (2500, 2500, 0)
    assert (imported["imported"], imported["size"]) == (2500, 2500)

    listed = ok_json(
        genesys_client(server, "contactlists", "list", "--name", prefix, "--all", "-o", "json", cwd=tmp_path)
    )
    assert sorted(c["name"] for c in listed) == [f"{prefix}-big", f"{prefix}-manual"]
    table = genesys_client(server, "contactlists", "list", "--name", prefix, "--include-size", cwd=tmp_path)
    assert table.returncode == 0 and imported["contactListId"] in table.stdout and "2500" in table.stdout

    duplicate = genesys_client(
        server, "contactlists", "create", "--name", f"{prefix}-big", "--column", "phone", cwd=tmp_path
    )
    assert duplicate.returncode == 1 and duplicate.stdout == ""
    assert duplicate.stderr.startswith("error: 400 duplicate.name:") and "correlation" in duplicate.stderr

    for contact_list_id in (list_id, imported["contactListId"]):
        assert ok_json(
            genesys_client(server, "contactlists", "delete", contact_list_id, "-o", "json", cwd=tmp_path)
        ) == {"deleted": contact_list_id}
    gone = genesys_client(server, "contactlists", "get", list_id, cwd=tmp_path)
    assert gone.returncode == 1 and "404 not.found" in gone.stderr


def test_unreachable_server_is_a_clean_failure(tmp_path: Path) -> None:
    unreachable = ServerProcess.__new__(ServerProcess)
    unreachable.base_url = "http://127.0.0.1:9"  # discard port: nothing listens
    result = genesys_client(unreachable, "--attempts", "1", "contactlists", "list", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot reach http://127.0.0.1:9: ConnectError")
