"""Builds the OpenAPI 3.1 document from the contract models and the operations table.

``contracts/openapi.json`` is this module's output, committed; a test fails when it is stale. Regenerate with
``genesys-mock openapi --write`` (or ``python -m contracts.openapi``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from contracts.common import ErrorBody, LoginError, TokenResponse
from contracts.generic import all_operations
from contracts.operations import OPERATIONS, Link, Operation, QueryParam
from contracts.vendor import vendor_models
from contracts.vendor.schemas import (
    INPUT_SUFFIX,
    VENDOR_INPUT_SUFFIX,
    input_schemas,
    ref_name,
    vendor_input_schema,
    vendor_json_schema,
    vendor_model_schema,
    vendor_schemas,
)

DOCUMENT_PATH = Path(__file__).with_name("openapi.json")
CONTRACT_VERSION = "2.0.0"
_REF = "#/components/schemas/{model}"
_VENDOR_INPUT_REF = _REF.replace("{model}", "{model}" + VENDOR_INPUT_SUFFIX)

_STATUS_TEXT = {
    200: "Successful operation", 202: "Accepted", 204: "No content", 400: "Bad request", 401: "Unauthenticated",
    403: "Missing permissions", 404: "Not found", 408: "Client timeout", 409: "Conflict",
    413: "Request entity too large", 415: "Unsupported media type", 422: "Unprocessable entity",
    429: "Too many requests",
    500: "Internal server error", 503: "Service unavailable", 504: "Gateway timeout",
}  # fmt: skip


def _ref(model: type[BaseModel]) -> dict[str, str]:
    """A response's schema: the vendor view of the model (contracts/vendor/schemas.py)."""
    return {"$ref": _REF.format(model=model.__name__)}


def _input_ref(model: type[BaseModel]) -> dict[str, str]:
    """A request body's schema: the model as the mock parses it, closed (contracts/vendor/schemas.py)."""
    return {"$ref": _REF.format(model=model.__name__ + INPUT_SUFFIX)}


def _json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _comma_joined(values: tuple[str, ...]) -> str:
    """A pattern for one query value that holds any of ``values``, comma-joined, empty ones allowed."""
    one = "(" + "|".join(re.escape(value) for value in values) + ")?"
    return f"^{one}(,{one})*$"


def _query_schema(param: QueryParam) -> dict[str, Any]:
    if param.type == "array":
        items: dict[str, Any] = {"type": "string"}
        if param.enum:
            # The binding splits every value of an array parameter at commas and drops empty parts (``?expand=
            # identifiers,division`` is two values, ``?expand=`` none), so one value is a comma-joined list.
            items["pattern"] = _comma_joined(param.enum)
            items["description"] = "one of " + ", ".join(param.enum) + "; several may be comma-joined"
        if param.pattern is not None:
            items["pattern"] = param.pattern
        array: dict[str, Any] = {"type": "array", "items": items}
        if param.min_items is not None:
            array["minItems"] = param.min_items
        return array
    schema: dict[str, Any] = {"type": param.type}
    if param.enum:
        schema["enum"] = list(param.enum)
    if param.pattern is not None:
        schema["pattern"] = param.pattern
    if param.minimum is not None:
        schema["minimum"] = param.minimum
    if param.maximum is not None and not param.clamp:
        schema["maximum"] = param.maximum
    if param.default is not None:
        schema["default"] = param.default
    return schema


def _parameters(op: Operation) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in op.path_params
    ]
    for param in op.query:
        entry: dict[str, Any] = {
            "name": param.name,
            "in": "query",
            "required": param.required,
            "schema": _query_schema(param),
        }
        if param.type == "array":
            entry.update(style="form", explode=True)
        description = param.description
        if param.clamp and param.maximum is not None:
            description = (
                description + "; " if description else ""
            ) + f"values above {param.maximum} are honoured as {param.maximum}"
        if description:
            entry["description"] = description
        params.append(entry)
    return params


