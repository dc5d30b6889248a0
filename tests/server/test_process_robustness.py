"""The server process outlives what happens around it (issue 13): a killed granian worker is respawned, and the
installed files being replaced under a running server (README's two install steps) break no request.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any, Callable

import psutil
import pytest

from mockserver.serving.granian_server import RESPAWN_LINE, SHARED_RESPAWN_LINE
from tests.server.conftest import REPO_ROOT, STOP_DEADLINE, over_both_servers

pytestmark = [pytest.mark.server]

LISTS = "/api/v2/outbound/contactlists"


def test_a_killed_worker_is_respawned_and_starts_from_the_loaded_state(
    start_server: Callable[..., Any], token_for: Callable[..., str]
) -> None:
    """In memory the respawned worker starts empty (docs/performance.md, "Serving layer", says so); over Redis (the suite's second pass,
    tests/conftest.py) it finds the state the dead one wrote."""
    shared = os.environ.get("GENESYS_MOCK_STATE", "memory") != "memory"
    server = start_server()  # the default serving layer: granian, one worker process under a supervisor
    with server.client() as client:
        headers = {"Authorization": f"Bearer {token_for(client)}"}
        assert client.post(LISTS, json={"name": "lost", "columnNames": ["phone"]}, headers=headers).status_code == 200
    (worker,) = psutil.Process(server.pid).children()
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=STOP_DEADLINE)

    server.wait_healthy()  # polls until the new worker answers; fails if the supervisor exits instead
    (respawned,) = psutil.Process(server.pid).children()
    assert respawned.pid != worker.pid
    assert (SHARED_RESPAWN_LINE if shared else RESPAWN_LINE) in server.stderr_text()
    with server.client() as client:  # the server works; what the dead worker held is gone unless it is in Redis
        listing = client.get(LISTS, headers={"Authorization": f"Bearer {token_for(client)}"})
        assert listing.status_code == 200 and listing.json()["total"] == (1 if shared else 0)
    # at teardown: SIGTERM stops the supervisor and the new worker with exit 0 and "genesys-mock stopped"


# Runs ``genesys-mock serve`` from a copy of the packages, as an install in site-packages would: the copy is first
# on sys.path, and neither the clone (PYTHONPATH) nor the editable install's finder can stand in for it later.
_FROM_COPY = """
import sys
from pathlib import Path
copy, clone = sys.argv.pop(1), Path(sys.argv.pop(1)).resolve()
sys.path[:] = [copy] + [p for p in sys.path if p and Path(p).resolve() != clone]
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
from mockserver.cli import main
sys.exit(main())
"""


@over_both_servers
def test_replacing_the_installed_files_under_a_running_server_breaks_no_request(
    start_server: Callable[..., Any], token_for: Callable[..., str], tmp_path: Path
) -> None:
    copy = tmp_path / "site-packages"
    for package in ("mockserver", "contracts"):
        shutil.copytree(REPO_ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    server = start_server(command=[sys.executable, "-c", _FROM_COPY, str(copy), str(REPO_ROOT)])
    with server.client() as client:
        headers = {"Authorization": f"Bearer {token_for(client)}"}
        assert client.post(LISTS, json={"name": "kept", "columnNames": ["phone"]}, headers=headers).status_code == 200

    shutil.rmtree(copy)  # what `pip install -e '.[test]'` did to the copy `pip install .` had put in site-packages

    with server.client() as client:
        for path in (
            "/__mock/openapi.json",
            "/__mock/state",
            "/__mock/bundle?last=1",
            "/__mock/rules",
            "/__mock/ui/requests",
            "/__mock/ui/state",
            "/__mock/ui/rules",
            "/__mock/ui/static/inspector.js",
        ):
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:500])
        listing = client.get(LISTS, headers={"Authorization": f"Bearer {token_for(client)}"})
        assert listing.status_code == 200 and listing.json()["total"] == 1
