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


def for_properties(model_name: str, property_names: list[str]) -> str | None:
    """One hint for every unknown property of a body that has one, the most important first.

    The error names the first unknown property the way the real API does (seed 000: ``description``), which is
    rarely the one that matters; areas register their hints most important first (``columns`` before
    ``description``), and that order decides here, so the hint leads with the fix that makes the request work.
    """
    wanted = set(property_names)
    found = [(name, hint) for (model, name), hint in _property_hints.items() if model == model_name and name in wanted]
    if len(found) <= 1:
        return found[0][1] if found else None
    return "; ".join(f"{name}: {hint}" for name, hint in found)
