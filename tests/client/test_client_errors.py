"""``GenesysApiError``: the ErrorBody fields, the correlation id, the mock's rule, a one-line ``str()``."""

from __future__ import annotations

import httpx
import pytest
from flask import Flask

from clients.genesys_client import GenesysApiError
from clients.genesys_client.parsing import parse
from contracts.outbound import ContactList
from tests.client.conftest import mock_client


def _response(status: int, **kwargs: object) -> httpx.Response:
    request = httpx.Request("POST", "https://api.mypurecloud.com/api/v2/outbound/contactlists?x=1")
    return httpx.Response(status, request=request, **kwargs)  # type: ignore[arg-type]


def test_error_body_fields_and_summary() -> None:
    body = {
        "message": "Value [columns] is not a valid property for object [ContactList]",
        "code": "invalid.property",
        "status": 400,
        "messageWithParams": "Value [{value}] is not a valid property for object [{object}]",
        "messageParams": {"value": "columns", "object": "ContactList"},
        "contextId": "ctx-1",
        "details": [{"errorCode": "invalid.property", "fieldName": "columns"}],
        "errors": [],
        "somethingNew": True,
    }
    err = GenesysApiError.from_response(
        _response(400, json=body, headers={"ININ-Correlation-Id": "ctx-1", "X-Mock-Rule": "CORE-UNKNOWN-PROPERTY"})
    )
    assert (err.status, err.code, err.context_id, err.correlation_id) == (400, "invalid.property", "ctx-1", "ctx-1")
    assert err.message_params == {"value": "columns", "object": "ContactList"}
    assert err.field_names == ["columns"] and err.rule == "CORE-UNKNOWN-PROPERTY"
    assert str(err) == (
        "400 invalid.property: Value [columns] is not a valid property for object [ContactList] "
        "[fields: columns] (POST /api/v2/outbound/contactlists; correlation ctx-1; "
        "rule CORE-UNKNOWN-PROPERTY)"
    )
    assert "\n" not in str(err)


def test_correlation_id_falls_back_to_the_body() -> None:
    err = GenesysApiError.from_response(
        _response(404, json={"code": "not.found", "message": "gone", "contextId": "from-body"})
    )
    assert err.correlation_id == "from-body"


def test_non_json_answer_still_gives_a_one_line_error() -> None:
    err = GenesysApiError.from_response(_response(502, text="<html>\n<body>Bad gateway</body>\n</html>"))
    assert err.status == 502 and err.code is None and "\n" not in str(err) and "Bad gateway" in str(err)


def test_a_400_from_the_mock_names_the_field(app: Flask) -> None:
    with mock_client(app) as client, pytest.raises(GenesysApiError) as caught:
        client.outbound.create_contact_list(
            ContactList(
                name="wrong phone column",
                column_names=["phone"],
                phone_columns=[{"column_name": "mobile", "type": "cell"}],
            )
        )
    err = caught.value
    assert err.status == 400 and err.field_names == ["phoneColumns[0].columnName"]
    assert err.correlation_id and err.correlation_id in str(err)


def test_the_tutorials_body_sent_raw_is_invalid_property(app: Flask) -> None:
    """The typed method cannot even build it (the model forbids ``columns``); sent raw, the API refuses it."""
    with pytest.raises(ValueError, match="columns"):
        ContactList.model_validate({"name": "x", "columns": [{"name": "phone"}], "columnNames": ["phone"]})
    with mock_client(app) as client, pytest.raises(GenesysApiError) as caught:
        client.request(
            "POST",
            "/api/v2/outbound/contactlists",
            json={"name": "Spring", "columns": [{"name": "phone", "type": "phone"}]},
        )
    assert caught.value.code == "invalid.property" and "columns" in caught.value.field_names
    assert caught.value.hint  # the mock's X-Mock-Hint names the right shape


def test_response_parsing_ignores_what_the_contract_does_not_know() -> None:
    parsed = parse(
        ContactList,
        {
            "id": "1",
            "columnNames": ["a"],
            "futureField": 1,
            "phoneColumns": [{"columnName": "a", "type": "cell", "newer": "x"}],
            "importStatus": {"state": "SOME_NEW_STATE", "totalRecords": 3},
        },
    )
    assert parsed.id == "1" and parsed.phone_columns[0].column_name == "a"
    assert parsed.import_status is not None and parsed.import_status.state is None
    assert parsed.import_status.total_records == 3


def test_query_values_are_sent_as_the_official_sdk_sends_them() -> None:
    from clients.genesys_client.client import encode_query

    assert encode_query(
        {"includeSize": True, "allow": False, "id": ["a", "b"], "name": None, "empty": [], "pageSize": 25}
    ) == {"includeSize": "true", "allow": "false", "id": "a,b", "pageSize": "25"}
