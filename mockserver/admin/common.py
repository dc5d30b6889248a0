"""What the admin routes share: the request's tenant, JSON bodies bound to small models, and query parsing.

Admin bodies are not in the operations table, so they do not go through ``core.binding``; they get the same
answers though (415, 400 ``bad.request``, 400 ``invalid.value``/``invalid.property`` naming the field).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from mockserver.core.context import tenant
from mockserver.core.errors import ApiError, field_detail
from mockserver.core.jsontext import MAX_BODY_DEPTH, load_json_text
from mockserver.core.tenants import Tenant

M = TypeVar("M", bound=BaseModel)

__all__ = ["Tenant", "tenant", "json_body", "parse_json", "int_arg"]


def _field(loc: tuple[Any, ...]) -> str:
    # Union members show up in the location as tags such as "constrained-int": they are not fields.
    return ".".join(str(part) for part in loc if isinstance(part, int) or "-" not in str(part) and "[" not in str(part))


def json_body(max_depth: int = MAX_BODY_DEPTH) -> Any:
    """The body as plain JSON data (an empty body is None): 415 unless it is JSON, 400 ``bad.request`` if unreadable
    or nested deeper than ``max_depth``."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported.media.type")
    try:
        return load_json_text(request.get_data(cache=False) or b"null", max_depth)
    except ValueError:
        raise ApiError(400, "bad.request") from None


def parse_json(model: type[M], *, optional: bool = False) -> M:
    """The body as ``model``; an empty body is ``{}`` when ``optional``."""
    raw = request.get_data(cache=False)
    if optional and not raw.strip():
        raw = b"{}"
    elif request.mimetype != "application/json":
        raise ApiError(415, "unsupported.media.type")
    try:
        load_json_text(raw, MAX_BODY_DEPTH)
    except ValueError:
        raise ApiError(400, "bad.request") from None
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        name = _field(tuple(first["loc"])) or "body"
        details = [
            field_detail(
                _field(tuple(e["loc"])) or "body",
                "invalid.property" if e["type"] == "extra_forbidden" else "invalid.value",
            )
            for e in errors
        ]
        if first["type"] == "extra_forbidden":
            raise ApiError(
                400, "invalid.property", params={"value": name, "object": model.__name__}, details=details
            ) from None
        value = first.get("input")
        shown = value if isinstance(value, str) else json.dumps(value, default=str)
        raise ApiError(
            400,
            "invalid.value",
            params={"value": shown[:200], "fieldType": name, "allowed": first["msg"]},
            details=details,
        ) from None


def int_arg(name: str, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """An optional integer query parameter, or the 400 the API gives for a bad one."""
    value = request.args.get(name)
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        allowed = f"an integer from {minimum if minimum is not None else '-inf'} to {maximum or 'any'}"
        raise ApiError(400, "invalid.query.param.value", params={"value": value, "parameter": name, "allowed": allowed})
    return number
