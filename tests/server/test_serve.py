"""The real ``genesys-mock serve`` process over HTTP: OAuth, the error chain (401/403/404/413/429), a 200 MB chunked
upload against the body limit with the server's memory watched, clean shutdown on SIGTERM/SIGINT, bad configs.

Servers come from ``conftest.py``: each is started on a free port of 127.0.0.1 and must exit 0 on SIGTERM; every
test runs under both serving layers (waitress, granian).
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import psutil
import pytest
import yaml

from tests.server.conftest import over_both_servers

pytestmark = [pytest.mark.server, over_both_servers]

CONTACT_LISTS = "/api/v2/outbound/contactlists"
NEW_LIST = {"name": "x", "columnNames": ["phone"]}
VIEWER = {"client_id": "viewer-client", "client_secret": "viewer-secret", "permissions": ["outbound:contactList:view"]}
DEFAULT_CLIENT = {"client_id": "mock-client-id", "client_secret": "mock-client-secret"}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

MiB = 1024 * 1024
DEFAULT_MAX_BODY = 10 * MiB
SAMPLE_EVERY = 10 * MiB  # the 200 MB upload samples the server's RSS itself after each such part


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error_body(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """A Genesys ``ErrorBody`` with ``status``/``code`` whose ``contextId`` is the ``ININ-Correlation-Id``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert body["status"] == status, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"], body
    correlation_id = response.headers["ININ-Correlation-Id"]
    assert UUID.match(correlation_id), correlation_id
    assert body["contextId"] == correlation_id, (body, response.headers)
    return body


# --------------------------------------------------------------------------------------------------------- start-up


def test_console_script_serves_and_stops_on_sigterm(start_server: Callable[..., Any]) -> None:
    script = Path(sys.executable).with_name("genesys-mock")
    if not script.exists():
        pytest.skip(f"console script not installed next to the interpreter: {script}")
    server = start_server(command=[str(script)])
    assert server.stdout_lines[0] == f"genesys-mock listening on {server.base_url} (profile strict)"
    with server.client() as client:
        health = client.get("/__mock/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert health.json()["profile"] == "strict"
    # The fixture's teardown sends SIGTERM and requires exit code 0 and "genesys-mock stopped".


def test_port_zero_picks_a_free_port_per_server(default_server: Any, start_server: Callable[..., Any]) -> None:
    other = start_server()
    assert other.base_url != default_server.base_url
    for server in (default_server, other):
        with server.client() as client:
            assert client.get("/__mock/health").status_code == 200


# ------------------------------------------------------------------------------------------------------------ OAuth


def test_client_credentials_token_by_http_basic(default_server: Any) -> None:
    with default_server.client() as client:
        response = client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=("mock-client-id", "mock-client-secret")
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) >= {"access_token", "token_type", "expires_in"}
        assert isinstance(body["access_token"], str) and len(body["access_token"]) >= 20
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 86400
        assert UUID.match(response.headers["ININ-Correlation-Id"])

        again = client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=("mock-client-id", "mock-client-secret")
        )
        assert again.json()["access_token"] != body["access_token"]

        listing = client.get(CONTACT_LISTS, headers=bearer(body["access_token"]))
        assert listing.status_code == 200, listing.text
        assert isinstance(listing.json()["entities"], list)


@pytest.mark.parametrize(
    "client_id, secret",
    [
        ("mock-client-id", "wrong-secret"),
        ("no-such-client", "mock-client-secret"),
    ],
    ids=["wrong-secret", "unknown-client"],
)
def test_token_with_bad_client_credentials_is_invalid_client(default_server: Any, client_id: str, secret: str) -> None:
    with default_server.client() as client:
        response = client.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret))
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error"] == "invalid_client"
    assert body["description"] == body["error_description"] == "authentication failed"
    assert "access_token" not in body
    assert response.headers["WWW-Authenticate"].startswith("Basic")


# ------------------------------------------------------------------------------------------- 401 / 403 / 404 / 413


def test_api_call_without_authorization_is_authentication_required(default_server: Any) -> None:
    with default_server.client() as client:
        first = client.get(CONTACT_LISTS)
        second = client.post(CONTACT_LISTS, json=NEW_LIST)
    one = assert_error_body(first, 401, "authentication.required")
    two = assert_error_body(second, 401, "authentication.required")
    assert one["message"] == "No authentication bearer token specified in authorization header."
    assert one["contextId"] != two["contextId"]  # a correlation id per request, not per process


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-real-token", "Basic bW9jay1jbGllbnQtaWQ6eA=="],
    ids=["unknown-bearer", "basic-scheme"],
)
def test_bogus_credentials_are_bad_credentials(default_server: Any, authorization: str) -> None:
    with default_server.client() as client:
        response = client.get(CONTACT_LISTS, headers={"Authorization": authorization})
    body = assert_error_body(response, 401, "bad.credentials")
    assert body["message"] == "Invalid login credentials."


