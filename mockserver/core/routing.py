"""The operations table as routes: which row a method and path name, and which methods a path serves.

Kept apart from the binding (mockserver/core/binding.py) so that the error handlers (core/errors.py), which answer a
405 with the path's methods, depend on the table and not on the binding, which depends on them.
"""

from __future__ import annotations

import functools
import re

from flask import request

from contracts.generic import all_operations, operation_by_id
from contracts.operations import Operation


def _template_pattern(path: str) -> re.Pattern[str]:
    return re.compile(
        "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"({\w+})", path)) + "/?"
    )


@functools.lru_cache(maxsize=1)
def _templates() -> dict[str, tuple[re.Pattern[str], int]]:
    """Every row's path template (deep and generic), compiled on the first 404/405 rather than at import."""
    return {op.path: (_template_pattern(op.path), len(re.sub(r"{\w+}", "", op.path))) for op in all_operations()}


@functools.lru_cache(maxsize=1)
def _route_patterns() -> dict[str, re.Pattern[str]]:
    """Every row's template with named groups for its path parameters (generic dispatch)."""
    return {
        template: re.compile(
            "".join(
                f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part)
                for part in re.split(r"({\w+})", template)
            )
            + "/?"
        )
        for template in _templates()
    }


def _best_template(path: str) -> str | None:
    """The most concrete template matching ``path`` (OpenAPI path matching), None when no row's path does."""
    matches = [(literal, template) for template, (pattern, literal) in _templates().items() if pattern.fullmatch(path)]
    return max(matches)[1] if matches else None


def resolve_route(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The row serving ``method path`` and its path parameters, by the table's own templates.

    Generic rows are mostly served through one catch-all rule (mockserver/generic/blueprint.py) rather than one
    Werkzeug rule each, which would cost time per rule in every app the process builds (docs/performance.md); this
    finds their row.
    """
    template = _best_template(path)
    if template is None:
        return None
    wanted = "GET" if method == "HEAD" else method
    for op in _rows_by_template().get(template, ()):
        if op.method == wanted:
            match = _route_patterns()[template].fullmatch(path)
            assert match is not None
            return op, match.groupdict()
    return None


@functools.lru_cache(maxsize=1)
def _rows_by_template() -> dict[str, tuple[Operation, ...]]:
    rows: dict[str, list[Operation]] = {}
    for op in all_operations():
        rows.setdefault(op.path, []).append(op)
    return {template: tuple(ops) for template, ops in rows.items()}


def allowed_methods(path: str) -> list[str] | None:
    """The methods of the resource ``path`` names, for a 405's ``Allow``; None outside the operations table.

    Templates overlap (``…/contacts/bulk`` also matches ``…/contacts/{contactId}``); as OpenAPI path matching
    says, the most concrete template names the resource, so its methods are the ones to list.
    """
    best = _best_template(path)
    if best is None:
        return None
    methods = {op.method for op in _rows_by_template()[best]}
    return sorted(methods | ({"HEAD"} if "GET" in methods else set()))


def operation_for_endpoint(endpoint: str | None) -> Operation | None:
    """The table row behind a matched Flask endpoint (``blueprint.operationId``)."""
    if not endpoint:
        return None
    name = endpoint.rpartition(".")[2]
    if name == DISPATCH_ENDPOINT:
        found = resolve_route(request.method, request.path)
        return found[0] if found is not None and found[0].generic else None
    return operation_by_id(name)


DISPATCH_ENDPOINT = "dispatch"
"""The endpoint of the generic catch-all rule (mockserver/generic/blueprint.py): its row is found by path."""
