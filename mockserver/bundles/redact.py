"""A second, independent redaction pass over everything that goes into a bundle.

The journal already redacts what it records; a bundle leaves the machine (attached to an issue), so it does not
rely on that alone. Text patterns rather than parsing: they also catch secrets in truncated or malformed bodies.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

SECRET_FIELDS = ("client_secret", "password", "access_token", "refresh_token")
MASK = "***"
_FIELDS = "|".join(SECRET_FIELDS)
_JSON_FIELD = re.compile(rf'("(?:{_FIELDS})"\s*:\s*)"(?:[^"\\]|\\.)*"?', re.IGNORECASE)
_FORM_FIELD = re.compile(rf"((?:^|[&?])(?:{_FIELDS})=)[^&\s]*", re.IGNORECASE)
_SECRET_HEADER = re.compile(r"secret|token|password|cookie|api-key", re.IGNORECASE)


def redact_text(text: str | None) -> str | None:
    """``text`` with the values of secret JSON properties and form fields replaced by ``***``."""
    if not text:
        return text
    return _FORM_FIELD.sub(rf"\1{MASK}", _JSON_FIELD.sub(rf'\1"{MASK}"', text))


def redact_headers(headers: Mapping[str, Any] | None) -> dict[str, Any]:
    """Authorization keeps its scheme (``Bearer ***``) because the scheme is part of many mistakes."""
    cleaned: dict[str, Any] = {}
    for name, value in (headers or {}).items():
        if name.lower() in ("authorization", "proxy-authorization"):
            scheme = str(value).split(" ", 1)[0] if " " in str(value) else ""
            cleaned[name] = f"{scheme} {MASK}".strip()
        elif _SECRET_HEADER.search(name):
            cleaned[name] = MASK
        else:
            cleaned[name] = value
    return cleaned


def redact_exchange(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A journal entry with headers, bodies and the query string redacted again."""
    exchange = dict(entry)
    exchange["query"] = redact_text(entry.get("query"))
    for side in ("request", "response"):
        if entry.get(side) is None:  # a dropped connection has no response
            continue
        part = dict(entry[side])
        part["headers"] = redact_headers(part.get("headers"))
        part["body"] = redact_text(part.get("body"))
        exchange[side] = part
    return exchange
