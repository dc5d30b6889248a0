"""Two views of each contract model for the OpenAPI document: the vendor's, and what the mock accepts.

* The **vendor view** (the model's own name, used by every response) is as strict and as complete as the vendor's
  model: the vendor's properties (those the mock does not model are taken from the vendor, with the vendor models
  they reference), its ``required`` list, its enums, ``date-time``/``uri`` formats and ``readOnly``/``writeOnly``
  marks, no ``null`` (the real API omits absent properties) and no ``additionalProperties: false`` (the vendor's
  models are open: a real answer may carry a property the mock never sends). The deliberate departures are
  listed, with their reasons, in :mod:`contracts.vendor.differences`.
* The **input view** (``<Name>-Input``, used by request bodies) is the pydantic model as the mock parses it:
  closed, because the mock answers an unknown property with 400 ``invalid.property`` — a rule of the mock's
  request handling, not the shape of a response — and with the mock's own ``required`` list.

Integers: the Python SDK has one ``int``, so the width is given only where the contract knows it
(:data:`contracts.base.Int64` → ``int64``).
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

from contracts.vendor import vendor_models
from contracts.vendor.differences import LOOSE_KEPT, READ_ONLY_FROM_CLI, REQUIRED_NOT_KEPT, URI_REFERENCE_FOR_URI

INPUT_SUFFIX = "-Input"
_INT64_MIN = -(2**63)


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _refs(schema: Any) -> Iterable[str]:
    if isinstance(schema, dict):
        if isinstance(schema.get("$ref"), str):
            yield ref_name(schema["$ref"])
        for value in schema.values():
            yield from _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _refs(value)


def _rename_refs(schema: Any, rename: dict[str, str], template: str) -> Any:
    if isinstance(schema, dict):
        out = {key: _rename_refs(value, rename, template) for key, value in schema.items()}
        if isinstance(out.get("$ref"), str) and ref_name(out["$ref"]) in rename:
            out["$ref"] = template.format(model=rename[ref_name(out["$ref"])])
        return out
    if isinstance(schema, list):
        return [_rename_refs(value, rename, template) for value in schema]
    return schema


def _without_property_titles(schema: dict[str, Any]) -> dict[str, Any]:
    """pydantic titles every property after its attribute ("Selfuri"): noise in a document."""
    schema = copy.deepcopy(schema)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
    return schema


# --- the input view ---------------------------------------------------------------------------------------


def input_schemas(contract: dict[str, Any], roots: Iterable[str], template: str) -> dict[str, Any]:
    """``<Name>-Input`` copies of ``roots`` and of every schema they reference, refs pointing at the copies."""
    closure: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in closure or name not in contract:
            continue
        closure.add(name)
        pending += list(_refs(contract[name]))
    rename = {name: name + INPUT_SUFFIX for name in closure}
    return {
        rename[name]: _rename_refs(_without_property_titles(contract[name]), rename, template)
        for name in sorted(closure)
    }


# --- the vendor view --------------------------------------------------------------------------------------


def vendor_json_schema(schema: dict[str, Any], template: str) -> dict[str, Any]:
    """A derived field schema (``{"ref": "Name"}`` for a model) as JSON Schema."""
    if "ref" in schema:
        return {"$ref": template.format(model=schema["ref"])}
    out = dict(schema)
    if out.get("format") == "uri":
        out["format"] = URI_REFERENCE_FOR_URI
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = vendor_json_schema(out[key], template)
    return out


def vendor_model_schema(name: str, template: str) -> dict[str, Any]:
    """A vendor model the contract does not have, as an open JSON Schema object (``selfUri`` as
    ``uri-reference``, like every ``selfUri`` of the document)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for json_name, entry in vendor_models()[name]["properties"].items():
        properties[json_name] = _flags(vendor_json_schema(entry["schema"], template), entry)
        if entry.get("required"):
            required.append(json_name)
    schema: dict[str, Any] = {"type": "object", "title": name, "properties": properties}
    if required:
        schema["required"] = required
    return schema


VENDOR_INPUT_SUFFIX = "-VendorInput"


def vendor_input_schema(name: str, template: str) -> dict[str, Any]:
    """A vendor model as a generic row's body is parsed (mockserver/generic/validation.py): closed, the vendor's
    required fields except ``id`` and read-only ones (accepted with any value, then ignored); ``template`` names the
    input views of the models it references (``{model}-VendorInput``)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    for json_name, entry in vendor_models()[name]["properties"].items():
        if entry.get("readOnly"):
            properties[json_name] = {"readOnly": True}
            continue
        properties[json_name] = vendor_json_schema(entry["schema"], template)
        if entry.get("required") and json_name != "id":
            required.append(json_name)
    schema: dict[str, Any] = {"type": "object", "title": name, "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _flags(schema: dict[str, Any], entry: dict[str, Any], cli_read_only: bool = False) -> dict[str, Any]:
    """The vendor's ``readOnly``/``writeOnly``; ``cli_read_only`` adds a read-only mark the Python SDK cannot
    carry but the vendor's CLI model has (:data:`~contracts.vendor.differences.READ_ONLY_FROM_CLI`)."""
    for flag in ("readOnly", "writeOnly"):
        if entry.get(flag) or (flag == "readOnly" and cli_read_only):
            schema[flag] = True
        else:
            schema.pop(flag, None)
    return schema


