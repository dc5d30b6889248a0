"""Request validation of generic rows: pydantic models generated from the vendor's models, on first use.

A generic row's body is parsed by the one body parser (``binding.parse_body``: 415, malformed JSON, depth limit,
JSON null for an optional body) into a model built here with ``pydantic.create_model``, so its errors go through
the one mapping (``binding.validation_error``): an unknown property is 400 ``invalid.property`` naming it and its
owner model, a wrong type or enum ``invalid.value``, a missing required field ``constraint.validation``.

How a vendor model becomes a request model:

* closed (``extra="forbid"``), fields by their JSON names (aliases: a JSON name may be no Python identifier);
* ``required`` is the vendor's, except ``id`` and read-only fields, which the server sets;
* read-only fields are accepted with any value and dropped (:func:`body_document`), as the deep routes ignore
  ``dateCreated`` and the like in a request;
* an optional field is no nullable one: the document declares no ``null`` (the real API omits an absent property),
  so an explicit JSON ``null`` is 400 ``invalid.value`` naming the field, as for a deep row's required field;
* ``date-time`` is an RFC 3339 date-time and ``date`` a full date, as the document's formats say (JSON Schema's
  formats), so ``2024-01-01T12:99:00Z`` or ``"7"`` is 400 ``invalid.date`` (CORE-INVALID-DATE, as the deep
  conversations routes answer); the string is kept as sent. ``uri``
  (``uri-reference`` in the document) stays a plain string: nearly every string is a URI reference.

Models are built per vendor model name, once per process (``lru_cache``), with forward references resolved
among the closure of the models the root reaches (recursive vendor models, e.g. a Conversation's participants).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, create_model
from pydantic_core import PydanticCustomError

from contracts.operations import Operation
from contracts.vendor import vendor_models
from mockserver.core import rules
from mockserver.core.errors import INVALID_DATE

_CONFIG = ConfigDict(extra="forbid", populate_by_name=False)
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _date_time(value: str) -> str:
    """An RFC 3339 date-time (JSON Schema's ``date-time``: a real calendar day and time with its offset)."""
    match = _DATE_TIME.fullmatch(value)
    offset = match.group(6) if match else "Z"
    valid = (
        match is not None
        and int(match.group(4)) <= 60
        and (len(offset) == 1 or (int(offset[1:3]) <= 23 and int(offset[4:6]) <= 59))
    )
    if valid:
        try:  # a leap second (":60") is a valid RFC 3339 time; the rest must be a real day and time
            datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}:{match.group(3)}:00")  # type: ignore[union-attr]
        except ValueError:
            valid = False
    if not valid:
        _reject_date("an RFC 3339 date-time, e.g. 2024-01-01T12:00:00.000Z")
    return value


def _date(value: str) -> str:
    """A full date (JSON Schema's ``date``): ``2024-01-31``."""
    try:
        valid = _DATE.fullmatch(value) is not None and bool(date.fromisoformat(value))
    except ValueError:
        valid = False
    if not valid:
        _reject_date("a full date, e.g. 2024-01-31")
    return value


def _reject_date(expected: str) -> None:
    """CORE-INVALID-DATE, when in force (switched off, the string is kept as sent)."""
    if rules.active("CORE-INVALID-DATE"):
        raise PydanticCustomError(INVALID_DATE, "not {expected}", {"expected": expected})


_FORMATS = {"date-time": Annotated[str, AfterValidator(_date_time)], "date": Annotated[str, AfterValidator(_date)]}


def _annotation(schema: dict[str, Any]) -> Any:
    """The Python type of one derived vendor schema; a model reference stays a forward reference by name."""
    if "ref" in schema:
        return schema["ref"] if schema["ref"] in vendor_models() else dict[str, Any]
    kind = schema.get("type")
    if "enum" in schema and kind == "string":
        return Literal[tuple(schema["enum"])]
    if kind == "string":
        return _FORMATS.get(schema.get("format", ""), str)
    if kind == "integer":
        return int
    if kind == "number":
        return float
    if kind == "boolean":
        return bool
    if kind == "array":
        return list[_annotation(schema.get("items", {}))]  # type: ignore[misc]
    if kind == "object":
        extra = schema.get("additionalProperties")
        return dict[str, _annotation(extra) if isinstance(extra, dict) else Any]  # type: ignore[misc]
    return Any


