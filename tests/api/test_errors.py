"""Every failure is a Genesys ErrorBody with a correlation id (issue 2, bullet 3)."""

from __future__ import annotations

import io
import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder

from tests.conftest import assert_error

LISTS = "/api/v2/outbound/contactlists"


def test_unknown_api_route_is_not_found(client: FlaskClient, auth: dict[str, str]) -> None:
    body = assert_error(client.get("/api/v2/no/such/route", headers=auth), 404, "not.found")
    assert body["message"] == "The requested resource was not found."


@pytest.mark.parametrize("path", ["/", "/favicon.ico", "/__mock/nothing", "/api"])
def test_unknown_non_api_route_is_an_error_body_too(client: FlaskClient, path: str) -> None:
    assert_error(client.get(path), 404, "not.found")


def test_wrong_method_is_404_with_allow_header(client: FlaskClient, auth: dict[str, str]) -> None:
    """facts §2.2: every operation declares 404 and none 405; no method.not.allowed code exists in vendor material."""
    response = client.patch(LISTS, headers=auth, json={})
    assert_error(response, 404, "not.found")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert "PATCH" in response.headers["X-Mock-Hint"]


@pytest.mark.parametrize("raw", [b"{", b"{'name': 'x'}", b"nul", b"\xff\xfe", b"NaN", b'{"a": Infinity}', b""])
def test_malformed_json_is_bad_request(client: FlaskClient, auth: dict[str, str], raw: bytes) -> None:
    response = client.post(LISTS, data=raw, headers={**auth, "Content-Type": "application/json"})
    assert_error(response, 400, "bad.request")


@pytest.mark.parametrize("raw", [b"[]", b"42", b'"text"', b"null", b"true"])
def test_json_that_is_not_an_object_is_bad_request(client: FlaskClient, auth: dict[str, str], raw: bytes) -> None:
    response = client.post(LISTS, data=raw, headers={**auth, "Content-Type": "application/json"})
    assert_error(response, 400, "bad.request")


def test_unknown_property_names_the_field(client: FlaskClient, auth: dict[str, str]) -> None:
    # The tutorial's shape (facts §11 a): `columns` does not exist on ContactList.
    payload = {"name": "x", "columns": [{"name": "phone", "type": "phone", "label": "Phone"}]}
    response = client.post(LISTS, json=payload, headers=auth)
    body = assert_error(response, 400, "invalid.property")
    assert body["details"][0] == {"errorCode": "invalid.property", "fieldName": "columns"}
    assert body["message"] == "Value [columns] is not a valid property for object [ContactList]"
    assert body["messageParams"] == {"value": "columns", "object": "ContactList"}
    assert response.headers["X-Mock-Rule"] == "CORE-UNKNOWN-PROPERTY"


def test_unknown_nested_property_names_its_path_and_owner(
    client: FlaskClient, auth: dict[str, str], contact_list_body: dict
) -> None:
    contact_list_body["phoneColumns"][0]["label"] = "Mobile"
    body = assert_error(client.post(LISTS, json=contact_list_body, headers=auth), 400, "invalid.property")
    assert body["details"][0]["fieldName"] == "phoneColumns[0].label"
    assert body["messageParams"]["object"] == "ContactPhoneNumberColumn"


def test_wrong_type_is_invalid_value(client: FlaskClient, auth: dict[str, str], contact_list_body: dict) -> None:
    contact_list_body["columnNames"] = "phone"
    body = assert_error(client.post(LISTS, json=contact_list_body, headers=auth), 400, "invalid.value")
    assert body["details"][0] == {"errorCode": "invalid.value", "fieldName": "columnNames"}


def test_wrong_enum_value_is_invalid_value(client: FlaskClient, auth: dict[str, str], contact_list_body: dict) -> None:
    contact_list_body["columnDataTypeSpecifications"] = [{"columnName": "phone", "columnDataType": "PHONE"}]
    body = assert_error(client.post(LISTS, json=contact_list_body, headers=auth), 400, "invalid.value")
    assert body["details"][0]["fieldName"] == "columnDataTypeSpecifications[0].columnDataType"
    assert "NUMERIC" in body["message"]


def test_missing_required_property_is_a_validation_error(client: FlaskClient, auth: dict[str, str]) -> None:
    body = assert_error(client.post(LISTS, json={"name": "x"}, headers=auth), 400, "constraint.validation")
    assert body["details"][0]["fieldName"] == "columnNames"


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_body_without_json_content_type_is_415(
    client: FlaskClient, auth: dict[str, str], content_type: str | None
) -> None:
    headers = dict(auth)
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post(LISTS, data=b'{"name": "x", "columnNames": ["a"]}', headers=headers)
    assert_error(response, 415, "unsupported.media.type")


def test_json_with_charset_is_accepted(client: FlaskClient, auth: dict[str, str], contact_list_body: dict) -> None:
    import json

    response = client.post(
        LISTS, data=json.dumps(contact_list_body), headers={**auth, "Content-Type": "application/json; charset=UTF-8"}
    )
    assert response.status_code == 200


