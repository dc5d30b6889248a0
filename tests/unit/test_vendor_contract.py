"""The served OpenAPI document against the vendor's own models (issue 12: fidelity).

``contracts/vendor/models.json`` is derived from the official SDK and its docs; this test compares every model of
the served document with it — properties, types, enums, formats, ``required``, ``readOnly``/``writeOnly``, no
``null``, no ``additionalProperties: false`` — and requires the differences to be exactly the deliberate ones
listed with their reasons in :mod:`contracts.vendor.differences` (a new difference fails, a stale entry fails).
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from contracts.openapi import build_document, load_document
from contracts.vendor import differences as deliberate
from contracts.vendor import vendor_models, vendor_operations
from contracts.vendor.schemas import INPUT_SUFFIX, VENDOR_INPUT_SUFFIX

_REF = "#/components/schemas/"
_ANNOTATIONS = {"description", "default", "title", "readOnly", "writeOnly"}


def _schemas() -> dict[str, Any]:
    return load_document()["components"]["schemas"]


def _vendor(schema: dict[str, Any]) -> dict[str, Any]:
    """A derived field schema as JSON Schema, as plainly as possible (no difference of the contract applied)."""
    if "ref" in schema:
        return {"$ref": _REF + schema["ref"]}
    out = dict(schema)
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _vendor(out[key])
    return out


def _split(schema: dict[str, Any], keys: set[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``schema`` without ``keys`` at any depth (through items/maps), and what was taken out."""
    rest = {k: v for k, v in schema.items() if k not in keys}
    taken = {k: v for k, v in schema.items() if k in keys}
    for key in ("items", "additionalProperties"):
        if isinstance(rest.get(key), dict):
            rest[key], inner = _split(rest[key], keys)
            taken.update({f"{key}.{k}": v for k, v in inner.items()})
    return rest, taken


def document_differences(schemas: dict[str, Any]) -> dict[str, str]:
    """``"Model.property: aspect" -> detail`` for every way a vendor view departs from the vendor's model."""
    found: dict[str, str] = {}
    models = vendor_models()
    for name, schema in schemas.items():
        if name.endswith((INPUT_SUFFIX, VENDOR_INPUT_SUFFIX)):  # request views: closed by design
            continue
        if schema.get("additionalProperties") is False:
            found[f"{name}: closed"] = "additionalProperties: false"
        if name not in models:
            found[f"{name}: no vendor model"] = ""
            continue
        vendor = models[name]["properties"]
        ours = schema.get("properties", {})
        for prop in sorted(set(vendor) | set(ours)):
            key = f"{name}.{prop}"
            if prop not in ours:
                found[f"{key}: missing"] = ""
                continue
            if prop not in vendor:
                found[f"{key}: not in the vendor's model"] = ""
                continue
            entry, mine = vendor[prop], ours[prop]
            theirs_rest, theirs_fmt = _split(_vendor(entry["schema"]), {"format"})
            mine_rest, mine_fmt = _split(
                {k: v for k, v in mine.items() if k not in _ANNOTATIONS}, {"format", "minimum", "maximum"}
            )
            if theirs_fmt != {k: v for k, v in mine_fmt.items() if "format" in k}:
                found[f"{key}: format"] = f"{mine_fmt} vs {theirs_fmt}"
            if any(k.endswith(("minimum", "maximum")) for k in mine_fmt):
                found[f"{key}: bounds"] = str(mine_fmt)
            if mine_rest != theirs_rest:
                found[f"{key}: type"] = f"{mine_rest} vs {theirs_rest}"
            for flag in ("readOnly", "writeOnly"):
                if bool(mine.get(flag)) != bool(entry.get(flag)):
                    found[f"{key}: {flag}"] = f"document {bool(mine.get(flag))}, vendor {bool(entry.get(flag))}"
            required = prop in schema.get("required", [])
            if required != bool(entry.get("required")):
                found[f"{key}: {'required' if required else 'not required'}"] = ""
    return found


def deliberate_differences() -> dict[str, str]:
    """The allow-list: every difference :mod:`contracts.vendor.differences` declares, with its reason."""
    allowed: dict[str, str] = {}
    for model, names in deliberate.READ_ONLY_FROM_CLI.items():
        for prop in names:
            allowed[f"{model}.{prop}: readOnly"] = "read-only in the vendor's CLI model; the Python SDK has none"
    for model, (names, reason) in deliberate.REQUIRED_NOT_KEPT.items():
        for prop in names:
            allowed[f"{model}.{prop}: not required"] = reason
    for key in deliberate.INT64_FROM_CONTRACT:
        allowed[f"{key}: format"] = "int64 from the contract (facts); the Python SDK has one int"
    for key in deliberate.CONTRACT_BOUNDS:
        allowed[f"{key}: bounds"] = "a bound the real search enforces (facts §6.3)"
    for key, reason in deliberate.LOOSE_KEPT.items():
        allowed[f"{key}: type"] = reason
    for model, reason in deliberate.NOT_VENDOR_MODELS.items():
        allowed[f"{model}: no vendor model"] = reason
    served = _schemas()
    for model, schema in vendor_models().items():
        if model not in served:
            continue
        for prop, entry in schema["properties"].items():
            if entry["schema"].get("format") == "uri":
                allowed[f"{model}.{prop}: format"] = "the vendor says uri but sends relative references (§0.2)"
    return allowed


