"""JSON nested too deeply is malformed JSON (400 ``bad.request``) on every route, never a 500 (issue 13).

Python's ``json`` recursed once per level, so 1,000 ``[`` raised ``RecursionError``. Everything that reads JSON
now goes through ``mockserver.core.jsontext``; what it accepts (up to ``MAX_DEPTH`` levels) must then survive
every later step: validation, storage, rendering, the journal, snapshots and bundles.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver import create_app
from mockserver.core.jsontext import MAX_BODY_DEPTH, MAX_DEPTH, JsonTextError, load_json_text, load_yaml_text
from mockserver.settings import Settings
from tests.conftest import PASSWORD, USER, assert_error, get_token

NESTED = b"[" * 1000
MALFORMED = b"{"
EXTERNAL = "/api/v2/externalcontacts/contacts"


def _routes() -> list[tuple[str, str]]:
    """Every (method, rule) the app serves, path variables as written in the rule."""
    app = create_app(Settings(log_requests=False))
    return sorted(
        (method, rule.rule) for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def _path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"no-such-\1", rule)


def _nested(levels: int, leaf: Any = "leaf") -> Any:
    """``levels`` arrays around ``leaf``: the leaf sits ``levels`` levels inside the outermost array."""
    value = leaf
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("with_token", [True, False], ids=["token", "no-token"])
@pytest.mark.parametrize(("method", "rule"), _routes())
def test_deeply_nested_json_is_answered_as_malformed_json(
    client: FlaskClient, method: str, rule: str, with_token: bool
) -> None:
    """On each route: the same answer as for ``{`` (400 ``bad.request`` where JSON is read), never a 500."""
    token = get_token(client, grant_type="password", username=USER, password=PASSWORD)  # user: call routes too
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if with_token else {})}
    nested = client.open(_path(rule), method=method, data=NESTED, headers=headers)
    malformed = client.open(_path(rule), method=method, data=MALFORMED, headers=headers)
    assert nested.status_code < 500, nested.get_data(as_text=True)[:300]
    assert (nested.status_code, (nested.get_json(silent=True) or {}).get("code")) == (
        malformed.status_code,
        (malformed.get_json(silent=True) or {}).get("code"),
    )


@pytest.mark.parametrize("path", ["/api/v2/outbound/contactlists", EXTERNAL, "/__mock/faults", "/__mock/seed"])
def test_nested_body_is_bad_request_error_body(client: FlaskClient, path: str) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {get_token(client)}"}
    assert_error(client.post(path, data=NESTED, headers=headers), 400, "bad.request")


@pytest.mark.parametrize("with_token", [True, False], ids=["token", "no-token"])
def test_nested_state_document_is_bad_request(client: FlaskClient, with_token: bool) -> None:
    headers = {"Authorization": f"Bearer {get_token(client)}"} if with_token else {}
    response = client.put("/__mock/state", data=b"[" * 100_000, headers=headers, content_type="application/json")
    assert_error(response, 400, "bad.request")


def test_token_endpoint_with_a_nested_json_body_is_a_login_error(client: FlaskClient) -> None:
    response = client.post("/oauth/token", data=NESTED, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_request"


@pytest.mark.parametrize("load", [load_json_text, load_yaml_text], ids=["json", "yaml"])
@pytest.mark.parametrize("limit", [MAX_DEPTH, MAX_BODY_DEPTH, 2])
def test_the_one_parser_accepts_its_depth_and_refuses_deeper(load: Any, limit: int) -> None:
    assert load(json.dumps(_nested(limit)), limit) == _nested(limit)
    assert load(json.dumps({"a": _nested(limit - 2, {"b": 1})}), limit) == {"a": _nested(limit - 2, {"b": 1})}
    for text in (json.dumps(_nested(limit + 1)), "[" * 100_000 + "]" * 100_000):
        with pytest.raises(JsonTextError, match=f"nested deeper than {limit} levels"):
            load(text, limit)
    with pytest.raises(JsonTextError):
        load("[" * 100_000, limit)  # unterminated as well


@pytest.mark.parametrize("raw", [b"", b"  ", b"1],[2", b"[1],[2]", b"1 2", b"1]", b"[1", b"[NaN]", b'"\\ud800"'])
def test_a_lower_limit_still_refuses_whatever_is_not_one_json_value(raw: bytes) -> None:
    """The lower bound parses the text inside extra arrays: the text must not be able to close one of them."""
    with pytest.raises(JsonTextError):
        load_json_text(raw, MAX_BODY_DEPTH)


def test_a_byte_order_mark_is_skipped_as_json_loads_did() -> None:
    assert load_json_text(b'\xef\xbb\xbf{"a": [1]}', MAX_BODY_DEPTH) == {"a": [1]}


def test_yaml_aliases_are_walked_once_and_a_cycle_is_too_deep() -> None:
    assert load_yaml_text("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(JsonTextError, match="nested deeper"):
        load_yaml_text("a: &x [1, *x]\n")


def test_nesting_at_the_limit_inside_accepted_fields_survives_every_step(client: FlaskClient) -> None:
    """customFields / a PATCH value take any JSON: at the deepest a body may be, create, read, list, patch,
    journal, bundle and snapshot export -> import all work (no RecursionError further down, and the envelopes
    of listings and the state document stay within what the parser reads back)."""
    headers = {"Authorization": f"Bearer {get_token(client)}"}
    deep = _nested(MAX_BODY_DEPTH - 2)  # body {customFields: {deep: [...]}}: the leaf at the limit
    created = client.post(EXTERNAL, json={"firstName": "Deep", "customFields": {"deep": deep}}, headers=headers)
    assert created.status_code == 200, created.get_data(as_text=True)[:300]
    contact_id = created.get_json()["id"]
    assert client.get(f"{EXTERNAL}/{contact_id}", headers=headers).get_json()["customFields"] == {"deep": deep}
    assert client.get(f"{EXTERNAL}?q=Deep", headers=headers).get_json()["entities"][0]["customFields"]["deep"] == deep
    value = {"other": _nested(MAX_BODY_DEPTH - 4)}  # body {changes: [{value: {other: [...]}}]}: leaf at the limit
    patch = {"changes": [{"action": "Update", "field": "$.customFields", "value": value}]}
    patched = client.patch(f"{EXTERNAL}/{contact_id}", json=patch, headers=headers)
    assert patched.status_code == 200, patched.get_data(as_text=True)[:300]
    assert patched.get_json()["customFields"] == value
    # One level deeper is refused as malformed, also inside a field.
    too_deep = client.post(EXTERNAL, json={"customFields": {"deep": [deep]}}, headers=headers)
    assert_error(too_deep, 400, "bad.request")

    assert client.get("/__mock/requests").status_code == 200
    bundle = client.get("/__mock/bundle?last=5")
    assert bundle.status_code == 200 and zipfile.ZipFile(io.BytesIO(bundle.data)).testzip() is None
    exported = client.get("/__mock/state").get_data()
    assert client.post("/__mock/reset").status_code == 200
    imported = client.put("/__mock/state", data=exported, content_type="application/json")
    assert imported.status_code == 200, imported.get_data(as_text=True)[:300]
    assert client.get("/__mock/state").get_data() == exported


def test_a_drift_target_answer_nested_too_deeply_reads_as_no_json() -> None:
    """The drift runner parses the other target's answers with the same parser: no RecursionError there either."""
    from mockserver.drift.targets import _decode

    assert _decode(NESTED, "application/json") is None
    assert _decode(b'{"code": "bad.request"}', "application/json") == {"code": "bad.request"}