def test_missing_permission_is_403_but_granted_one_is_200(
    start_server: Callable[..., Any], token_for: Callable[..., str]
) -> None:
    # Listing `clients` replaces the default list, so the default client is listed again.
    server = start_server(config={"clients": [DEFAULT_CLIENT, VIEWER]})
    with server.client() as client:
        viewer = token_for(client, VIEWER["client_id"], VIEWER["client_secret"])
        admin = token_for(client)

        denied = client.post(CONTACT_LISTS, json=NEW_LIST, headers=bearer(viewer))
        body = assert_error_body(denied, 403, "missing.any.permissions")
        assert body["messageParams"] == {"permissions": "outbound:contactList:add"}
        assert "outbound:contactList:add" in body["message"]

        allowed = client.get(CONTACT_LISTS, headers=bearer(viewer))
        assert allowed.status_code == 200, allowed.text
        assert allowed.json()["entities"] == []  # the denied POST created nothing

        created = client.post(CONTACT_LISTS, json=NEW_LIST, headers=bearer(admin))
        assert created.status_code == 200, created.text
        assert created.json()["name"] == "x"


def test_unknown_api_path_with_valid_token_is_not_found(default_server: Any, token_for: Callable[..., str]) -> None:
    with default_server.client() as client:
        token = token_for(client)
        response = client.get("/api/v2/does/not/exist", headers=bearer(token))
    body = assert_error_body(response, 404, "not.found")
    assert body["message"] == "The requested resource was not found."


def test_declared_content_length_over_max_body_bytes_is_413(
    start_server: Callable[..., Any], token_for: Callable[..., str]
) -> None:
    server = start_server(config={"max_body_bytes": 1024})
    with server.client() as client:
        token = token_for(client)
        payload = ('{"name": "big", "columnNames": ["phone"], "pad": "' + "a" * 2000 + '"}').encode()
        response = client.post(
            CONTACT_LISTS, content=payload, headers={**bearer(token), "Content-Type": "application/json"}
        )
        assert int(response.request.headers["Content-Length"]) == len(payload) > 1024
        body = assert_error_body(response, 413, "request.entity.too.large")
        assert body["messageParams"] == {"maxBytes": "1024"}
        assert body["message"] == "The request is over the size limit. Maximum bytes: 1024"

        small = client.post(CONTACT_LISTS, json=NEW_LIST, headers=bearer(token))
        assert small.status_code == 200, small.text  # the limit rejects only what is over it


# -------------------------------------------------------------------------------------------------------------- 429


def test_rate_limit_429_after_the_window_is_used_up(
    start_server: Callable[..., Any], token_for: Callable[..., str]
) -> None:
    server = start_server(config={"rate_limit": {"requests": 3, "window_seconds": 60}})
    with server.client() as client:
        token = token_for(client)
        for expected_count in (1, 2, 3):
            response = client.get(CONTACT_LISTS, headers=bearer(token))
            assert response.status_code == 200, response.text
            assert response.headers["inin-ratelimit-count"] == str(expected_count)
            assert response.headers["inin-ratelimit-allowed"] == "3"
            assert 1 <= int(response.headers["inin-ratelimit-reset"]) <= 60

        limited = client.get(CONTACT_LISTS, headers=bearer(token))
        body = assert_error_body(limited, 429, "too.many.requests.retry.after")
        retry_after = limited.headers["Retry-After"]
        assert retry_after.isdigit() and 1 <= int(retry_after) <= 60, retry_after
        assert body["message"] == f"Rate limit exceeded the maximum. Retry the request in [{retry_after}] seconds"
        assert body["messageParams"] == {"retryAfter": retry_after}
        assert limited.headers["inin-ratelimit-allowed"] == "3"

        # The window belongs to the token: a new token has its own.
        fresh = client.get(CONTACT_LISTS, headers=bearer(token_for(client)))
        assert fresh.status_code == 200, fresh.text
        assert fresh.headers["inin-ratelimit-count"] == "1"


# ------------------------------------------------------------------------------------------ 200 MB chunked upload


def tree_rss(pid: int) -> int:
    """RSS of a process and its children: granian's worker, which reads the body, is a child of ``serve``."""
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


