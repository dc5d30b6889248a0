"""Binds area handlers to rows of the operations table.

A handler only sees parsed input: path parameters, a ``Query`` of typed values with the table's defaults, and the
body parsed into the contract's request model. Everything between the wire and the handler — 415, malformed JSON,
unknown properties, wrong types, query parameter checks — is decided here, once, the same way for every route.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Callable

from flask import Blueprint, Response, current_app, request
from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError
from pydantic_core import to_json

from contracts.generic import operation_by_id
from contracts.operations import Operation, QueryParam
from mockserver.core import hints, rules
from mockserver.core.errors import INVALID_DATE, ApiError, field_detail
from mockserver.core.jsontext import MAX_BODY_DEPTH, load_json_text

Handler = Callable[..., Any]
Precheck = Callable[[Any], None]
"""Looks at the raw JSON before the model does, for rules that must win over schema errors (seed 001)."""

rules.register(
    rules.Rule(
        id="CORE-UNKNOWN-PROPERTY",
        area="core",
        summary="a JSON property the resource does not define",
        source="facts §2.2 (invalid.property), §11 (a)(b)(d)",
        real_org="400 invalid.property (conf M); the real org may ignore some unknown properties",
        status=400,
        code="invalid.property",
    ),
    rules.Rule(
        id="CORE-STRICT-TYPES",
        area="core",
        summary='a JSON value of the wrong type, e.g. "5" for an integer or 5 for a string',
        source="facts §2.2 (invalid.value)",
        real_org='Jackson coerces scalars ("5" -> 5) before validating',
        status=400,
        code="invalid.value",
        profiles=frozenset({"strict"}),
    ),
    rules.Rule(
        id="CORE-INVALID-DATE",
        area="core",
        summary="a body date-time that is not an RFC 3339 date-time (or a date field that is not a full date), "
        'e.g. "tomorrow at 9" or 2024-01-01T12:99:00Z',
        source="facts §2.2 (invalid.date), §0.2 (dates); the vendor document's date-time/date formats",
        real_org="same (conf H for the code)",
        status=400,
        code="invalid.date",
        message="Dates must be specified as ISO-8601 strings. For example: yyyy-MM-ddTHH:mm:ss.SSSZ",
    ),
)


Locate = Callable[[tuple[Any, ...]], tuple[Any, ...]]
"""Turns pydantic's location of an error into the one reported (see :func:`validation_error`)."""


def _field_path(loc: tuple[Any, ...]) -> str:
    """``a.b[2].c`` for ``("a", "b", 2, "c")``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _without_tags(error: Any) -> tuple[Any, ...]:
    """The error's location without pydantic's union member tags (``constrained-int``, ``function-after[...]``):
    they are no fields. An unknown property's own name is kept whatever it holds (the caller chose it)."""
    loc = tuple(error["loc"])
    last = loc[-1:] if error["type"] == "extra_forbidden" else ()
    kept = tuple(part for part in loc[: len(loc) - len(last)] if isinstance(part, int) or not _is_tag(part))
    return kept + last


def _is_tag(part: str) -> bool:
    return "-" in part or "[" in part


