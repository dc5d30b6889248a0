"""Injected faults, in-process: forced statuses as ErrorBody, times and probability, tokens, latency, drops."""

from __future__ import annotations

import time
from typing import Any, Callable

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from clients.genesys_client import RetryPolicy
from contracts.openapi import build_document
from mockserver.core.wsgi import ConnectionDropped
from tests.client.conftest import RecordingTransport, mock_client
from tests.conftest import assert_error, get_token

LISTS = "/api/v2/outbound/contactlists"
FAULTS = "/__mock/faults"


def add_fault(client: FlaskClient, tenant: str | None = None, **spec: Any) -> dict[str, Any]:
    response = client.post(FAULTS, json=spec, headers={"X-Mock-Tenant": tenant} if tenant else {})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_forced_429_is_survived_by_the_reference_client(app: Flask, client: FlaskClient) -> None:
    fault = add_fault(client, method="GET", path=LISTS, status=429, retryAfter=2, times=2)
    assert fault["remaining"] == 2
    sleeps: list[float] = []
    recorder = RecordingTransport(httpx.WSGITransport(app=app))
    with mock_client(app, retry=RetryPolicy(sleep=sleeps.append), recorder=recorder) as genesys:
        assert genesys.outbound.list_contact_lists().total == 0
    assert sleeps == [2.0, 2.0]  # exactly Retry-After, twice
    assert recorder.statuses("/api/v2/") == [429, 429, 200]
    verify = client.post("/__mock/requests/verify", json={"method": "GET", "path": LISTS}).get_json()
    assert verify == {"count": 3}
    journal = client.get("/__mock/requests", query_string={"path": LISTS}).get_json()["entities"]
    assert [e["fault"] for e in journal] == [fault["id"], fault["id"], None]
    assert client.get(FAULTS).get_json() == {"entities": [], "total": 0}  # spent faults disappear


@pytest.mark.parametrize(
    "status, code",
    [
        (500, "internal.server.error"),
        (503, "service.unavailable"),
        (504, "gateway.timeout"),
        (429, "too.many.requests.retry.after"),
    ],
)
def test_a_forced_status_is_an_error_body(client: FlaskClient, auth: dict[str, str], status: int, code: str) -> None:
    fault = add_fault(client, path="/api/v2/outbound/*", status=status)
    response = client.get(LISTS, headers=auth)
    body = assert_error(response, status, code)
    assert response.headers["X-Mock-Fault"] == fault["id"]
    assert "Retry-After" not in response.headers and "{" not in body["message"]


def test_code_message_and_retry_after_are_the_callers(client: FlaskClient, auth: dict[str, str]) -> None:
    add_fault(client, path=LISTS, status=503, code="service.unavailable", message="Try {later}", retryAfter=7)
    response = client.get(LISTS, headers=auth)
    body = assert_error(response, 503, "service.unavailable")
    assert body["message"] == "Try {later}" and response.headers["Retry-After"] == "7"


def test_a_fault_applies_before_authentication(client: FlaskClient) -> None:
    add_fault(client, path="/oauth/token", status=503, times=1)
    assert_error(client.post("/oauth/token", data={"grant_type": "client_credentials"}), 503, "service.unavailable")
    assert get_token(client)  # the next one goes through


def test_times_method_and_path_decide_what_matches(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]
) -> None:
    add_fault(client, method="post", path=LISTS, status=500, times=2)
    assert client.get(LISTS, headers=auth).status_code == 200  # another method
    assert client.post(LISTS + "/x/clear", headers=auth).status_code == 404  # another path
    assert client.post(LISTS, json=contact_list_body, headers=auth).status_code == 500
    [listed] = client.get(FAULTS).get_json()["entities"]
    assert (listed["method"], listed["remaining"], listed["hits"]) == ("POST", 1, 1)
    assert client.post(LISTS, json=contact_list_body, headers=auth).status_code == 500
    assert client.post(LISTS, json=contact_list_body, headers=auth).status_code == 200


def test_a_fault_for_a_token_spares_other_tokens(client: FlaskClient, auth: dict[str, str]) -> None:
    other = {"Authorization": f"Bearer {get_token(client)}"}
    token = auth["Authorization"].split()[1]
    fault = add_fault(client, path="*", token=token, status=500)
    assert fault["token"] == "***"  # the listing never hands out a bearer token
    assert client.get(LISTS, headers=auth).status_code == 500
    assert client.get(LISTS, headers=other).status_code == 200