def _closure(root: str) -> list[str]:
    """The vendor models ``root`` reaches through its properties (itself first)."""
    seen: list[str] = []
    pending = [root]
    while pending:
        name = pending.pop()
        if name in seen or name not in vendor_models():
            continue
        seen.append(name)
        pending.extend(_refs(vendor_models()[name]))
    return seen


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["ref"]] if isinstance(value.get("ref"), str) else []
        return found + [ref for item in value.values() for ref in _refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _refs(item)]
    return []


def _create(name: str) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for index, (json_name, entry) in enumerate(vendor_models()[name]["properties"].items()):
        if entry.get("readOnly"):
            annotation: Any = Any  # accepted and ignored (body_document drops it)
        else:
            annotation = _annotation(entry["schema"])
        required = bool(entry.get("required")) and not entry.get("readOnly") and json_name != "id"
        # not Optional: absent is fine (the default is not validated), an explicit null is not
        fields[f"f{index}"] = (annotation, Field(... if required else None, alias=json_name))
    return create_model(name, __config__=_CONFIG, **fields)


@lru_cache(maxsize=None)
def vendor_model(name: str) -> type[BaseModel]:
    """The request model of vendor model ``name``, with every model it reaches (built once, then cached)."""
    namespace: dict[str, Any] = {}
    for member in _closure(name):
        cached = _built.get(member)
        namespace[member] = cached if cached is not None else _create(member)
    for member, model in namespace.items():
        if member not in _built:
            model.model_rebuild(_types_namespace=namespace)
            _built[member] = model
    return _built[name]


_built: dict[str, type[BaseModel]] = {}


@lru_cache(maxsize=None)
def _root_model(schema_text: str) -> type[BaseModel]:
    """A body that is no vendor model (an array of strings, a string, any JSON): a ``RootModel``."""
    import json

    schema = json.loads(schema_text)
    annotation = _annotation(schema)
    if isinstance(annotation, str):
        annotation = vendor_model(annotation)
    elif schema.get("type") == "array" and "ref" in schema.get("items", {}):
        annotation = list[vendor_model(schema["items"]["ref"])]  # type: ignore[misc]
    # The root type is built at run time from the vendor schema, which mypy cannot see as a type.
    return create_model("Body", __base__=RootModel[annotation])  # type: ignore[valid-type]


def vendor_request_model(operation: Operation) -> type[BaseModel] | None:
    """The model ``parse_body`` validates a generic row's body with (each item's, for an array of models)."""
    schema = operation.vendor_request
    if schema is None:
        return None
    if "ref" in schema and schema["ref"] in vendor_models():
        return vendor_model(schema["ref"])
    if operation.request_is_array:
        return vendor_model(schema["items"]["ref"])
    import json

    return _root_model(json.dumps(schema, sort_keys=True))


def body_document(body: Any) -> Any:
    """A parsed body as JSON data: what the caller set, by JSON name, read-only fields and nulls left out."""
    if isinstance(body, list):
        return [body_document(item) for item in body]
    if isinstance(body, RootModel):
        return body_document(body.root)
    if isinstance(body, BaseModel):
        read_only = _read_only(type(body).__name__)
        data = {}
        for field_name in body.model_fields_set:
            info = type(body).model_fields[field_name]
            key = info.alias or field_name
            value = getattr(body, field_name)
            if key in read_only or value is None:
                continue
            data[key] = body_document(value)
        return data
    if isinstance(body, dict):
        return {key: body_document(value) for key, value in body.items() if value is not None}
    return body


@lru_cache(maxsize=None)
def _read_only(name: str) -> frozenset[str]:
    model = vendor_models().get(name, {"properties": {}})
    return frozenset(key for key, entry in model["properties"].items() if entry.get("readOnly"))
