"""A strict second reading of what the SDK deserialised: does the raw JSON fit the SDK's models exactly?

The SDK's own deserialiser is lenient on purpose: a JSON key its model does not know is dropped silently, a string
where a number belongs is kept as a string, and an unknown enum value becomes ``"outdated_sdk_version"``. "The SDK
raised nothing" therefore proves little. This module walks the raw response next to the SDK model's
``swagger_types``/``attribute_map`` and reports each of those silent losses, so a misspelt field name or an invented
enum value in a mock response fails a test instead of vanishing inside the SDK.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import PureCloudPlatformClientV2 as sdk
from dateutil.parser import isoparse

OUTDATED = "outdated_sdk_version"  # what the SDK's enum setters store for a value they do not know
_LIST = re.compile(r"^list\[(.*)\]$")
_DICT = re.compile(r"^dict\(([^,]*), (.*)\)$")
_PRIMITIVES: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}


def audit(raw: Any, sdk_type: str, path: str = "$") -> list[str]:
    """Every place where ``raw`` (parsed JSON) does not fit the SDK type named ``sdk_type``; empty when it fits."""
    if raw is None:
        return []
    if match := _LIST.match(sdk_type):
        if not isinstance(raw, list):
            return [f"{path}: {sdk_type} expected, got {type(raw).__name__}"]
        return [problem for i, item in enumerate(raw) for problem in audit(item, match.group(1), f"{path}[{i}]")]
    if match := _DICT.match(sdk_type):
        if not isinstance(raw, dict):
            return [f"{path}: {sdk_type} expected, got {type(raw).__name__}"]
        return [problem for key, value in raw.items() for problem in audit(value, match.group(2), f"{path}.{key}")]
    if sdk_type == "object":
        return []
    if sdk_type in _PRIMITIVES:
        wrong_bool = isinstance(raw, bool) and sdk_type != "bool"  # bool is an int in Python, not in JSON
        if wrong_bool or not isinstance(raw, _PRIMITIVES[sdk_type]):
            return [f"{path}: {sdk_type} expected, got {raw!r}"]
        return []
    if sdk_type in ("datetime", "date", "LocalDateTime"):
        return _audit_time(raw, sdk_type, path)
    return _audit_model(raw, sdk_type, path)


def _audit_time(raw: Any, sdk_type: str, path: str) -> list[str]:
    if not isinstance(raw, str):
        return [f"{path}: {sdk_type} string expected, got {raw!r}"]
    try:
        isoparse(raw)  # the parser the SDK itself tries first
    except ValueError:
        return [f"{path}: not an ISO-8601 {sdk_type}: {raw!r}"]
    return []


def _audit_model(raw: Any, sdk_type: str, path: str) -> list[str]:
    model_class = getattr(sdk.models, sdk_type, None) or getattr(sdk, sdk_type)
    if not isinstance(raw, dict):
        return [f"{path}: {sdk_type} object expected, got {type(raw).__name__}"]
    instance = model_class()
    by_json_name = {json_name: attr for attr, json_name in instance.attribute_map.items()}
    problems: list[str] = []
    for key, value in raw.items():
        attr = by_json_name.get(key)
        if attr is None:
            problems.append(f"{path}.{key}: {sdk_type} has no such field (the SDK drops it)")
            continue
        attr_type = instance.swagger_types[attr]
        problems += audit(value, attr_type, f"{path}.{key}")
        if attr_type == "str" and isinstance(value, str):
            setattr(instance, attr, value)  # enum setters map an unknown value to the marker
            if getattr(instance, attr) == OUTDATED and value != OUTDATED:
                problems.append(f"{path}.{key}: {value!r} is not one of {sdk_type}.{attr}'s enum values")
    return problems


def outdated_values(value: Any, path: str = "$") -> list[str]:
    """Paths inside a deserialised SDK object that hold the unknown-enum marker (lists of enums included)."""
    if isinstance(value, str):
        return [path] if value == OUTDATED else []
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in outdated_values(item, f"{path}[{i}]")]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in outdated_values(item, f"{path}.{key}")]
    if isinstance(value, (datetime, date, int, float, bool)) or value is None:
        return []
    if hasattr(value, "swagger_types"):
        return [p for attr in value.swagger_types for p in outdated_values(getattr(value, attr), f"{path}.{attr}")]
    return []
