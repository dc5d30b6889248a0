"""What the admin routes share: the request's tenant, JSON bodies bound to small models, and query parsing.

Admin bodies are not in the operations table, so they do not go through ``core.binding``; they get the same
answers though (415, 400 ``bad.request``, and the binding's one mapping of a pydantic error: 400
``invalid.value``/``invalid.property`` naming the field).
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from mockserver.core.binding import validation_error
from mockserver.core.context import tenant
from mockserver.core.errors import ApiError
from mockserver.core.jsontext import MAX_BODY_DEPTH, load_json_text
from mockserver.core.tenants import Tenant

M = TypeVar("M", bound=BaseModel)

__all__ = ["Tenant", "tenant", "json_body", "parse_json", "int_arg"]


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
        raise validation_error(exc, model, catalogue=False) from None


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
