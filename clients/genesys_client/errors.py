"""The one exception the client raises for an API answer it cannot turn into a result.

The Platform API answers every error with a flat ``ErrorBody`` (facts §2.1) and every response carries an
``ININ-Correlation-Id`` (equal to ``contextId``); the login host has its own ``{error, error_description}`` shape
(facts §1.3). Both become a :class:`GenesysApiError`, so a caller catches one type and a bug report gets one line
with everything Genesys support (or the mock's rule catalogue) needs: status, code, message, offending fields,
correlation id, and the mock's ``X-Mock-Rule`` when the mock answered.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from clients.genesys_client.parsing import parse
from contracts.common import Detail, ErrorBody

CORRELATION_HEADER = "ININ-Correlation-Id"
RULE_HEADER = "X-Mock-Rule"
HINT_HEADER = "X-Mock-Hint"


class GenesysApiError(Exception):
    """An error answer of the API or the login host, with the ``ErrorBody`` fields as attributes."""

    def __init__(
        self,
        status: int,
        code: str | None,
        message: str | None,
        *,
        message_params: dict[str, str] | None = None,
        message_with_params: str | None = None,
        details: list[Detail] | None = None,
        errors: list[ErrorBody] | None = None,
        context_id: str | None = None,
        correlation_id: str | None = None,
        rule: str | None = None,
        hint: str | None = None,
        method: str | None = None,
        url: str | None = None,
        retry_after: str | None = None,
        body: Any = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.message_params = message_params or {}
        self.message_with_params = message_with_params
        self.details = details or []
        self.errors = errors or []
        self.context_id = context_id
        self.correlation_id = correlation_id or context_id
        self.rule = rule
        self.hint = hint
        self.method = method
        self.url = url
        self.retry_after = retry_after
        self.body = body
        super().__init__(self.summary())

    @property
    def field_names(self) -> list[str]:
        """Names of the offending fields from ``details`` (e.g. ``phoneColumns[0].columnName``)."""
        return [d.field_name for d in self.details if d.field_name]

    def summary(self) -> str:
        """One line: ``400 invalid.property: <message> [fields: columns] (POST /api/v2/...; correlation ...)``."""
        head = f"{self.status} {self.code or 'error'}: {self.message or '(no message)'}"
        if self.field_names:
            head += f" [fields: {', '.join(self.field_names)}]"
        where = []
        if self.method and self.url:
            where.append(f"{self.method} {_path_of(self.url)}")
        if self.correlation_id:
            where.append(f"correlation {self.correlation_id}")
        if self.rule:
            where.append(f"rule {self.rule}")
        if self.retry_after:
            where.append(f"retry after {self.retry_after} s")
        return head + (f" ({'; '.join(where)})" if where else "")

    def __str__(self) -> str:
        return self.summary()

    @classmethod
    def from_response(cls, response: httpx.Response) -> GenesysApiError:
        """Build the error from any non-success response: ErrorBody, login-host shape, or something else."""
        request = response.request
        common: dict[str, Any] = {
            "correlation_id": response.headers.get(CORRELATION_HEADER),
            "rule": response.headers.get(RULE_HEADER),
            "hint": response.headers.get(HINT_HEADER),
            "method": request.method if request else None,
            "url": str(request.url) if request else None,
            "retry_after": response.headers.get("Retry-After"),
        }
        data = _json_or_none(response)
        if isinstance(data, dict) and "error" in data and "code" not in data:  # the login host (facts §1.3)
            message = data.get("error_description") or data.get("description")
            return cls(response.status_code, str(data["error"]), message, body=data, **common)
        if isinstance(data, dict):
            try:
                body = parse(ErrorBody, data)
            except ValueError:
                body = ErrorBody(message=str(data)[:500])
            return cls(
                response.status_code,
                body.code,
                body.message,
                message_params=body.message_params,
                message_with_params=body.message_with_params,
                details=body.details,
                errors=body.errors,
                context_id=body.context_id,
                body=data,
                **{**common, "correlation_id": common["correlation_id"] or body.context_id},
            )
        text = response.text.strip().replace("\n", " ")[:300] if response.content else ""
        return cls(response.status_code, None, text or response.reason_phrase, body=text, **common)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _path_of(url: str) -> str:
    parsed = httpx.URL(url)
    return parsed.raw_path.decode("ascii", "replace").split("?", 1)[0]