class PeakRss:
    """Samples the RSS of a process tree every ``interval`` seconds in a thread; ``peak`` is the largest seen."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self._pid = pid
        self._interval = interval
        self._stop = threading.Event()
        self.samples = 0
        self.peak = tree_rss(pid)
        self._thread = threading.Thread(target=self._run, name=f"rss-{pid}", daemon=True)

    def sample(self) -> None:
        """One sample now (also called by the upload itself, so that the count does not depend on scheduling)."""
        self.peak = max(self.peak, tree_rss(self._pid))
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.peak = max(self.peak, tree_rss(self._pid))


def test_200_mb_chunked_body_is_413_without_holding_it_in_memory(
    start_server: Callable[..., Any], token_for: Callable[..., str]
) -> None:
    total = 200 * MiB
    head = b'{"name": "huge", "columnNames": ["phone"], "pad": "'
    tail = b'"}'
    filler = b"a" * MiB
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        remaining = total - len(head) - len(tail)
        sent += len(head)
        yield head
        while remaining:
            piece = filler if remaining >= len(filler) else filler[:remaining]
            remaining -= len(piece)
            sent += len(piece)
            if sent % SAMPLE_EVERY < len(piece):
                rss.sample()  # while the server holds part of the body, however busy the machine is
            yield piece
        sent += len(tail)
        yield tail

    sent_headers: list[httpx.Headers] = []

    def record(request: httpx.Request) -> None:
        sent_headers.append(request.headers.copy())

    server = start_server()  # default settings: the 10 MiB limit
    with server.client(timeout=120.0, event_hooks={"request": [record]}) as client:
        token = token_for(client)
        warm = client.post(CONTACT_LISTS, json=NEW_LIST, headers=bearer(token))  # same code path, warmed up
        assert warm.status_code == 200, warm.text

        baseline = tree_rss(server.pid)
        started = time.monotonic()
        with PeakRss(server.pid) as rss:
            response = client.post(
                CONTACT_LISTS, content=body(), headers={**bearer(token), "Content-Type": "application/json"}
            )
        elapsed = time.monotonic() - started

    growth = rss.peak - baseline
    print(
        f"\n200 MiB chunked upload: server RSS baseline {baseline / MiB:.1f} MiB, peak {rss.peak / MiB:.1f} MiB, "
        f"growth {growth / MiB:.1f} MiB over {rss.samples} samples in {elapsed:.2f} s; "
        f"{sent / MiB:.1f} MiB sent; status {response.status_code}"
    )

    body_json = assert_error_body(response, 413, "request.entity.too.large")
    assert body_json["messageParams"] == {"maxBytes": str(DEFAULT_MAX_BODY)}
    assert body_json["message"] == f"The request is over the size limit. Maximum bytes: {DEFAULT_MAX_BODY}"

    request_headers = sent_headers[-1]
    assert "content-length" not in request_headers, request_headers
    assert request_headers["transfer-encoding"] == "chunked", request_headers
    # More than the limit went out: the 413 comes from the streamed body, not from a declared length. Both layers
    # read (spool) the whole body before the app sees it (granian through mockserver/serving/rsgi_bridge.py).
    assert sent > DEFAULT_MAX_BODY, sent
    assert growth < 50 * MiB, f"server RSS grew by {growth / MiB:.1f} MiB during a 200 MiB upload"

    with server.client() as client:  # and the server is still serving
        assert client.get("/__mock/health").status_code == 200


# --------------------------------------------------------------------------------------------------------- shutdown


def test_sigint_stops_the_server_cleanly(start_server: Callable[..., Any]) -> None:
    server = start_server()
    with server.client() as client:
        assert client.get("/__mock/health").status_code == 200
    assert server.stop(signal.SIGINT) == 0
    assert server.stdout_lines[-1] == "genesys-mock stopped"
    assert "Traceback" not in server.stderr_text()
    with server.client(timeout=2.0) as client, pytest.raises(httpx.ConnectError):
        client.get("/__mock/health")  # nothing listens on the port any more


@pytest.mark.parametrize(
    "config, key",
    [
        ({"profile": "strict", "bogus_key": 1}, "bogus_key"),
        ({"rate_limit": {"requests": 3, "burst": 5}}, "rate_limit.burst"),
    ],
    ids=["top-level", "nested"],
)
def test_unknown_config_key_exits_2_naming_the_key(
    tmp_path: Path, run_cli: Callable[..., Any], serving: str, config: dict[str, Any], key: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = run_cli("serve", "--port", "0", "--server", serving, "--config", str(path), timeout=20)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert key in result.stderr, result.stderr
    assert str(path) in result.stderr, result.stderr
    assert result.stderr.startswith("genesys-mock: invalid settings"), result.stderr
    assert "listening" not in result.stdout
    assert "Traceback" not in result.stderr
