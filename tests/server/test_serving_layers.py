"""What ``genesys-mock serve`` guarantees under each serving layer (``--server waitress|granian``): one process
holds the state (concurrent creates all land in it), the state file is written on a clean stop and read at the
next start, a streamed body is cut at exactly ``max_body_bytes``, and the option reaches the right server.
"""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import pytest

from mockserver.cli import build_parser
from mockserver.settings import SettingsError, load_settings
from tests.conftest import OVER_REDIS
from tests.server.conftest import over_both_servers

pytestmark = [pytest.mark.server, over_both_servers]

LISTS = "/api/v2/outbound/contactlists"
THREADS = 8
CREATES_PER_THREAD = 25
# What each layer puts in the Server header: it tells which one answered.
SERVER_HEADER = {"waitress": "genesys-mock", "granian": "granian"}


def _headers(client: httpx.Client, token_for: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(client)}"}


def test_the_server_option_selects_the_serving_layer(default_server: Any, serving: str) -> None:
    with default_server.client() as client:
        health = client.get("/__mock/health")
    assert health.status_code == 200
    assert health.headers["server"] == SERVER_HEADER[serving]
    assert default_server.stdout_lines[0] == f"genesys-mock listening on {default_server.base_url} (profile strict)"


def test_concurrent_creates_all_land_in_the_one_process(default_server: Any, token_for: Callable[..., str]) -> None:
    with default_server.client() as client:
        headers = {**_headers(client, token_for), "X-Mock-Tenant": "concurrency"}
    created: list[str] = []
    failures: list[str] = []
    start = threading.Barrier(THREADS)

    def create(worker: int) -> None:
        with default_server.client() as client:  # a connection per thread, as separate clients would have
            start.wait(timeout=30)
            for n in range(CREATES_PER_THREAD):
                response = client.post(
                    LISTS, json={"name": f"t{worker}-{n}", "columnNames": ["phone"]}, headers=headers
                )
                if response.status_code == 200:
                    created.append(response.json()["id"])
                else:
                    failures.append(f"{response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=create, args=(w,)) for w in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert len(created) == len(set(created)) == THREADS * CREATES_PER_THREAD
    with default_server.client() as client:
        listing = client.get(LISTS, params={"pageSize": 1}, headers=headers).json()
    assert listing["total"] == THREADS * CREATES_PER_THREAD  # every create is in the state, none twice


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_state_file_is_written_on_a_clean_stop_and_loaded_at_the_next_start(
    start_server: Callable[..., Any], token_for: Callable[..., str], tmp_path: Path, signum: int
) -> None:
    state_file = tmp_path / "state" / "mock-state.json"
    first = start_server("--state-file", str(state_file))
    with first.client() as client:
        created = client.post(
            LISTS, json={"name": "Kept", "columnNames": ["phone"]}, headers=_headers(client, token_for)
        ).json()
    assert first.stop(signum) == 0
    assert first.stdout_lines[-2:] == [f"genesys-mock wrote state to {state_file}", "genesys-mock stopped"]
    assert "Traceback" not in first.stderr_text()
    assert created["id"] in json.dumps(json.loads(state_file.read_text(encoding="utf-8")))

    second = start_server("--state-file", str(state_file))
    if OVER_REDIS:  # Redis kept the state itself: the file is read on the first start over it only
        assert second.stdout_lines[0].startswith("genesys-mock keeps the state held in redis://")
    else:
        assert second.stdout_lines[0] == f"genesys-mock loaded state from {state_file}"
    with second.client() as client:
        kept = client.get(f"{LISTS}/{created['id']}", headers=_headers(client, token_for))
    assert kept.status_code == 200 and kept.json() == created


def _chunked(payload: bytes, piece: int = 256) -> Iterator[bytes]:
    for start in range(0, len(payload), piece):
        yield payload[start : start + piece]


@pytest.mark.parametrize("extra, status", [(0, 200), (1, 413)], ids=["exactly-the-limit", "one-byte-over"])
def test_a_chunked_body_is_cut_at_exactly_max_body_bytes(
    start_server: Callable[..., Any], token_for: Callable[..., str], extra: int, status: int
) -> None:
    limit = 1024
    server = start_server(config={"max_body_bytes": limit})
    head = b'{"name": "edge", "columnNames": ["phone"]'
    payload = head + b" " * (limit + extra - len(head) - 1) + b"}"  # JSON whitespace: valid at any length
    assert len(payload) == limit + extra
    with server.client() as client:
        response = client.post(
            LISTS,
            content=_chunked(payload),
            headers={**_headers(client, token_for), "Content-Type": "application/json"},
        )
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == status, response.text
    if status == 413:
        assert response.json()["code"] == "request.entity.too.large"
        assert response.json()["messageParams"] == {"maxBytes": str(limit)}
    else:
        assert response.json()["name"] == "edge"


def test_server_setting_comes_from_the_option_the_environment_or_the_default(
    monkeypatch: pytest.MonkeyPatch, serving: str
) -> None:
    assert build_parser().parse_args(["serve", "--server", serving]).server == serving
    assert load_settings().server == "granian"  # the default, chosen by measurement (docs/performance.md)
    monkeypatch.setenv("GENESYS_MOCK_SERVER", serving)
    assert load_settings().server == serving
    monkeypatch.setenv("GENESYS_MOCK_SERVER", "gunicorn")
    with pytest.raises(SettingsError, match="server"):
        load_settings()
