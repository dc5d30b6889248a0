"""Answers of generic operations, valid against the vendor's response schema.

* :func:`entity` renders a stored document against a response model: the properties the model declares (with the
  same schema where the document came from another model), then every required property still missing.
* :func:`minimal` is the smallest valid value of a schema: required properties only, deterministic values (ids
  derived from the request path with uuid5, timestamps from the mock's clock, the first enum value). Never random.
"""

from __future__ import annotations

import uuid
from typing import Any, Mapping
from urllib.parse import quote

from flask import request

from mockserver.core.context import clock
from mockserver.generic.validation import vendor_models

_MAX_DEPTH = 6
_NAMESPACE = uuid.UUID("5b0f3c8e-8f4b-4c4e-9a40-6e6f6e676d6b")


def derived_id(*parts: str) -> str:
    """A stable id for what has none stored (same request path, same id)."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def encoded_path(path: str) -> str:
    """``path`` as a URI path (a ``selfUri``, a page link): each segment, so each path value, percent-encoded with
    ``quote(segment, safe="")``. A path value may hold any character but ``/`` (the server decodes ``%2F`` before
    routing), and a raw space or ``%`` would make the answer's URI no ``uri-reference``."""
    return "/".join(quote(segment, safe="") for segment in path.split("/"))


def now_text() -> str:
    return clock().now().isoformat(timespec="milliseconds").replace("+00:00", "Z")


def model_name(schema: Mapping[str, Any] | None) -> str | None:
    if schema and isinstance(schema.get("ref"), str) and schema["ref"] in vendor_models():
        return str(schema["ref"])
    return None


def properties(name: str | None) -> dict[str, Any]:
    return vendor_models()[name]["properties"] if name else {}


def minimal(schema: Mapping[str, Any], key: str = "", depth: int = 0) -> Any:
    """The smallest value valid against a derived vendor schema (see the module docstring)."""
    name = model_name(schema)
    if name is not None:
        if depth >= _MAX_DEPTH:
            return {}
        return {
            prop: minimal(entry["schema"], prop, depth + 1)
            for prop, entry in properties(name).items()
            if entry.get("required")
        }
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return now_text()
        if fmt == "date":
            return now_text()[:10]
        if fmt in ("uri", "uri-reference"):
            return encoded_path(request.path)
        return derived_id(request.path, key) if key == "id" or key.endswith("Id") else ""
    if kind in ("integer", "number"):
        return 0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    return {}


def entity(name: str | None, doc: Mapping[str, Any], source: str | None = None, depth: int = 0) -> Any:
    """``doc`` as an answer of model ``name`` (a document stored from model ``source``; None: the same model):
    the properties ``name`` declares but write-only ones, each made valid against its schema, then its missing
    required ones."""
    if name is None:
        return dict(doc)
    declared = properties(name)
    theirs = properties(source) if source and source != name else None
    out: dict[str, Any] = {}
    for prop, value in doc.items():
        entry = declared.get(prop)
        if entry is None or entry.get("writeOnly"):  # a write-only property (Conversation.state) is never read back
            continue
        if theirs is not None and prop in theirs and theirs[prop]["schema"] != entry["schema"]:
            continue  # same name, another shape: not this model's value
        out[prop] = conform(entry["schema"], value, prop, depth + 1)
    for prop, entry in declared.items():
        if entry.get("required") and prop not in out:
            out[prop] = minimal(entry["schema"], prop)  # its own depth: only a cycle of required models stops it
    return out


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def conform(schema: Mapping[str, Any], value: Any, key: str = "", depth: int = 0) -> Any:
    """``value`` made valid against ``schema``: nested models get their required properties (a request need not
    send an ``id`` its answer must have), a value of another type gives way to the smallest valid one.

    A stored value is as deep as the request it came from (the body parser's depth limit), so it is followed to
    the end: cutting it at a depth would answer ``{}`` for a nested model whose required fields were sent."""
    name = model_name(schema)
    if name is not None:
        if isinstance(value, dict):
            return entity(name, value, None, depth)
        return minimal(schema, key)
    kind = schema.get("type")
    if kind == "array" and isinstance(value, list):
        return [conform(schema.get("items", {}), item, key, depth + 1) for item in value]
    if kind == "object" and isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
        return {k: conform(schema["additionalProperties"], item, k, depth + 1) for k, item in value.items()}
    expected = _JSON_TYPES.get(kind or "")
    if expected is not None and (not isinstance(value, expected) or (kind != "boolean" and isinstance(value, bool))):
        return minimal(schema, key)
    if "enum" in schema and value not in schema["enum"]:
        return minimal(schema, key)
    return value


def server_fields(
    name: str | None, doc: dict[str, Any], member_id: str, self_uri: str, *, version: int | None, created: str | None
) -> dict[str, Any]:
    """``id``/``selfUri``/``version``/``dateCreated``/``dateModified`` set where the model has them."""
    declared = properties(name)
    stamp = now_text()
    doc["id"] = member_id
    if "selfUri" in declared:
        doc["selfUri"] = self_uri
    if "version" in declared and version is not None:
        doc["version"] = str(version) if declared["version"]["schema"].get("type") == "string" else version
    if "dateCreated" in declared:
        doc["dateCreated"] = created or stamp
    if "dateModified" in declared:
        doc["dateModified"] = stamp
    return doc


def listing_model(name: str | None) -> str | None:
    """The entity model of a listing model (``entities: [X]``)."""
    entities = properties(name).get("entities")
    if entities is None:
        return None
    return model_name(entities["schema"].get("items"))