def _strip_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, {type: null}]`` (pydantic's ``X | None``) becomes X; a ``None`` default goes too."""
    schema = dict(schema)
    options = schema.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [option for option in options if option != {"type": "null"}]
        del schema["anyOf"]
        if len(rest) == 1:
            schema = {**rest[0], **schema}
        else:
            schema["anyOf"] = rest
    if "default" in schema and schema["default"] is None:
        del schema["default"]
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            schema[key] = _strip_null(schema[key])
    return schema


def _is_loose(schema: dict[str, Any]) -> bool:
    """An object the contract keeps untyped (``dict[str, Any]``), or an array of them."""
    if schema.get("type") == "array":
        return isinstance(schema.get("items"), dict) and _is_loose(schema["items"])
    keys = set(schema) - {"description", "readOnly", "writeOnly", "title"}
    return (
        keys <= {"type", "additionalProperties"}
        and schema.get("type", "object") == "object"
        and schema.get("additionalProperties", True) is True
    )


def _align(contract: dict[str, Any], vendor: dict[str, Any]) -> dict[str, Any]:
    """The contract's property with the vendor's enum and format (recursively through arrays and maps)."""
    out = dict(contract)
    if out.get("type") == "integer" and out.get("minimum") == _INT64_MIN:
        out.pop("minimum")
        out.pop("maximum", None)
        out["format"] = "int64"
    if out.get("type") == vendor.get("type") and "$ref" not in out:
        for key in ("format", "enum"):
            if key in vendor:
                out[key] = vendor[key]
        if "enum" in vendor:
            out.pop("const", None)  # pydantic's rendering of a one-value Literal; the enum says it
        for key in ("items", "additionalProperties"):
            if isinstance(out.get(key), dict) and isinstance(vendor.get(key), dict):
                out[key] = _align(out[key], vendor[key])
    return out


def _vendor_property(
    contract: dict[str, Any], entry: dict[str, Any] | None, template: str, cli_read_only: bool, keep_loose: bool
) -> dict[str, Any]:
    schema = _strip_null(contract)
    if entry is None:
        return schema
    vendor = vendor_json_schema(entry["schema"], template)
    if _is_loose(schema) and not _is_loose(vendor) and not keep_loose:
        kept = {key: schema[key] for key in ("description",) if key in schema}
        schema = {**vendor, **kept}
    else:
        schema = _align(schema, vendor)
    return _flags(schema, entry, cli_read_only)


def vendor_view(name: str, contract: dict[str, Any], template: str) -> dict[str, Any]:
    """The vendor view of one contract schema (see the module docstring)."""
    schema = _without_property_titles(contract)
    schema.pop("additionalProperties", None)
    if schema.get("type") != "object":  # ContactIdList: a plain list
        return schema
    vendor = vendor_models().get(name)
    cli_read_only = READ_ONLY_FROM_CLI.get(name, frozenset())
    properties: dict[str, Any] = {}
    for json_name, prop in schema.get("properties", {}).items():
        entry = vendor["properties"].get(json_name) if vendor else None
        properties[json_name] = _vendor_property(
            prop, entry, template, json_name in cli_read_only, f"{name}.{json_name}" in LOOSE_KEPT
        )
    if vendor is not None:
        for json_name, entry in vendor["properties"].items():
            if json_name not in properties:
                properties[json_name] = _flags(vendor_json_schema(entry["schema"], template), entry)
        not_kept = REQUIRED_NOT_KEPT.get(name, (frozenset(), ""))[0]
        required = [
            json_name
            for json_name, entry in vendor["properties"].items()
            if entry.get("required") and json_name not in not_kept
        ]
        schema.pop("required", None)
        if required:
            schema["required"] = required
    schema["properties"] = properties
    return schema


def vendor_schemas(contract: dict[str, Any], template: str) -> dict[str, Any]:
    """The vendor view of every contract schema, plus every vendor model they reference that the contract lacks."""
    schemas = {name: vendor_view(name, schema, template) for name, schema in contract.items()}
    pending = [ref for schema in schemas.values() for ref in _refs(schema)]
    while pending:
        name = pending.pop()
        if name in schemas or name not in vendor_models():
            continue
        schemas[name] = vendor_model_schema(name, template)
        pending += list(_refs(schemas[name]))
    return dict(sorted(schemas.items()))