def _link(link: Link) -> dict[str, Any]:
    document: dict[str, Any] = {"operationId": link.operation_id, "parameters": dict(link.parameters)}
    if link.request_body is not None:
        document["requestBody"] = dict(link.request_body)
    if link.description:
        document["description"] = link.description
    return document


def _operation(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    success: dict[str, Any] = {"description": _STATUS_TEXT.get(op.success_status, "Success")}
    if op.response_model is not None:
        answer = _ref(op.response_model)
        success["content"] = _json_content({"type": "array", "items": answer} if op.response_is_array else answer)
    elif op.vendor_response is not None:  # a generic row: the vendor's own answer schema
        success["content"] = _json_content(vendor_json_schema(dict(op.vendor_response), _REF))
    if op.links:
        success["links"] = {link.operation_id: _link(link) for link in op.links}
    responses[str(op.success_status)] = success
    for status in op.other_success:
        responses[str(status)] = {key: value for key, value in success.items() if key != "links"}
        responses[str(status)]["description"] = _STATUS_TEXT.get(status, "Success")
    for status in op.error_statuses:
        responses[str(status)] = {
            "description": _STATUS_TEXT.get(status, "Error"),
            "content": _json_content(_ref(ErrorBody)),
        }
    document: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": _parameters(op),
        "responses": responses,
        "security": [] if op.anonymous else [{"bearer": []}],
        "x-inin-requires-permissions": {"type": op.permission_mode, "permissions": list(op.permissions)},
        "x-facts-source": op.source,
    }
    if op.description:
        document["description"] = op.description
    if op.deprecated:
        document["deprecated"] = True
    if op.generic:
        document["x-mock-emulation"] = "generic"  # state from the path's shape (mockserver/generic), no deep rules
    if op.user_context:
        document["x-requires-user-context"] = True
    if op.request_model is not None:
        schema: dict[str, Any] = _input_ref(op.request_model)
        if op.request_is_array:
            schema = {"type": "array", "items": schema}
        if op.request_max_items is not None:  # an array body, or a model that is an array (ContactIdList)
            schema["maxItems"] = op.request_max_items
        document["requestBody"] = {"required": not op.request_optional, "content": _json_content(schema)}
    if op.vendor_request is not None:  # a generic row: the vendor's body as the mock parses it (closed)
        schema = vendor_json_schema(dict(op.vendor_request), _VENDOR_INPUT_REF)
        document["requestBody"] = {"required": not op.request_optional, "content": _json_content(schema)}
    if op.multipart is not None:
        document["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": op.multipart}}}
    return document


def _token_operation() -> dict[str, Any]:
    """``POST /oauth/token`` on the login host (served on the same port by the mock; facts §1)."""
    login_error = _json_content(_ref(LoginError))
    return {
        "operationId": "postOauthToken",
        "summary": "Get an access token (client credentials, or password on the mock).",
        "tags": ["OAuth"],
        "security": [{"basic": []}, {}],
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["client_credentials", "password"]},
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                            "username": {"type": "string"},
                            "password": {"type": "string"},
                        },
                        "required": ["grant_type"],
                        # The password grant needs both (400 invalid_request otherwise).
                        "if": {"properties": {"grant_type": {"const": "password"}}, "required": ["grant_type"]},
                        "then": {
                            "required": ["username", "password"],
                            "properties": {"username": {"minLength": 1}, "password": {"minLength": 1}},
                        },
                    }
                }
            },
        },
        "responses": {
            "200": {"description": "Token issued", "content": _json_content(_ref(TokenResponse))},
            "400": {"description": "Bad request", "content": login_error},
            "401": {"description": "Client authentication failed", "content": login_error},
        },
    }


def _models() -> list[type[BaseModel]]:
    models: list[type[BaseModel]] = [ErrorBody, LoginError, TokenResponse]
    for op in OPERATIONS:
        for model in (op.request_model, op.response_model):
            if model is not None and model not in models:
                models.append(model)
    return models