def test_probability_zero_never_fires_and_one_always_does(client: FlaskClient, auth: dict[str, str]) -> None:
    never = add_fault(client, path=LISTS, status=500, probability=0)
    assert all(client.get(LISTS, headers=auth).status_code == 200 for _ in range(20))
    client.delete(f"{FAULTS}/{never['id']}")
    add_fault(client, path=LISTS, status=500, probability=1)
    assert all(client.get(LISTS, headers=auth).status_code == 500 for _ in range(20))


def test_a_probability_fires_for_some_requests(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    import random

    app.config["MOCK_TENANTS"].fault_rng = random.Random(7)  # deterministic draws (one generator per process)
    add_fault(client, path=LISTS, status=503, probability=0.5)
    statuses = [client.get(LISTS, headers=auth).status_code for _ in range(200)]
    assert 40 < statuses.count(503) < 160 and 40 < statuses.count(200) < 160


def test_faults_are_per_tenant(client: FlaskClient, auth: dict[str, str]) -> None:
    add_fault(client, tenant="A", path=LISTS, status=500)
    assert client.get(LISTS, headers={**auth, "X-Mock-Tenant": "A"}).status_code == 500
    assert client.get(LISTS, headers={**auth, "X-Mock-Tenant": "B"}).status_code == 200
    assert client.get(LISTS, headers=auth).status_code == 200
    assert client.get(FAULTS).get_json()["total"] == 0


def test_admin_routes_are_never_faulted(client: FlaskClient) -> None:
    add_fault(client, path="*", status=500)
    assert client.get(FAULTS).status_code == 200
    assert client.get("/__mock/health").status_code == 200


def test_list_delete_and_clear(client: FlaskClient) -> None:
    first = add_fault(client, path="/a", status=500)
    second = add_fault(client, path="/b", latencyMs={"min": 1, "max": 2})
    assert [f["id"] for f in client.get(FAULTS).get_json()["entities"]] == [first["id"], second["id"]]
    assert second["latencyMs"] == {"min": 1, "max": 2} and second["remaining"] is None
    assert client.delete(f"{FAULTS}/{first['id']}").status_code == 204
    assert_error(client.delete(f"{FAULTS}/{first['id']}"), 404, "not.found")
    assert client.delete(FAULTS).get_json() == {"cleared": 1}
    assert client.get(FAULTS).get_json()["total"] == 0


@pytest.mark.parametrize(
    "spec, code",
    [
        ({"path": LISTS}, "invalid.value"),  # no effect
        ({"status": 500}, "invalid.value"),  # no path
        ({"path": LISTS, "status": 299}, "invalid.value"),
        ({"path": LISTS, "status": 500, "drop": True}, "invalid.value"),
        ({"path": LISTS, "drop": False}, "invalid.value"),
        ({"path": LISTS, "latencyMs": {"min": 5, "max": 1}}, "invalid.value"),
        ({"path": LISTS, "latencyMs": "5"}, "invalid.value"),
        ({"path": LISTS, "status": 500, "times": 0}, "invalid.value"),
        ({"path": LISTS, "status": 500, "probability": 1.5}, "invalid.value"),
        ({"path": LISTS, "status": 500, "method": "FETCH"}, "invalid.value"),
        ({"path": LISTS, "retryAfter": 5}, "invalid.value"),
        ({"path": LISTS, "status": 500, "colour": "red"}, "invalid.property"),
    ],
)
def test_a_bad_fault_is_400(client: FlaskClient, spec: dict[str, Any], code: str) -> None:
    assert_error(client.post(FAULTS, json=spec), 400, code)


def test_a_fault_body_must_be_json(client: FlaskClient) -> None:
    assert_error(
        client.post(FAULTS, data="path=/x", content_type="application/x-www-form-urlencoded"),
        415,
        "unsupported.media.type",
    )
    assert_error(client.post(FAULTS, data="{", content_type="application/json"), 400, "bad.request")


def test_a_dropped_connection_in_process(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    """In-process the drop reaches the caller as an exception; over a socket see test_admin_serve.py."""
    fault = add_fault(client, path=LISTS, drop=True, times=1)
    with pytest.raises(ConnectionDropped):
        client.get(LISTS, headers=auth)
    [entry] = client.get("/__mock/requests", query_string={"path": LISTS}).get_json()["entities"]
    assert entry["response"] is None and entry["fault"] == fault["id"]
    assert client.get(LISTS, headers=auth).status_code == 200


def test_latency_is_applied(client: FlaskClient, auth: dict[str, str], contact_list_body: dict[str, Any]) -> None:
    add_fault(client, method="POST", path=LISTS, latencyMs=120, times=1)
    started = time.perf_counter()
    response = client.post(LISTS, json=contact_list_body, headers=auth)
    assert time.perf_counter() - started >= 0.12
    assert response.status_code == 200 and "X-Mock-Fault" in response.headers  # latency alone keeps the answer


def test_no_fault_costs_no_matching(make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch) -> None:
    """With no fault the chain never asks the registry to match (the hot path of issue 8)."""
    import mockserver.core.pipeline as pipeline_module

    app = make_app()
    calls: list[str] = []
    original = pipeline_module.take_fault
    monkeypatch.setattr(pipeline_module, "take_fault", lambda *args: calls.append("take") or original(*args))
    client = app.test_client()
    client.get(LISTS)
    assert calls == []
    add_fault(client, path="/nowhere", status=500)
    client.get(LISTS)
    assert calls == ["take"]  # with a fault, it does


EXTERNAL = "/api/v2/externalcontacts"
ROUTES_WITH_422 = [  # facts §9.1: POST/PUT, the identifier claim and both lookups declare 422 (SW25)
    ("POST", EXTERNAL + "/contacts", {"firstName": "Ann"}),
    ("PUT", EXTERNAL + "/contacts/{id}", {"firstName": "Ann"}),
    (
        "PATCH",
        EXTERNAL + "/contacts/{id}/identifiers",
        {"operation": "Claim", "identifier": {"type": "Cookie", "value": "c1"}},
    ),
    ("POST", EXTERNAL + "/identifierlookup/contacts", {"type": "Cookie", "value": "c1"}),
    ("POST", EXTERNAL + "/identifierlookup", {"type": "Cookie", "value": "c1"}),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES_WITH_422, ids=lambda v: v if isinstance(v, str) else "")
def test_a_forced_422_on_the_routes_that_declare_it(
    client: FlaskClient, auth: dict[str, str], method: str, path: str, body: dict[str, Any]
) -> None:
    contact_id = client.post(EXTERNAL + "/contacts", json={"lastName": "Doe"}, headers=auth).get_json()["id"]
    route = path.format(id=contact_id)
    fault = add_fault(client, method=method, path=route, status=422, times=1)
    response = client.open(route, method=method, json=body, headers=auth)
    body_422 = assert_error(response, 422, "unprocessable.entity")
    assert body_422["message"] == "The request was well-formed but could not be processed."
    assert response.headers["X-Mock-Fault"] == fault["id"]
    declared = build_document()["paths"][path.replace("{id}", "{contactId}")][method.lower()]["responses"]
    assert "422" in declared
    assert client.open(route, method=method, json=body, headers=auth).status_code in (200, 404)  # spent


CALLS = "/api/v2/conversations/calls"


def test_a_success_fault_answers_202_on_create_call_as_the_vendor_declares(
    client: FlaskClient, user_auth: dict[str, str]
) -> None:
    """POST …/calls declares 202 beside 200 (facts §8.1) without saying when: a fault shows a client the 202."""
    assert "202" in build_document()["paths"][CALLS]["post"]["responses"]
    fault = add_fault(client, method="POST", path=CALLS, status=202, times=1)
    response = client.post(CALLS, json={"phoneNumber": "+13175550100"}, headers=user_auth)
    assert response.status_code == 202 and response.headers["X-Mock-Fault"] == fault["id"]
    created = response.get_json()  # the normal answer, only the status changed
    assert created["selfUri"] == f"{CALLS}/{created['id']}"
    assert client.get(f"{CALLS}/{created['id']}", headers=user_auth).status_code == 200
    assert client.post(CALLS, json={"phoneNumber": "+13175550100"}, headers=user_auth).status_code == 200  # spent
    journal = client.get("/__mock/requests", query_string={"path": CALLS, "method": "POST"}).get_json()["entities"]
    assert sorted(e["response"]["status"] for e in journal) == [200, 202]  # the journal records what was sent


def test_a_success_fault_leaves_an_error_answer_alone(client: FlaskClient, user_auth: dict[str, str]) -> None:
    add_fault(client, method="POST", path=CALLS, status=202)
    response = client.post(CALLS, json={"phoneNumber": "+1", "callUserId": "u"}, headers=user_auth)
    assert response.status_code == 400  # a failing request keeps its error
    assert client.post(CALLS, json={}, headers={}).status_code == 401


@pytest.mark.parametrize(
    "spec",
    [
        {"status": 204},
        {"status": 302},
        {"status": 202, "code": "x"},
        {"status": 202, "retryAfter": 1},
        {"status": 202, "drop": True},
    ],
)
def test_a_success_fault_is_200_201_or_202_without_error_fields(client: FlaskClient, spec: dict[str, Any]) -> None:
    response = client.post(FAULTS, json={"path": CALLS, **spec})
    assert response.status_code == 400, response.get_json()