def validation_error(
    exc: ValidationError, model: type[BaseModel], locate: Locate | None = None, *, catalogue: bool = True
) -> ApiError:
    """The one mapping of a pydantic error to the Genesys answer: the first error decides the code (an unknown
    property first, as Jackson rejects it before bean validation runs), ``details`` lists every problem.

    ``locate`` turns pydantic's location into the reported one: ``(3, *loc)`` for the fourth item of an array
    body, ``("changes[0].value", ...)`` for a patch's value. ``catalogue=False`` is for the mock's own admin bodies:
    no catalogue rule is named (the catalogue describes the Genesys API) and a missing property is an
    ``invalid.value`` like any other bad admin value; their models use unions (a fault's ``latencyMs``), whose
    member tags pydantic puts in the location, so those are left out of the field names.
    """
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    if not catalogue:
        for err in errors:
            err["loc"] = _without_tags(err)
    where = locate or (lambda loc: loc)
    codes = {"extra_forbidden": "invalid.property", INVALID_DATE: "invalid.date"}
    if catalogue:
        codes["missing"] = "constraint.validation"
    details = [
        field_detail(_field_path(where(err["loc"])) or "body", codes.get(err["type"], "invalid.value"))
        for err in errors
    ]
    first = errors[0]
    path = _field_path(where(first["loc"]))
    name = str(first["loc"][-1]) if first["loc"] else model.__name__
    if first["type"] == "extra_forbidden":
        owner = _owner_name(model, first["loc"][:-1])
        siblings = [
            str(e["loc"][-1]) for e in errors if e["type"] == "extra_forbidden" and e["loc"][:-1] == first["loc"][:-1]
        ]
        return ApiError(
            400,
            "invalid.property",
            params={"value": name, "object": owner},
            details=details,
            rule="CORE-UNKNOWN-PROPERTY" if catalogue else None,
            hint=hints.for_properties(owner, siblings),
        )
    if first["type"] == INVALID_DATE:
        rule = rules.CATALOGUE["CORE-INVALID-DATE"]
        return ApiError(
            rule.status,
            rule.code,
            rule.message,
            details=details,
            rule=rule.id if catalogue else None,
            hint=f"{path or name} must be {first['ctx']['expected']}, not {first.get('input')!r}",
        )
    if first["type"] == "missing" and catalogue:
        return ApiError(400, "constraint.validation", params={"message": f"{path} may not be null"}, details=details)
    allowed = first.get("ctx", {}).get("expected", "")
    value = first.get("input")
    shown = json.dumps(value, default=str) if not isinstance(value, str) else value
    return ApiError(
        400,
        "invalid.value",
        params={"value": shown[:200], "fieldType": path or model.__name__, "allowed": allowed or first["msg"]},
        details=details,
        rule="CORE-STRICT-TYPES" if catalogue and _is_type_error(first["type"]) else None,
    )


def _is_type_error(error_type: str) -> bool:
    return error_type.endswith("_type") and error_type not in ("model_type", "list_type", "dict_type")


