"""Property test: any body that is not valid JSON, not an object, or has unknown fields gets a 4xx ErrorBody,
never a 500, on every implemented route that takes a body, and never changes stored state (issue 2)."""

from __future__ import annotations

import json
import string
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import RootModel

from contracts.base import json_names
from contracts.operations import OPERATIONS, Operation
from mockserver import create_app
from mockserver.settings import DEFAULT_USER, Settings
from tests.conftest import ERROR_BODY_KEYS, PASSWORD, USER, get_token

BODY_OPERATIONS = [op for op in OPERATIONS if op.request_model is not None]

json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def harness() -> dict[str, Any]:
    app = create_app(Settings(log_requests=False, rate_limit={"requests": 10**9, "window_seconds": 60}))
    client = app.test_client()
    # A user's token: it has every permission and the user context the call routes need.
    token = get_token(client, grant_type="password", username=USER, password=PASSWORD)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    created = client.post(
        "/api/v2/outbound/contactlists", headers=auth, json={"name": "fixed", "columnNames": ["phone"]}
    ).get_json()
    call = client.post("/api/v2/conversations/calls", headers=auth, json={"phoneNumber": "+15551234567"}).get_json()
    ids = {"contactListId": created["id"], "contactId": "c-1", "conversationId": call["id"], "userId": DEFAULT_USER.id}
    return {"client": client, "auth": auth, "ids": ids}


def _send(harness: dict[str, Any], op: Operation, raw: bytes) -> Any:
    # Any other path parameter names a resource that does not exist: the body is still judged first, or 404.
    path = op.path.format_map(defaultdict(lambda: "unknown-1", harness["ids"]))
    return harness["client"].open(path, method=op.method, data=raw, headers=harness["auth"])


def _state(harness: dict[str, Any]) -> str:
    response = harness["client"].get("/api/v2/outbound/contactlists?pageSize=100", headers=harness["auth"])
    return json.dumps(response.get_json()["entities"], sort_keys=True)


def _assert_4xx_error_body(response: Any) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data(as_text=True))
    body = response.get_json()
    assert ERROR_BODY_KEYS <= set(body)
    assert body["contextId"] == response.headers["ININ-Correlation-Id"]
    return body


def _not_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return True
    return False


common = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("op", BODY_OPERATIONS, ids=lambda op: op.operation_id)
@common
@given(raw=st.binary(max_size=200).filter(_not_json))
def test_invalid_json_is_rejected(harness: dict[str, Any], op: Operation, raw: bytes) -> None:
    if op.request_optional and not raw.strip():
        return  # no body at all: an optional body may be left out (POST …/export)
    before = _state(harness)
    body = _assert_4xx_error_body(_send(harness, op, raw))
    assert body["code"] == "bad.request"
    assert _state(harness) == before


@pytest.mark.parametrize("op", BODY_OPERATIONS, ids=lambda op: op.operation_id)
@common
@given(value=json_values.filter(lambda v: not isinstance(v, dict)))
def test_json_that_is_not_an_object_is_rejected(harness: dict[str, Any], op: Operation, value: Any) -> None:
    if isinstance(value, list) and (op.request_is_array or issubclass(op.request_model, RootModel)):
        return  # a list is the right shape there; its items are covered by the other properties
    if value is None and op.request_optional:
        return  # JSON null is how the official SDK sends an optional body it does not have
    before = _state(harness)
    _assert_4xx_error_body(_send(harness, op, json.dumps(value).encode()))
    assert _state(harness) == before


@pytest.mark.parametrize("op", BODY_OPERATIONS, ids=lambda op: op.operation_id)
@common
@given(
    extra=st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=12), json_values, min_size=1, max_size=3),
    base=st.dictionaries(st.text(max_size=10), json_values, max_size=3),
)
def test_unknown_fields_are_rejected(harness: dict[str, Any], op: Operation, extra: dict, base: dict) -> None:
    if issubclass(op.request_model, RootModel):
        return  # a bare array body has no properties
    known = json_names(op.request_model) | set(op.request_model.model_fields)
    unknown = {k: v for k, v in extra.items() if k not in known}
    if not unknown:
        return
    payload: Any = {**{"name": "p", "columnNames": ["phone"], "version": 1}, **base, **unknown}
    before = _state(harness)
    body = _assert_4xx_error_body(
        _send(harness, op, json.dumps([payload] if op.request_is_array else payload).encode())
    )
    assert body["code"] == "invalid.property"
    prefix = "[0]." if op.request_is_array else ""
    named = {d["fieldName"] for d in body["details"] if d["errorCode"] == "invalid.property"}
    assert named >= {prefix + name for name in set(unknown) - set(base)}
    assert _state(harness) == before