def test_declared_oversized_body_is_413_before_reading(make_app, contact_list_body: dict) -> None:
    app = make_app(max_body_bytes=1000)
    client = app.test_client()
    from tests.conftest import get_token

    headers = {"Authorization": f"Bearer {get_token(client)}", "Content-Type": "application/json"}

    class Unreadable(io.RawIOBase):
        def readinto(self, b):  # the guard must answer from Content-Length alone
            raise AssertionError("the body was read")

    response = client.post(
        LISTS, headers=headers, environ_overrides={"wsgi.input": Unreadable(), "CONTENT_LENGTH": "5000"}
    )
    body = assert_error(response, 413, "request.entity.too.large")
    assert body["message"] == "The request is over the size limit. Maximum bytes: 1000"


def test_chunked_oversized_body_is_413(make_app) -> None:
    app = make_app(max_body_bytes=1000)
    client = app.test_client()
    from tests.conftest import get_token

    headers = {"Authorization": f"Bearer {get_token(client)}", "Content-Type": "application/json"}
    stream = io.BytesIO(b'{"name": "' + b"x" * 5000 + b'", "columnNames": ["a"]}')
    environ = EnvironBuilder(path=LISTS, method="POST", headers=headers).get_environ()
    # No Content-Length, and the server marks the stream as terminated, as waitress does for chunked bodies.
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"wsgi.input": stream, "wsgi.input_terminated": True})
    response = client.open(environ)
    assert_error(response, 413, "request.entity.too.large")


def test_unexpected_exception_is_logged_500(make_app, caplog: pytest.LogCaptureFixture) -> None:
    from tests.conftest import get_token

    def explode() -> None:
        raise RuntimeError("boom")

    app: Flask = make_app()
    app.add_url_rule("/api/v2/test/explode", "explode", explode)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {get_token(client)}"}
    with caplog.at_level(logging.ERROR, logger="mockserver"):
        response = client.get("/api/v2/test/explode", headers=auth)
    body = assert_error(response, 500, "internal.server.error")
    assert "boom" not in response.get_data(as_text=True)  # no traceback or exception text leaks
    assert any(body["contextId"] in record.getMessage() for record in caplog.records)


def test_every_response_has_a_fresh_correlation_id(client: FlaskClient, auth: dict[str, str]) -> None:
    ids = set()
    for response in (
        client.get("/__mock/health"),
        client.get(LISTS, headers=auth),
        client.get("/nowhere"),
        client.post("/oauth/token", data={}),
    ):
        ids.add(response.headers["ININ-Correlation-Id"])
    assert len(ids) == 4


def test_invalid_query_parameter_is_400(client: FlaskClient, auth: dict[str, str]) -> None:
    body = assert_error(client.get(LISTS + "?pageNumber=zero", headers=auth), 400, "invalid.query.param.value")
    assert body["messageParams"]["parameter"] == "pageNumber"
    assert_error(client.get(LISTS + "?includeSize=maybe", headers=auth), 400, "invalid.query.param.value")
    assert_error(client.get(LISTS + "?sortOrder=sideways", headers=auth), 400, "invalid.query.param.value")


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (LISTS + "/x/contacts/bulk", {"POST"}),  # also matches …/contacts/{contactId}: GET, PUT, DELETE
        ("/api/v2/conversations/calls", {"GET", "HEAD", "POST"}),  # also matches /conversations/{conversationId}
        (LISTS + "/x/contacts/y", {"DELETE", "GET", "HEAD", "PUT"}),
    ],
)
def test_allow_lists_the_methods_of_the_resource_the_path_names(
    client: FlaskClient, auth: dict[str, str], path: str, allowed: set[str]
) -> None:
    """Found by the contract suite: ``Allow`` listed the methods of every template the path happened to match."""
    response = client.open(path, method="OPTIONS", headers=auth)
    assert_error(response, 404, "not.found")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed


def test_integral_float_is_an_integer_even_in_strict(client: FlaskClient, auth: dict[str, str]) -> None:
    """Found by the contract suite: ``86400.0`` is an integer for JSON Schema and for Jackson; strict refused it as
    a wrong type. A fractional number still is one."""
    contacts = "/api/v2/externalcontacts/contacts"
    created = client.post(
        contacts, headers=auth, json={"firstName": "Ada", "workPhone": {"display": "+13175550100", "extension": 12.0}}
    )
    assert created.status_code == 200, created.get_json()
    assert created.get_json()["workPhone"]["extension"] == 12
    fractional = client.post(contacts, headers=auth, json={"workPhone": {"display": "+13175550100", "extension": 1.5}})
    assert_error(fractional, 400, "invalid.value")
    assert fractional.headers["X-Mock-Rule"] == "CORE-STRICT-TYPES"


def test_a_hint_quoting_a_control_character_or_any_letter_is_still_a_header(
    client: FlaskClient, auth: dict[str, str]
) -> None:
    """The unknown-user hint quotes the path id; a CR or a non-Latin-1 letter in it must not make the answer a 500."""
    response = client.post("/api/v2/conversations/calls/user/%0D%E2%9C%93", headers=auth, json={})
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    assert "\\r\\u2713" in response.headers["X-Mock-Hint"]
