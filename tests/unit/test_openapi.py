"""The OpenAPI document is generated from the contract, committed, current and valid (issue 2, bullet 2)."""

from __future__ import annotations

import json
import re

import pytest
from openapi_spec_validator import validate

from contracts.openapi import DOCUMENT_PATH, build_document, render
from contracts.operations import OPERATIONS
from mockserver.cli import main


def test_committed_document_is_current() -> None:
    assert DOCUMENT_PATH.read_text(encoding="utf-8") == render(build_document()), (
        "contracts/openapi.json is stale: run `genesys-mock openapi --write`"
    )


def test_document_is_valid_openapi_3_1() -> None:
    document = json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_operation_is_in_the_document_with_its_permissions() -> None:
    document = build_document()
    for op in OPERATIONS:
        entry = document["paths"][op.path][op.method.lower()]
        assert entry["operationId"] == op.operation_id
        assert str(op.success_status) in entry["responses"]
        assert entry["x-inin-requires-permissions"] == {"type": op.permission_mode, "permissions": list(op.permissions)}
        for status in ("400", "401", "403", "404", "413", "415", "429", "500"):
            assert entry["responses"][status]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"
            }


def test_read_only_fields_are_marked() -> None:
    schemas = build_document()["components"]["schemas"]
    for name in ("ContactList", "ContactList-Input"):
        read_only = {name for name, prop in schemas[name]["properties"].items() if prop.get("readOnly")}
        assert read_only == {"id", "dateCreated", "dateModified", "importStatus", "size", "selfUri"}
        assert schemas[name]["required"] == ["columnNames"]
    # A response may carry what the mock never sends; a request body is what the mock parses, unknown ones refused.
    assert "additionalProperties" not in schemas["ContactList"]
    assert schemas["ContactList-Input"]["additionalProperties"] is False


def test_request_bodies_use_the_input_view_and_responses_the_vendor_view() -> None:
    put = build_document()["paths"]["/api/v2/outbound/contactlists/{contactListId}"]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ContactList-Input"
    }
    assert put["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ContactList"
    }


def test_query_parameters_carry_defaults_and_enums() -> None:
    params = {p["name"]: p for p in build_document()["paths"]["/api/v2/outbound/contactlists"]["get"]["parameters"]}
    assert params["pageSize"]["schema"]["default"] == 25
    # OutboundApi.md: Values ascending, descending; default "a" (sic), which sorts ascending.
    assert params["sortOrder"]["schema"]["enum"] == ["ascending", "descending", "a"]
    assert params["sortOrder"]["schema"]["default"] == "a"
    assert "enum" not in params["sortBy"]["schema"]  # a free string at the vendor
    assert params["id"]["schema"]["type"] == "array" and params["id"]["explode"] is True


def test_served_document_equals_the_committed_one(client) -> None:
    response = client.get("/__mock/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))


def test_openapi_command_prints_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["openapi"]) == 0
    assert json.loads(capsys.readouterr().out)["openapi"] == "3.1.0"
    assert main(["openapi", "--check"]) == 0


def _parameters(path: str, method: str) -> dict[str, dict]:
    return {p["name"]: p for p in build_document()["paths"][path][method]["parameters"]}


def test_constraints_enforced_by_rules_are_declared() -> None:
    """Found by the contract suite: the document now says what the mock (and the real API) refuses."""
    document = build_document()
    delete = _parameters("/api/v2/outbound/contactlists/{contactListId}/contacts", "delete")["contactIds"]
    assert delete["required"] is True and delete["schema"]["minItems"] == 1
    search = _parameters("/api/v2/externalcontacts/contacts", "get")
    assert search["sortOrder"]["schema"]["pattern"] == "^(firstName|lastName|middleName|title):(asc|desc)$"
    expand = re.compile(search["expand"]["schema"]["items"]["pattern"])
    assert all(expand.match(v) for v in ("identifiers", "identifiers,division", "", "division,,identifiers"))
    assert not any(expand.match(v) for v in ("everything", "identifiers,x", " identifiers"))
    listing = document["components"]["schemas"]["ContactListingRequest"]["properties"]
    assert listing["pageNumber"]["minimum"] == listing["pageSize"]["minimum"] == 1
    bulk = document["paths"]["/api/v2/outbound/contactlists/{contactListId}/contacts/bulk"]["post"]
    assert bulk["requestBody"]["content"]["application/json"]["schema"]["maxItems"] == 50
    upload = document["paths"]["/uploads/v2/contactlist"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["properties"]["file"]["format"] == "binary"
    token = document["paths"]["/oauth/token"]["post"]["requestBody"]["content"]
    assert token["application/x-www-form-urlencoded"]["schema"]["then"]["required"] == ["username", "password"]
    assert document["components"]["securitySchemes"]["oauth"]["flows"]["clientCredentials"]["tokenUrl"] == (
        "/oauth/token"
    )


def test_links_name_operations_of_the_table() -> None:
    document = build_document()
    ids = {op.operation_id for op in OPERATIONS}
    links = [
        link
        for path in document["paths"].values()
        for entry in path.values()
        for response in entry["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert links and all(link["operationId"] in ids for link in links)