def _add_vendor_models(schemas: dict[str, Any]) -> None:
    """Every vendor model a generic row's answer reaches, rendered as the vendor view unless the contract already
    has the model (its view merges the vendor's properties); and the closed input view (``-VendorInput``) of every
    model a generic row's body reaches."""
    pending = [
        ref for op in all_operations() if op.vendor_response is not None for ref in _vendor_refs(op.vendor_response)
    ]
    while pending:
        name = pending.pop()
        if name in schemas or name not in vendor_models():
            continue
        schemas[name] = vendor_model_schema(name, _REF)
        pending += [ref_name(ref) for ref in _refs_of(schemas[name])]
    pending = [
        ref for op in all_operations() if op.vendor_request is not None for ref in _vendor_refs(op.vendor_request)
    ]
    while pending:
        name = pending.pop()
        if name + VENDOR_INPUT_SUFFIX in schemas or name not in vendor_models():
            continue
        schemas[name + VENDOR_INPUT_SUFFIX] = vendor_input_schema(name, _VENDOR_INPUT_REF)
        pending += [ref_name(ref)[: -len(VENDOR_INPUT_SUFFIX)] for ref in _refs_of(schemas[name + VENDOR_INPUT_SUFFIX])]


def _vendor_refs(schema: Any) -> list[str]:
    """Model names in a derived vendor schema (``{"ref": "Name"}``)."""
    if isinstance(schema, dict):
        found = [schema["ref"]] if isinstance(schema.get("ref"), str) else []
        return found + [ref for value in schema.values() for ref in _vendor_refs(value)]
    return []


def _refs_of(schema: Any) -> list[str]:
    """``$ref`` targets in a JSON Schema."""
    if isinstance(schema, dict):
        found = [schema["$ref"]] if isinstance(schema.get("$ref"), str) else []
        return found + [ref for value in schema.values() for ref in _refs_of(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in _refs_of(value)]
    return []


def build_document() -> dict[str, Any]:
    """The whole OpenAPI document, deterministic for a given contract."""
    _, generated = models_json_schema([(m, "validation") for m in _models()], ref_template=_REF)
    contract = generated.get("$defs", {})
    request_models = {op.request_model.__name__ for op in OPERATIONS if op.request_model is not None}
    schemas = {**vendor_schemas(contract, _REF), **input_schemas(contract, request_models, _REF)}
    _add_vendor_models(schemas)
    paths: dict[str, dict[str, Any]] = {"/oauth/token": {"post": _token_operation()}}
    for op in all_operations():
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Genesys Cloud Platform API (emulated subset)",
            "version": CONTRACT_VERSION,
            "description": "Outbound contact lists and contacts, call conversations and external contacts, as "
            "served by genesys-cloud-mock and by a real Genesys Cloud org. Generated from contracts/.",
        },
        "servers": [
            {"url": "http://127.0.0.1:8080", "description": "genesys-mock serve"},
            {
                "url": "https://api.{region}",
                "description": "a real org",
                "variables": {"region": {"default": "mypurecloud.com"}},
            },
        ],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "an access token of the oauth scheme's flows",
                },
                "basic": {"type": "http", "scheme": "basic"},
                # Where bearer tokens come from (the login host's /oauth/token on a real org; facts §1).
                "oauth": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {}},
                        "password": {"tokenUrl": "/oauth/token", "scopes": {}},
                    },
                },
            },
        },
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def load_document() -> dict[str, Any]:
    """The committed document, parsed (conformance checks, tests)."""
    return json.loads(document_bytes())


@lru_cache(maxsize=1)
def document_bytes() -> bytes:
    """The committed document as served at ``/__mock/openapi.json``: kept as bytes, the server never parses it."""
    return DOCUMENT_PATH.read_bytes()


if __name__ == "__main__":
    DOCUMENT_PATH.write_text(render(build_document()), encoding="utf-8")
    print(f"wrote {DOCUMENT_PATH}")