def _owner_name(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """Name of the model that owns the location, e.g. ``ContactPhoneNumberColumn`` for ``phoneColumns[0]``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", {})
        info = next((f for n, f in fields.items() if (f.alias or n) == part or n == part), None)
        current = _inner_model(info.annotation) if info else None
    return getattr(current, "__name__", model.__name__)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def parse_body(operation: Operation, precheck: Precheck | None = None) -> Any:
    """The request body as the operation's model (or list of models), or the real API's 4xx.

    A generic row's model is built from the vendor's schema on its first use (mockserver/generic/validation.py).
    """
    model = request_model_of(operation)
    assert model is not None
    if operation.request_optional and not request.content_length and not request.mimetype:
        return None
    mimetype = request.mimetype
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise ApiError(415, "unsupported.media.type")
    raw = request.get_data(cache=False)  # Werkzeug raises 413 here for chunked bodies over the limit
    if operation.request_optional and not raw.strip():
        return None
    try:
        data = load_json_text(raw, MAX_BODY_DEPTH)
    except ValueError:  # malformed, not UTF-8, NaN, or nested deeper than MAX_BODY_DEPTH
        raise ApiError(400, "bad.request") from None
    if data is None and operation.request_optional:
        return None  # the official SDK sends an absent optional body as JSON null
    if precheck is not None:
        precheck(data)
    strict = rules.active("CORE-STRICT-TYPES")
    if issubclass(model, RootModel):
        return _validate(model, data, strict)
    if operation.request_is_array:
        if not isinstance(data, list):
            raise ApiError(400, "bad.request")
        try:  # the common case, a valid batch, in one call: 1000 contacts are one pass over the bytes
            return _list_adapter(model).validate_json(raw, strict=strict)
        except ValidationError:  # item by item, for the first item's error and the lenient retries
            return [_validate(model, item, strict, (index,)) for index, item in enumerate(data)]
    if not isinstance(data, dict):
        raise ApiError(400, "bad.request")
    try:  # the bytes as received: no second encoding of the parsed body for a valid request
        return model.model_validate_json(raw, strict=strict)
    except ValidationError:
        return _validate(model, data, strict)


def request_model_of(operation: Operation) -> type[BaseModel] | None:
    """The model a body is parsed into: the deep row's, or the one built from a generic row's vendor schema."""
    if operation.request_model is not None or operation.vendor_request is None:
        return operation.request_model
    from mockserver.generic.validation import vendor_request_model  # lazy: validators only on first use

    return vendor_request_model(operation)


@functools.cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    """Built once per model: a ``TypeAdapter`` compiles a validator, far too costly per request."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _validate(model: type[BaseModel], data: Any, strict: bool, prefix: tuple[Any, ...] = ()) -> BaseModel:
    if not isinstance(data, dict) and not issubclass(model, RootModel):
        raise ApiError(400, "bad.request")
    try:
        # JSON mode keeps ISO dates and enum strings acceptable while strict refuses "5" for an integer.
        return model.model_validate_json(json.dumps(data), strict=strict)
    except ValidationError as exc:
        integral = [e["loc"] for e in exc.errors() if _is_integral_float(e)]
        if integral:
            return _validate(model, _as_integers(data, integral), strict, prefix)
        error = validation_error(exc, model, lambda loc: prefix + loc)
        if error.rule == "CORE-UNKNOWN-PROPERTY" and not rules.active("CORE-UNKNOWN-PROPERTY"):
            unknown = [e["loc"] for e in exc.errors() if e["type"] == "extra_forbidden"]
            return _validate(model, _without(data, unknown), strict, prefix)
        raise error from None


def _is_integral_float(error: Any) -> bool:
    """``1.0`` refused for an integer field (strict mode only): JSON Schema's ``integer`` includes it and Jackson
    reads it as 1, so it is no wrong type, whatever the profile."""
    value = error.get("input")
    return error["type"] == "int_type" and isinstance(value, float) and value.is_integer()


def _as_integers(data: Any, locations: list[tuple[Any, ...]]) -> Any:
    """A copy of ``data`` with the integral floats at ``locations`` turned into ints."""
    return _edit_at(data, locations, lambda node, key: node.__setitem__(key, int(node[key])))


def _without(data: Any, locations: list[tuple[Any, ...]]) -> Any:
    """A copy of ``data`` without the properties at ``locations`` (nested too), for when the unknown-property
    rule is switched off and such properties are ignored, as Jackson does when told to."""
    return _edit_at(data, locations, lambda node, key: node.pop(key, None))


def _edit_at(data: Any, locations: list[tuple[Any, ...]], edit: Callable[[Any, Any], Any]) -> Any:
    """A deep copy of ``data`` with ``edit(parent, key)`` applied at each pydantic error location."""
    data = json.loads(json.dumps(data))
    for loc in locations:
        node = data
        for part in loc[:-1]:
            node = node[part]
        edit(node, loc[-1])
    return data


class Query(dict):
    """Typed query parameters with the table's defaults filled in; ``given`` holds what the caller sent.

    ``undeclared`` holds the raw values of parameters the row does not declare: most routes ignore them, as the
    real API does, but a route whose vendor documents open-ended filters (any ContactList field) reads them.
    """

    given: dict[str, Any]
    undeclared: dict[str, list[str]]


def _parse_param(param: QueryParam, values: list[str]) -> Any:
    def bad(value: str, allowed: str) -> ApiError:
        return ApiError(
            400, "invalid.query.param.value", params={"value": value, "parameter": param.name, "allowed": allowed}
        )

    if param.type == "array":
        parts = [part for value in values for part in value.split(",") if part]
        if param.enum is not None and param.rule is None:  # each item, as the document's item pattern says
            for part in parts:
                if part not in param.enum:
                    raise bad(part, ", ".join(param.enum))
        return parts
    value = values[-1]
    if param.type == "boolean":
        if value.lower() not in ("true", "false"):
            raise bad(value, "true, false")
        return value.lower() == "true"
    if param.type == "integer":
        try:
            number = int(value)
        except ValueError:
            raise bad(value, "an integer") from None
        if param.minimum is not None and number < param.minimum:
            raise bad(value, f"integers >= {param.minimum}")
        if param.maximum is not None and number > param.maximum:
            if not param.clamp:
                raise bad(value, f"integers <= {param.maximum}")
            number = param.maximum
        return number
    if param.enum is not None and value not in param.enum and param.rule is None:
        raise bad(value, ", ".join(param.enum))
    return value


def parse_query(operation: Operation) -> Query:
    query = Query()
    query.given = {}
    declared = {param.name for param in operation.query}
    query.undeclared = {name: request.args.getlist(name) for name in request.args if name not in declared}
    for param in operation.query:
        values = request.args.getlist(param.name)
        if values:
            query[param.name] = query.given[param.name] = _parse_param(param, values)
        elif param.required and param.rule is None:  # a named rule answers a missing value in its own words
            raise ApiError(
                400,
                "invalid.query.param.value",
                params={"value": "", "parameter": param.name, "allowed": "a value (required)"},
            )
        else:
            query[param.name] = param.default
    return query


def respond(operation: Operation, result: Any, status: int | None = None) -> Response:
    """Serialise a handler's result with the operation's success status, or ``status`` when the handler chose
    another one the row declares (``other_success``, e.g. 202 for a secure pause).

    Models are written by pydantic straight to JSON bytes (no intermediate dict, no second encoder): on a small
    response that halves the cost of this step, on a page of contacts it is most of the response time.
    """
    if status is None:
        status = operation.success_status
    elif status not in (operation.success_status, *operation.other_success):
        raise RuntimeError(f"{operation.operation_id} does not declare success status {status}")
    if result is None:
        # The real API answers these with no body; an empty body must not claim to be HTML.
        response = Response(status=status)
        del response.headers["Content-Type"]
        return response
    body = _json_bytes(result)
    if current_app.config.get("MOCK_VALIDATE_RESPONSES") and (
        operation.response_model is not None or operation.vendor_response is not None
    ):
        # Tests turn this on: the mock must return exactly what the contract promises, both its own model and the
        # served document's response schema (the vendor's model: its required fields, enums and formats).
        payload = json.loads(body)
        _check_against_document(operation, payload)
        for item in payload if operation.response_is_array else [payload]:
            if operation.response_model is not None:
                operation.response_model.model_validate_json(json.dumps(item))
    return Response(body, status=status, mimetype="application/json")


@functools.lru_cache(maxsize=1)
def _conformance() -> Any:
    from mockserver.drift.conformance import Conformance  # only when responses are validated (tests)

    return Conformance()


def _check_against_document(operation: Operation, payload: Any) -> None:
    verdict = _conformance().check(
        operation.method, request.path, operation.success_status, "application/json", payload
    )
    if verdict not in ("ok", "n/a"):
        raise AssertionError(f"{operation.operation_id} answered what the served document does not allow: {verdict}")


def _json_bytes(result: Any) -> bytes:
    """A model, a list of models or plain JSON-ready data as JSON bytes, by alias and without nulls."""
    if isinstance(result, BaseModel):
        return result.model_dump_json(by_alias=True, exclude_none=True).encode()
    if isinstance(result, list) and any(isinstance(item, BaseModel) for item in result):
        return b"[" + b",".join(_json_bytes(item) for item in result) + b"]"
    return to_json(result, inf_nan_mode="null")  # plain data keeps its nulls, as Flask's jsonify did


def bound_view(operation_id: str, handler: Handler, precheck: Precheck | None = None) -> Callable[..., Response]:
    """The view of a table row: parsed query and body in, the row's success answer out (see :func:`bind`)."""
    operation = operation_by_id(operation_id)
    if operation is None:
        raise KeyError(operation_id)

    def view(**path_params: str) -> Response:
        kwargs: dict[str, Any] = dict(path_params)
        if operation.query:
            kwargs["query"] = parse_query(operation)
        if operation.request_model is not None or operation.vendor_request is not None:
            kwargs["body"] = parse_body(operation, precheck)
        result = handler(**kwargs)
        if isinstance(result, Response):
            return result
        if isinstance(result, tuple):
            return respond(operation, *result)
        return respond(operation, result)

    return view


def bind(blueprint: Blueprint, operation_id: str, *, precheck: Precheck | None = None) -> Callable[[Handler], Handler]:
    """Register ``handler(body=..., query=..., **path_params)`` as the view of a table row.

    A handler may return a ``Response`` itself (a redirect, a file) instead of a model, or ``(model, status)``
    for a success status the row declares in ``other_success``.
    """

    def decorator(handler: Handler) -> Handler:
        operation = operation_by_id(operation_id)
        assert operation is not None
        blueprint.add_url_rule(
            operation.flask_rule,
            endpoint=operation_id,
            view_func=bound_view(operation_id, handler, precheck),
            methods=[operation.method],
            provide_automatic_options=False,
        )
        return handler

    return decorator