def test_every_model_of_the_served_document_matches_the_vendor_but_for_the_listed_differences() -> None:
    found = document_differences(_schemas())
    allowed = deliberate_differences()
    unexpected = {key: found[key] for key in sorted(set(found) - set(allowed))}
    stale = sorted(set(allowed) - set(found))
    assert not unexpected, f"differences from the vendor's models that are not listed: {unexpected}"
    assert not stale, f"listed differences that no longer occur: {stale}"


def test_the_comparison_sees_a_difference() -> None:
    """The checker itself: a dropped property, a nullable type and a closed schema are all reported."""
    schemas = {name: dict(schema) for name, schema in _schemas().items()}
    participant = dict(schemas["Participant"], additionalProperties=False)
    participant["properties"] = {k: v for k, v in participant["properties"].items() if k != "callbacks"}
    participant["properties"]["name"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    schemas["Participant"] = participant
    found = document_differences(schemas)
    assert {"Participant: closed", "Participant.callbacks: missing", "Participant.name: type"} <= set(found)


def test_issue_items_in_the_document() -> None:
    """Issue 12 items 1, 2, 4 and 8 as the document states them."""
    schemas = _schemas()
    assert schemas["Conversation"]["properties"]["state"].get("writeOnly") is True  # never on reads
    assert set(schemas["ImportStatus"]["required"]) == {"state", "totalRecords", "completedRecords", "percentComplete"}
    assert {"disposition", "faxStatus", "queueMediaSettings", "recordersState"} <= set(schemas["Call"]["properties"])
    assert {"callbacks", "chats", "emails", "messages", "videos"} <= set(schemas["Participant"]["properties"])
    assert "readOnly" not in schemas["DomainEntityRef"]["properties"]["selfUri"]
    assert schemas["TwitterId"]["properties"]["profileUrl"]["readOnly"] is True
    assert schemas["DataSchema"]["properties"]["dateCreated"]["readOnly"] is True


def test_input_views_are_the_mocks_closed_parsing_of_a_vendor_model() -> None:
    """Request bodies use ``<Name>-Input``: closed (unknown properties are refused, a rule of the mock) and never
    with a property the vendor view lacks."""
    schemas = _schemas()
    inputs = [name for name in schemas if name.endswith(INPUT_SUFFIX)]
    assert inputs
    for name in inputs:
        vendor_view = schemas[name[: -len(INPUT_SUFFIX)]]
        if vendor_view.get("type") != "object":
            continue
        assert schemas[name]["additionalProperties"] is False, name
        assert set(schemas[name]["properties"]) <= set(vendor_view["properties"]), name


def test_every_served_operation_is_a_vendor_operation_with_its_path_and_method() -> None:
    operations = vendor_operations()
    for path, methods in build_document()["paths"].items():
        for method, operation in methods.items():
            vendor = operations.get(operation["operationId"])
            if operation["operationId"] in ("postOauthToken", "postUploadsV2Contactlist"):
                continue  # the login host, and the apps host's upload: not in the three APIs' swagger
            assert vendor is not None, operation["operationId"]
            assert (vendor["method"], vendor["path"]) == (method.upper(), path), operation["operationId"]


@pytest.mark.skipif(importlib.util.find_spec("PureCloudPlatformClientV2") is None, reason="SDK not installed")
def test_derived_vendor_contract_is_current() -> None:
    from contracts.vendor import derive

    if not derive.DOCS_DIR.is_dir():
        pytest.skip(f"vendor docs not found at {derive.DOCS_DIR}")
    models, operations = derive.derive()
    assert derive.MODELS_PATH.read_text(encoding="utf-8") == derive.render(models), (
        "contracts/vendor/models.json is stale: run `python -m contracts.vendor.derive`"
    )
    assert derive.OPERATIONS_PATH.read_text(encoding="utf-8") == derive.render(operations), (
        "contracts/vendor/operations.json is stale: run `python -m contracts.vendor.derive`"
    )
    assert len(operations["operations"]) > 600 and models["source"]["package"].endswith("269.0.0")
