"""``X-Mock-Hint``: when a request makes a known tutorial mistake, the real error gets a pointer to the fix.

Areas register hints for routes that do not exist (e.g. the seed's ``…/contactlists/{id}/upload``) and for
properties that do not exist on a resource (e.g. ``columns`` on ``ContactList``). The body stays exactly what the
real API answers; only the header is added.
"""

from __future__ import annotations

import re

_route_hints: list[tuple[str, re.Pattern[str], str]] = []
_property_hints: dict[tuple[str, str], str] = {}


def route_hint(method: str, path_pattern: str, hint: str) -> None:
    """Hint for ``method`` on paths fully matching ``path_pattern`` (a regular expression)."""
    _route_hints.append((method.upper(), re.compile(path_pattern), hint))


def property_hint(model_name: str, property_name: str, hint: str) -> None:
    """Hint for an unknown ``property_name`` sent to a ``model_name`` body."""
    _property_hints[(model_name, property_name)] = hint


def for_route(method: str, path: str) -> str | None:
    for hint_method, pattern, hint in _route_hints:
        if hint_method == method.upper() and pattern.fullmatch(path):
            return hint
    return None


def for_property(model_name: str, property_name: str) -> str | None:
    return _property_hints.get((model_name, property_name))
