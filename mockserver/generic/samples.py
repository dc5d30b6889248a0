"""Valid sample requests for generic rows: the smallest body the mock accepts (required writable fields only).

Used by the generic tests and open to other suites (the SDK suite over every operation): ``sample_body(op)`` is
deterministic, so a failing case reproduces.
"""

from __future__ import annotations

from typing import Any, Mapping

from contracts.operations import Operation
from contracts.vendor import vendor_models

_MAX_DEPTH = 6


def sample_value(schema: Mapping[str, Any], depth: int = 0) -> Any:
    """The smallest value of a derived vendor schema a request model accepts."""
    ref = schema.get("ref")
    if isinstance(ref, str):
        if ref not in vendor_models():
            return {}
        return sample_model(ref, depth + 1) if depth < _MAX_DEPTH else {}
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        return {"date-time": "2024-01-01T00:00:00.000Z", "date": "2024-01-01"}.get(schema.get("format", ""), "sample")
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    return {}


def sample_model(name: str, depth: int = 0) -> dict[str, Any]:
    """Required, writable properties of a vendor model (as mockserver/generic/validation.py requires them)."""
    return {
        key: sample_value(entry["schema"], depth)
        for key, entry in vendor_models()[name]["properties"].items()
        if entry.get("required") and not entry.get("readOnly") and key != "id"
    }


def sample_body(op: Operation) -> Any:
    """A body for ``op`` (None when it takes none); an array body holds one item."""
    schema = op.vendor_request
    if schema is None:
        return None
    if schema.get("type") == "array":
        return [sample_value(schema.get("items", {}))]
    return sample_value(schema)
