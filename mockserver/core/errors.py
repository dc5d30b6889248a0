"""Genesys-shaped errors: one exception type and the handlers that make every failure an ``ErrorBody``.

Nothing may leave the mock as an HTML error page (facts §2): Werkzeug's HTTP exceptions, validation failures and
unexpected exceptions all end up in :func:`error_response`.
"""

from __future__ import annotations

import logging
import string
from typing import Any, Mapping

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from mockserver.core.routing import allowed_methods
from mockserver.state.backend import StateConflict, StateUnavailable

log = logging.getLogger("mockserver")

INVALID_DATE = "invalid_date"
"""The pydantic error type of a date-time or date field that fails its format (CORE-INVALID-DATE)."""

# Literal server messages of the generic codes (facts §2.2). Placeholders use ``{name}`` as messageWithParams does.
MESSAGES: dict[str, str] = {
    "bad.request": "The request could not be understood by the server due to malformed syntax.",
    "invalid.value": "Value [{value}] is not valid for field type [{fieldType}]. Allowable values are: {allowed}",
    "invalid.property": "Value [{value}] is not a valid property for object [{object}]",
    "invalid.query.param.value": "Value [{value}] is not valid for parameter [{parameter}]. Allowable values are: {allowed}",
    "constraint.validation": "{message}",
    "not.a.user": "This request requires a user context. Client credentials cannot be used for requests to this resource.",
    "authentication.required": "No authentication bearer token specified in authorization header.",
    "bad.credentials": "Invalid login credentials.",
    "credentials.expired": "The supplied credentials are expired and cannot be used.",
    "missing.permissions": "Unable to perform the requested action. You are missing the following permission(s): {permissions}",
    "missing.any.permissions": "Unable to perform the requested action. You must have at least one of the following permissions assigned: {permissions}",
    "not.authorized": "You are not authorized to perform the requested action.",
    "not.found": "The requested resource was not found.",
    "method.not.allowed": "HTTP method [{method}] is not supported by this resource.",
    "request.entity.too.large": "The request is over the size limit. Maximum bytes: {maxBytes}",
    "unsupported.media.type": "Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.",
    "too.many.requests.retry.after": "Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds",
    "internal.server.error": "The server encountered an unexpected condition which prevented it from fulfilling the request.",
    "service.unavailable": "The service is currently unavailable.",
}


class ApiError(Exception):
    """An error the mock answers with an ``ErrorBody``.

    ``message_template`` uses ``{name}`` placeholders filled from ``params``; both forms are sent, as the real API
    does with ``message`` and ``messageWithParams``. ``rule`` names the catalogue rule that rejected the request
    and travels in the ``X-Mock-Rule`` header, never in the body.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message_template: str | None = None,
        params: Mapping[str, Any] | None = None,
        *,
        details: list[dict[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        rule: str | None = None,
        hint: str | None = None,
        entity_id: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.template = message_template if message_template is not None else MESSAGES.get(code, code)
        self.params = {k: str(v) for k, v in (params or {}).items()}
        self.details = details or []
        self.headers = dict(headers or {})
        self.rule = rule
        self.hint = hint
        self.entity_id = entity_id
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return string.Formatter().vformat(self.template, (), _KeepMissing(self.params))

    def body(self, correlation_id: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message": self.message,
            "code": self.code,
            "status": self.status,
            "messageWithParams": self.template,
            "messageParams": self.params,
            "contextId": correlation_id,
            "details": self.details,
            "errors": [],
        }
        if self.entity_id:
            body["entityId"] = self.entity_id
        return body


class _KeepMissing(dict):
    """Leave unknown placeholders as they are instead of failing to format."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def field_detail(field_name: str, error_code: str) -> dict[str, str]:
    """A ``Detail`` entry naming the offending JSON field."""
    return {"errorCode": error_code, "fieldName": field_name}


