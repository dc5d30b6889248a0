"""The request pipeline answers in the order docs/architecture.md gives (mockserver/core/pipeline.py): tenant,
faults, body limit, authentication, tenant creation, rate window, permissions; each pair of neighbours is checked
with a request both of them would refuse, so the first one's answer is the one that comes back."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from flask import Flask
from flask.testing import FlaskClient

from mockserver.core import pipeline
from tests.conftest import assert_error, get_token

LISTS = "/api/v2/outbound/contactlists"
FAULTS = "/__mock/faults"
ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
VIEWER = {"client_id": "viewer", "client_secret": "s", "permissions": ["outbound:contactList:view"]}


def _fault(client: FlaskClient, **spec: Any) -> None:
    assert client.post(FAULTS, json=spec).status_code == 201


def _oversized(headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A declared body over the 1000-byte limit: refused from Content-Length alone."""
    return {"headers": {**(headers or {}), "Content-Type": "application/json"}, "data": "{" + " " * 5000 + "}"}


def test_a_malformed_tenant_is_refused_before_a_fault_or_authentication(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    _fault(client, path=LISTS, status=503)
    assert_error(client.get(LISTS, headers={"X-Mock-Tenant": "bad name!"}), 400, "invalid.value")


def test_a_fault_answers_before_the_body_limit_and_authentication(make_app: Callable[..., Flask]) -> None:
    client = make_app(max_body_bytes=1000).test_client()
    _fault(client, path=LISTS, status=503, times=2)
    response = client.get(LISTS)  # no token
    assert_error(response, 503, "service.unavailable")
    assert response.headers["X-Mock-Fault"]
    assert_error(client.post(LISTS, **_oversized()), 503, "service.unavailable")  # over the limit, no token
    assert_error(client.get(LISTS), 401, "authentication.required")  # the fault used up: authentication's answer


def test_the_body_limit_answers_before_authentication(make_app: Callable[..., Flask]) -> None:
    client = make_app(max_body_bytes=1000).test_client()
    assert_error(client.post(LISTS, **_oversized()), 413, "request.entity.too.large")
    assert_error(
        client.post(LISTS, **_oversized({"Authorization": "Bearer nonsense"})), 413, "request.entity.too.large"
    )


def test_authentication_answers_before_the_rate_window(make_app: Callable[..., Flask]) -> None:
    client = make_app(rate_limit={"requests": 1, "window_seconds": 60}).test_client()
    headers = {"Authorization": f"Bearer {get_token(client)}"}
    assert client.get(LISTS, headers=headers).status_code == 200
    assert_error(client.get(LISTS, headers=headers), 429, "too.many.requests.retry.after")
    response = client.get(LISTS)  # no token: the window of no token is never consulted
    assert_error(response, 401, "authentication.required")
    assert "inin-ratelimit-count" not in {name.lower() for name in response.headers.keys()}


def test_the_rate_window_answers_before_permissions(make_app: Callable[..., Flask]) -> None:
    client = make_app(clients=[VIEWER], rate_limit={"requests": 1, "window_seconds": 60}).test_client()
    headers = {"Authorization": f"Bearer {get_token(client, client_id='viewer', client_secret='s')}"}
    body = {"name": "x", "columnNames": ["phone"], "phoneColumns": [{"columnName": "phone", "type": "cell"}]}
    assert_error(client.post(LISTS, json=body, headers=headers), 403, "missing.any.permissions")
    assert_error(client.post(LISTS, json=body, headers=headers), 429, "too.many.requests.retry.after")


def test_a_request_refused_before_authentication_creates_no_tenant(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    assert_error(client.get(LISTS, headers={"X-Mock-Tenant": "never-made"}), 401, "authentication.required")
    names = {t["name"] for t in client.get("/__mock/tenants").get_json()["entities"]}
    assert "never-made" not in names


def test_the_steps_are_listed_in_the_documented_order() -> None:
    """The pipeline section of docs/architecture.md names the steps in the order the pipeline runs them."""
    documented = ARCHITECTURE.read_text(encoding="utf-8").split("## The request pipeline", 1)[1].split("\n## ", 1)[0]
    names = [step.__name__ for step in (*pipeline.ARRIVING, *pipeline.CHECKS, *pipeline.ANSWERING)]
    positions = [documented.find(f"`{name}`") for name in names]
    assert -1 not in positions, [n for n, p in zip(names, positions) if p == -1]
    assert positions == sorted(positions), names
