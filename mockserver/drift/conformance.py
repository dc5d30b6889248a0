"""Response-schema conformance: does an answer match what contracts/openapi.json declares for it?

A 2xx body is validated against the operation's declared response schema, an error against ``ErrorBody`` (every
error of the API is one, facts §2). Routes the document does not have (a tutorial's wrong route) still owe an
``ErrorBody``. The document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12; ``$ref``s resolve against the
document's ``components``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from contracts.openapi import load_document

_PARAM = re.compile(r"\\\{[^/]+?\\\}")


class Conformance:
    """Checks answers against one OpenAPI document."""

    def __init__(self, document: dict[str, Any] | None = None) -> None:
        self.document = document or load_document()
        self._routes = [
            (re.compile("^" + _PARAM.sub("[^/]+", re.escape(path)) + "$"), path) for path in self.document["paths"]
        ]
        # Literal segments win over parameters (…/contacts/bulk before …/contacts/{contactId}).
        self._routes.sort(key=lambda route: route[1].count("{"))

    def operation(self, method: str, path: str) -> dict[str, Any] | None:
        for pattern, template in self._routes:
            if pattern.match(path):
                return self.document["paths"][template].get(method.lower())
        return None

    def check(self, method: str, path: str, status: int, content_type: str, body: Any) -> str:
        """``ok``, ``n/a`` (nothing to validate) or the first violation, worded for a report."""
        operation = self.operation(method, path)
        schema: dict[str, Any] | None
        if status >= 400:
            schema = {"$ref": "#/components/schemas/ErrorBody"}
        elif operation is None:
            return "n/a"
        else:
            declared = operation.get("responses", {}).get(str(status))
            if declared is None:
                return f"status {status} not declared"
            content = declared.get("content") or {}
            media = content.get("application/json")
            if media is None:
                return "n/a"
            schema = media.get("schema")
        if schema is None:
            return "n/a"
        if body is None:
            return "not JSON" if "json" not in content_type else "empty body"
        error = best_match(self._validator(json.dumps(schema, sort_keys=True)).iter_errors(body))
        return "ok" if error is None else f"{'/'.join(map(str, error.absolute_path)) or 'body'}: {error.message}"[:200]

    @lru_cache(maxsize=256)  # one Conformance per run: the cache goes with it
    def _validator(self, schema_key: str) -> Draft202012Validator:
        return Draft202012Validator({**json.loads(schema_key), "components": self.document["components"]})