def not_found(
    entity_id: str | None = None,
    *,
    hint: str | None = None,
    message: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> ApiError:
    """The one 404 (``not.found``, the generic code every operation declares); ``message`` (with ``params``)
    replaces the generic text where the mock can say what is missing (the admin API's bundles)."""
    return ApiError(404, "not.found", message, params, entity_id=entity_id, hint=hint)


def error_response(error: ApiError) -> Response:
    """Serialise an ``ApiError``; the correlation id comes from the request being answered."""
    correlation_id = getattr(g, "correlation_id", None) or "unknown"
    response = jsonify(error.body(correlation_id))
    response.status_code = error.status
    for name, value in error.headers.items():
        response.headers[name] = value
    if error.rule:
        g.mock_rule = error.rule
    if error.hint:
        response.headers["X-Mock-Hint"] = header_text(error.hint)
    return response


def header_text(text: str) -> str:
    """``text`` as a header value: a hint may quote what the client sent (a path id with a CR, non-Latin-1
    letters), which a header cannot carry, so anything outside printable ASCII becomes a backslash escape."""
    return "".join(c if " " <= c <= "~" else c.encode("unicode_escape").decode("ascii") for c in text)


# Werkzeug HTTP exceptions that can reach the handlers, mapped to Genesys codes.
_HTTP_CODES = {
    400: "bad.request",
    401: "authentication.required",
    403: "not.authorized",
    404: "not.found",
    405: "method.not.allowed",
    408: "client.timeout",
    413: "request.entity.too.large",
    415: "unsupported.media.type",
    429: "too.many.requests.retry.after",
    503: "service.unavailable",
}


def _from_http_exception(exc: HTTPException) -> ApiError:
    from mockserver.core import hints

    status = exc.code or 500
    code = _HTTP_CODES.get(status, "internal.server.error" if status >= 500 else "bad.request")
    headers: dict[str, str] = {}
    params: dict[str, Any] = {}
    hint = hints.for_route(request.method, request.path) if status in (404, 405) else None
    if status == 405:
        return _method_not_served(exc, hint)
    if status == 413:
        params["maxBytes"] = request.max_content_length
    return ApiError(status, code, params=params, headers=headers, hint=hint)


def _method_not_served(exc: HTTPException, hint: str | None) -> ApiError:
    """A method the resource does not serve.

    On a Platform API route this is 404 ``not.found``, as the real API answers: every operation declares 404 and no
    405, and no ``method.not.allowed`` code appears in any vendor material (facts §2.2, SW25). ``Allow`` (RFC 9110
    lets any response carry it) and a hint still say which methods the path has. The mock's own routes
    (``/__mock/…``) keep the plain HTTP 405.
    """
    served = allowed_methods(request.path)
    valid = served or getattr(exc, "valid_methods", None)
    headers = {"Allow": ", ".join(sorted(valid))} if valid else {}
    if served is None:
        return ApiError(405, "method.not.allowed", params={"method": request.method}, headers=headers, hint=hint)
    methods = ", ".join(method for method in sorted(served) if method != "HEAD")
    hint = hint or f"{request.method} is not an operation of {request.path}; it serves {methods}"
    return ApiError(404, "not.found", headers=headers, hint=hint)


def state_unavailable(exc: Exception) -> ApiError:
    """The state backend is unreachable (Redis down) or a transaction kept conflicting: 503, try again in a second.
    Nothing was half-applied (mockserver/state/redis.py), so a client's retry is safe."""
    correlation_id = getattr(g, "correlation_id", "unknown")
    log.warning(
        "state backend unavailable on %s %s [correlation id %s]: %s", request.method, request.path, correlation_id, exc
    )
    return ApiError(503, "service.unavailable", headers={"Retry-After": "1"})


def register_error_handlers(app: Flask) -> None:
    """Route every failure through ``error_response`` so no HTML page ever leaves."""

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return error_response(error)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        return error_response(_from_http_exception(exc))

    @app.errorhandler(StateUnavailable)
    @app.errorhandler(StateConflict)
    def _state_error(exc: Exception) -> Response:
        return error_response(state_unavailable(exc))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        correlation_id = getattr(g, "correlation_id", "unknown")
        log.exception("internal error on %s %s [correlation id %s]", request.method, request.path, correlation_id)
        return error_response(ApiError(500, "internal.server.error"))
